import { Inject, Injectable } from '@nestjs/common';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { CommandRunner, type AccountSecurity, type AccountSecurityPort, type Principal, type RequestContext } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { accountDecider, ENFORCE_SSO } from '../../domain/account/account.decide';
import { ACCOUNTS, type AccountDoc } from '../../read-models';

/** What identity-access's SSO sign-in needs from an account, and just-in-time membership. */
@Injectable()
export class AccountSecurityService implements AccountSecurityPort {
  constructor(
    private readonly runner: CommandRunner,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async get(accountId: string): Promise<AccountSecurity | undefined> {
    const doc = await this.readStore.get<AccountDoc>(ACCOUNTS, accountId);
    if (!doc) return undefined;
    return {
      accountId,
      verifiedDomains: (doc.domains ?? []).filter((d) => d.verified_at).map((d) => d.name),
      ssoEnforced: doc.settings?.[ENFORCE_SSO] === true,
      sessionSeconds: doc.auth_expiration_seconds ?? null,
    };
  }

  /**
   * The IdP vouched for the user and the account verified their email's domain; that is the authorization, so
   * nothing is asked of the authorizer (the user is not a member yet). The event's actor is the user signing in.
   */
  async ensureMember(principal: Principal, request: RequestContext, accountId: string, userId: string): Promise<void> {
    const r = await this.runner.runAuthorized({
      principal,
      request,
      scope: { kind: 'account', accountId },
      permission: 'create:account_membership',
      decider: accountDecider,
      stream: streamName('account', accountId),
      command: (now) => ({ type: 'AddAccountMember' as const, data: { userId, role: 'member' as const, ifAbsent: true, now } }),
    });
    if (r.events.length > 0 && r.position !== undefined) await this.projections.wait(r.position);
  }
}
