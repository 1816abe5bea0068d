import { Inject, Injectable } from '@nestjs/common';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { CommandRunner, nameBasedUuid, type Principal, type RequestContext } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { NotFoundError } from '../../../../shared/errors';
import { USERS, type UserDoc } from '../../../identity-access';
import { accountDecider } from '../../domain/account/account.decide';
import type { AccountRole } from '../../domain/account/account.events';
import { workspaceDecider } from '../../domain/workspace/workspace.decide';
import { ACCOUNT_MEMBERSHIPS, membershipId, WORKSPACE_ACCESS, type AccountMembershipDoc, type WorkspaceAccessDoc } from '../../read-models';
import { ACCOUNT_ROLE_IDS, accountRoleView } from './account-roles';

export const MEMBERSHIP_PERMISSIONS = { read: 'read:account_membership', update: 'update:account_membership', delete: 'delete:account_membership' } as const;

/** Prefect Cloud's account membership object. */
export interface AccountMember {
  id: string;
  actor_id: string;
  user_id: string;
  first_name: string | null;
  last_name: string | null;
  handle: string;
  email: string;
  account_role_name: string;
  account_role_id: string;
  last_login: string | null;
}

/** A membership's public id: stable, derived from the account and the actor. */
export const accountMembershipPublicId = (accountId: string, actorId: string) => nameBasedUuid('praetor:account-membership', membershipId(accountId, actorId));

const account = (accountId: string) => ({ kind: 'account' as const, accountId });

/**
 * Account members (`/api/accounts/{a}/account_memberships`). Users only: service accounts are
 * account Members too (bots never hold another account role) but are listed under `/bots`.
 * A member is addressed by its membership id or by its user id.
 */
@Injectable()
export class AccountMembershipUseCases {
  constructor(
    private readonly runner: CommandRunner,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async filter(principal: Principal, accountId: string, page: { limit: number; offset: number }): Promise<AccountMember[]> {
    await this.runner.authorize(principal, MEMBERSHIP_PERMISSIONS.read, account(accountId));
    const members = await this.members(accountId);
    return members.slice(page.offset, page.offset + page.limit);
  }

  async get(principal: Principal, accountId: string, id: string): Promise<AccountMember> {
    await this.runner.authorize(principal, MEMBERSHIP_PERMISSIONS.read, account(accountId));
    return this.resolve(accountId, id);
  }

  async changeRole(principal: Principal, request: RequestContext, accountId: string, id: string, role: AccountRole): Promise<void> {
    await this.runner.authorize(principal, MEMBERSHIP_PERMISSIONS.update, account(accountId));
    const member = await this.resolve(accountId, id);
    const r = await this.runner.runAuthorized({
      principal,
      request,
      scope: account(accountId),
      permission: MEMBERSHIP_PERMISSIONS.update,
      decider: accountDecider,
      stream: streamName('account', accountId),
      command: (now) => ({ type: 'ChangeAccountMemberRole' as const, data: { userId: member.actor_id, role, now } }),
    });
    if (r.position !== undefined) await this.projections.wait(r.position);
  }

  /**
   * Removes the member, then revokes each workspace access it holds in the account, as this
   * principal, so the removal takes effect on the next request. The AccountMemberRemoved reactor
   * repeats the revocation (idempotent) if this process stops in between.
   */
  async remove(principal: Principal, request: RequestContext, accountId: string, id: string): Promise<void> {
    await this.runner.authorize(principal, MEMBERSHIP_PERMISSIONS.delete, account(accountId));
    const member = await this.resolve(accountId, id);
    const r = await this.runner.runAuthorized({
      principal,
      request,
      scope: account(accountId),
      permission: MEMBERSHIP_PERMISSIONS.delete,
      decider: accountDecider,
      stream: streamName('account', accountId),
      command: (now) => ({ type: 'RemoveAccountMember' as const, data: { userId: member.actor_id, now } }),
    });
    if (r.position !== undefined) await this.projections.wait(r.position);
    const revoked = await this.revokeWorkspaceAccess(principal, request, accountId, member.actor_id);
    if (revoked !== undefined) await this.projections.wait(revoked);
  }

  /**
   * Revokes every workspace access `actorId` holds in the account, unless it is a member of the
   * account again (a replayed removal must not undo a later re-invitation). Idempotent.
   */
  async revokeWorkspaceAccess(principal: Principal, request: RequestContext, accountId: string, actorId: string): Promise<number | undefined> {
    if (await this.readStore.get<AccountMembershipDoc>(ACCOUNT_MEMBERSHIPS, membershipId(accountId, actorId))) return undefined;
    const grants = await this.readStore.find<WorkspaceAccessDoc>(WORKSPACE_ACCESS, { actor_id: actorId, account_id: accountId });
    let position: number | undefined;
    for (const grant of grants) {
      try {
        const r = await this.runner.runAuthorized({
          principal,
          request,
          scope: { kind: 'workspace', accountId, workspaceId: grant.workspace_id },
          permission: MEMBERSHIP_PERMISSIONS.delete,
          decider: workspaceDecider,
          stream: streamName('workspace', grant.workspace_id),
          command: (now) => ({ type: 'RevokeWorkspaceAccess' as const, data: { actorId, now } }),
        });
        if (r.position !== undefined) position = Math.max(position ?? 0, r.position);
      } catch (err) {
        // A workspace that is gone holds no access any more: nothing to revoke there.
        if (!(err instanceof NotFoundError)) throw err;
      }
    }
    return position;
  }

  /** The account's user members, by handle. */
  private async members(accountId: string): Promise<AccountMember[]> {
    const memberships = await this.readStore.find<AccountMembershipDoc>(ACCOUNT_MEMBERSHIPS, { _account: accountId });
    const users = new Map((await this.readStore.getMany<UserDoc>(USERS, memberships.map((m) => m.user_id))).map((u) => [u._id, u]));
    return memberships
      .filter((m) => users.has(m.user_id))
      .map((m) => view(m, users.get(m.user_id)!))
      .sort((a, b) => a.handle.localeCompare(b.handle) || a.id.localeCompare(b.id));
  }

  private async resolve(accountId: string, id: string): Promise<AccountMember> {
    const ref = id.toLowerCase();
    const found = (await this.members(accountId)).find((m) => m.id === ref || m.actor_id === ref);
    if (!found) throw new NotFoundError('Account membership not found');
    return found;
  }
}

function view(m: AccountMembershipDoc, user: UserDoc): AccountMember {
  return {
    id: accountMembershipPublicId(m.account_id, m.user_id),
    actor_id: m.user_id,
    user_id: m.user_id,
    first_name: user.first_name,
    last_name: user.last_name,
    handle: user.handle,
    email: user.email,
    account_role_name: accountRoleView(m.account_role_name).name,
    account_role_id: ACCOUNT_ROLE_IDS[m.account_role_name],
    last_login: null,
  };
}
