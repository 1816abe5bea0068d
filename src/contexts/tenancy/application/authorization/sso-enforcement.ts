import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import type { Principal } from '../../../../shared/application';
import { ForbiddenError } from '../../../../shared/errors';
import { ENFORCE_SSO } from '../../domain/account/account.decide';
import { ACCOUNTS, type AccountDoc } from '../../read-models';
import { accountRoleHolds } from './account-permissions';

/** 403 FORBIDDEN with `details.reason`, so a client can tell it to sign in through SSO. */
export class SsoRequiredError extends ForbiddenError {
  override readonly details = { reason: 'sso_required' };
  constructor() {
    super('This account requires single sign-on');
  }
}

/**
 * Called by the authorizer for every account and workspace check, once the caller's account role is known.
 * In an account that enforces SSO, a session that did not come through the account's SSO is refused (403)
 * unless the account role holds bypass:sso (Owners).
 *
 * API keys (a principal without `session`) are not affected, as in Prefect Cloud: SSO enforcement governs how
 * people sign in, and keys are issued to users and service accounts that are already members.
 */
@Injectable()
export class SsoEnforcement {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async check(principal: Principal, accountId: string, accountRole: string | undefined): Promise<void> {
    const session = principal.session;
    if (!session) return;
    if (session.method !== 'password' && session.accountId === accountId) return;
    const doc = await this.readStore.get<AccountDoc>(ACCOUNTS, accountId);
    if (doc?.settings?.[ENFORCE_SSO] !== true) return;
    if (accountRole !== undefined && accountRoleHolds(accountRole, 'bypass:sso')) return;
    throw new SsoRequiredError();
  }
}
