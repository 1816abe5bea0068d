import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ACCOUNT_SECURITY } from '../../shared/application';
import { SsoEnforcement } from './application/authorization/sso-enforcement';
import { AccountSecurityService } from './application/sso-account/account-security.service';
import { DnsTxtLookup } from './application/sso-account/dns-txt-lookup';

/**
 * sso-account: verified domains' DNS lookup, SSO enforcement, and ACCOUNT_SECURITY (the port identity-access's
 * SSO sign-in uses). Global so identity-access can inject ACCOUNT_SECURITY without importing tenancy.
 * Imported by TenancyModule.
 */
@Global()
@Module({
  imports: [CqrsModule],
  providers: [SsoEnforcement, DnsTxtLookup, AccountSecurityService, { provide: ACCOUNT_SECURITY, useExisting: AccountSecurityService }],
  exports: [SsoEnforcement, DnsTxtLookup, ACCOUNT_SECURITY],
})
export class SsoAccountModule {}
