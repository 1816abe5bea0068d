import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../../../../shared/application';
import { ForbiddenError, NotFoundError } from '../../../../shared/errors';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { presentUser, USERS, type UserDoc, type UserView } from '../../../identity-access';
import { ACCOUNTS, ACCOUNT_MEMBERSHIPS, WORKSPACES, WORKSPACE_ACCESS, type AccountDoc, type AccountMembershipDoc, type WorkspaceAccessDoc, type WorkspaceDoc } from '../../read-models';

/** The Cloud `GET /me/workspaces` item (reference/prefect-api.md §1.7). */
export interface MyWorkspace {
  account_id: string;
  account_name: string;
  account_handle: string;
  workspace_id: string;
  workspace_name: string;
  /** The client requires a string here (an absent description is ''). */
  workspace_description: string;
  workspace_handle: string;
}

export interface MyAccount {
  account_id: string;
  account_name: string;
  account_handle: string;
  account_role_name: string;
}

/** The caller's own view: who am I, which accounts and workspaces can I reach. */
@Injectable()
export class MeQueries {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async me(principal: Principal): Promise<UserView> {
    if (principal.actor.type !== 'user') throw new ForbiddenError('Only users have a profile; this key belongs to a service account');
    const user = await this.readStore.get<UserDoc>(USERS, principal.actor.id);
    if (!user) throw new NotFoundError('User not found');
    return presentUser(user);
  }

  async accounts(principal: Principal): Promise<MyAccount[]> {
    const memberships = await this.readStore.find<AccountMembershipDoc>(ACCOUNT_MEMBERSHIPS, { user_id: principal.actor.id });
    const accounts = await this.readStore.getMany<AccountDoc>(ACCOUNTS, memberships.map((m) => m.account_id));
    const byId = new Map(accounts.map((a) => [a._id, a]));
    return memberships
      .filter((m) => byId.has(m.account_id))
      .map((m) => {
        const a = byId.get(m.account_id)!;
        return { account_id: a._id, account_name: a.name, account_handle: a.handle, account_role_name: m.account_role_name };
      })
      .sort((x, y) => x.account_handle.localeCompare(y.account_handle));
  }

  async workspaces(principal: Principal): Promise<MyWorkspace[]> {
    const actorId = principal.actor.id;
    const direct = await this.readStore.find<WorkspaceAccessDoc>(WORKSPACE_ACCESS, { actor_id: actorId });
    const memberships = await this.readStore.find<AccountMembershipDoc>(ACCOUNT_MEMBERSHIPS, { user_id: actorId });
    const adminOf = memberships.filter((m) => m.account_role_name === 'owner' || m.account_role_name === 'admin').map((m) => m.account_id);
    const viaAccount = adminOf.length > 0 ? await this.readStore.find<WorkspaceDoc>(WORKSPACES, { _account: { $in: adminOf } }) : [];
    // A user member of an account reaches every workspace of it that has a default role (see the authorizer).
    const memberOf = principal.actor.type === 'user' ? memberships.map((m) => m.account_id) : [];
    const viaDefault = memberOf.length > 0 ? await this.readStore.find<WorkspaceDoc>(WORKSPACES, { _account: { $in: memberOf }, default_workspace_role: { $ne: null } }) : [];
    const ids = [...new Set([...direct.map((d) => d.workspace_id), ...viaAccount.map((w) => w._id), ...viaDefault.map((w) => w._id)])];
    const workspaces = await this.readStore.getMany<WorkspaceDoc>(WORKSPACES, ids);
    const accounts = new Map((await this.readStore.getMany<AccountDoc>(ACCOUNTS, [...new Set(workspaces.map((w) => w.account_id))])).map((a) => [a._id, a]));
    return workspaces
      .filter((w) => accounts.has(w.account_id))
      .map((w) => {
        const a = accounts.get(w.account_id)!;
        return {
          account_id: a._id,
          account_name: a.name,
          account_handle: a.handle,
          workspace_id: w._id,
          workspace_name: w.name,
          workspace_description: w.description ?? '',
          workspace_handle: w.handle,
        };
      })
      .sort((x, y) => `${x.account_handle}/${x.workspace_handle}`.localeCompare(`${y.account_handle}/${y.workspace_handle}`));
  }
}
