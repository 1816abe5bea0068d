import { Injectable } from '@nestjs/common';
import type { Principal } from '../../../../shared/application';

/**
 * Called by the authorizer for every account and workspace check, once the caller's account role is known.
 * In an account that enforces SSO, a session that did not come through the account's SSO is refused (403)
 * unless the account role holds bypass:sso (Owners).
 */
@Injectable()
export class SsoEnforcement {
  async check(_principal: Principal, _accountId: string, _accountRole: string | undefined): Promise<void> {
    // Filled in with the account's SSO enforcement setting (issue 5, SSO core).
  }
}
