import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

/** service-accounts: controllers and use cases. Imported by IdentityAccessModule. */
@Module({
  imports: [CqrsModule],
  controllers: [],
  providers: [],
})
export class ServiceAccountsModule {}
