import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

/** sso: controllers and use cases. Imported by IdentityAccessModule. */
@Module({
  imports: [CqrsModule],
})
export class SsoModule {}
