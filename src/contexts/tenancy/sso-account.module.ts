import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { SsoEnforcement } from './application/authorization/sso-enforcement';

/** sso-account: controllers and use cases. Imported by TenancyModule. */
@Module({
  imports: [CqrsModule],
  providers: [SsoEnforcement],
  exports: [SsoEnforcement],
})
export class SsoAccountModule {}
