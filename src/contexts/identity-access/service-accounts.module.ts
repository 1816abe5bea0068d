import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { BotsController } from './api/bots.controller';
import { ServiceAccountUseCases } from './application/service-accounts/service-accounts.use-cases';

/** service-accounts: controllers and use cases. Imported by IdentityAccessModule. */
@Module({
  imports: [CqrsModule],
  controllers: [BotsController],
  providers: [ServiceAccountUseCases],
  exports: [ServiceAccountUseCases],
})
export class ServiceAccountsModule {}
