import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { SSO_SIGN_IN } from './application/sso/sso-sign-in';
import { SsoSignInService } from './application/sso/sso-sign-in.service';
import { SessionsModule } from './sessions.module';

/**
 * sso: the last step of every OIDC and SAML sign-in (SSO_SIGN_IN), used by the protocol modules.
 * ACCOUNT_SECURITY comes from tenancy's global SsoAccountModule. Imported by IdentityAccessModule.
 */
@Module({
  imports: [CqrsModule, SessionsModule],
  providers: [SsoSignInService, { provide: SSO_SIGN_IN, useExisting: SsoSignInService }],
  exports: [SSO_SIGN_IN],
})
export class SsoModule {}
