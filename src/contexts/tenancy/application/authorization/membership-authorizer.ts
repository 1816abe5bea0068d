import { Inject, Injectable } from '@nestjs/common';
import type { Authorizer, Principal, Scope } from '../../../../shared/application';
import { builtInRole, roleGrants, WORKSPACE_ROLES, type WorkspaceRoleDoc } from '../../../identity-access';
import { AUTOMATIONS } from '../../../automations';
import { accountRoleHolds } from './account-permissions';
import { SsoEnforcement } from './sso-enforcement';
import { ForbiddenError, NotFoundError } from '../../../../shared/errors';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { ACCOUNT_MEMBERSHIPS, membershipId, WORKSPACES, WORKSPACE_ACCESS, workspaceAccessId, type AccountMembershipDoc, type WorkspaceAccessDoc, type WorkspaceDoc } from '../../read-models';

/** Permissions that only the installation itself (the system actor) holds. */
const INSTALLATION_ONLY = new Set(['create:user']);

/**
 * Membership and built-in roles decide. In a workspace, the actor's workspace role must grant the
 * route's scope (prefect-cloud.md §B); account owners and admins are implicit workspace owners.
 * No access at all → NotFoundError (a stranger must not learn that the scope exists); access
 * without the scope → ForbiddenError. A workspace role is a built-in role or a custom role of the
 * account (resolved on every check). An account member (a user) without explicit access to a
 * workspace of the account holds the workspace's default role, when one is set; explicit access
 * wins. A deleted workspace is absent (404) for everyone. In an account, the account role must hold the permission
 * string (prefect-cloud.md §B.2, see account-permissions.ts).
 */
@Injectable()
export class MembershipAuthorizer implements Authorizer {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly ssoEnforcement: SsoEnforcement,
  ) {}

  async authorize(principal: Principal, permission: string, scope: Scope): Promise<void> {
    if (principal.actor.type === 'system') return;
    // The automations engine acts as the automation: it may act only in the workspace the automation belongs to
    // (no request authenticates as an automation; the engine builds this principal from a stored automation).
    if (principal.actor.type === 'automation') return this.authorizeAutomation(principal.actor.id, scope);
    const actorId = principal.actor.id;
    switch (scope.kind) {
      case 'installation':
        if (INSTALLATION_ONLY.has(permission)) throw new ForbiddenError(`${permission} is reserved to the installation`, permission);
        return;
      case 'user':
        if (scope.userId !== actorId) throw new NotFoundError('User not found');
        return;
      case 'account': {
        const role = await this.accountRole(scope.accountId, actorId);
        if (!role) throw new NotFoundError('Account not found');
        await this.ssoEnforcement.check(principal, scope.accountId, role);
        if (!accountRoleHolds(role, permission)) throw new ForbiddenError(`The ${role} account role does not have the ${permission} permission`, permission);
        return;
      }
      case 'workspace': {
        const role = await this.accountRole(scope.accountId, actorId);
        if (role) await this.ssoEnforcement.check(principal, scope.accountId, role);
        // Account owners and admins are implicit owners of every workspace of the account.
        if ((role === 'owner' || role === 'admin') && (await this.workspaceInAccount(scope))) return;
        // A deleted workspace (no document) is absent for everyone, whatever access documents remain.
        const ws = await this.readStore.get<WorkspaceDoc>(WORKSPACES, scope.workspaceId);
        if (!ws || ws._account !== scope.accountId) throw new NotFoundError('Workspace not found');
        const access = await this.readStore.get<WorkspaceAccessDoc>(WORKSPACE_ACCESS, workspaceAccessId(scope.workspaceId, actorId));
        // Explicit access wins; otherwise a user who is a member of the account holds the workspace's default role.
        const granted = access && access.account_id === scope.accountId ? access.workspace_role_name : undefined;
        const workspaceRole = granted ?? (role !== undefined && principal.actor.type === 'user' ? (ws.default_workspace_role ?? undefined) : undefined);
        if (workspaceRole === undefined) throw new NotFoundError('Workspace not found');
        const custom = await this.customRole(workspaceRole, scope.accountId);
        if (!roleGrants(workspaceRole, permission, custom)) {
          const name = custom?.name ?? workspaceRole;
          throw new ForbiddenError(`The ${name} role does not have the ${permission} scope in this workspace`, permission);
        }
        return;
      }
      default: {
        const never: never = scope;
        return never;
      }
    }
  }

  private async authorizeAutomation(automationId: string, scope: Scope): Promise<void> {
    const automation = await this.readStore.get(AUTOMATIONS, automationId);
    const inScope = automation !== undefined && (scope.kind === 'workspace' ? automation._workspace === scope.workspaceId && automation._account === scope.accountId : false);
    if (!inScope) throw new NotFoundError('Workspace not found');
  }

  private async accountRole(accountId: string, actorId: string): Promise<string | undefined> {
    return (await this.readStore.get<AccountMembershipDoc>(ACCOUNT_MEMBERSHIPS, membershipId(accountId, actorId)))?.account_role_name;
  }

  /**
   * The current definition of a custom role, read on every check (no cache), so an edit takes effect
   * on the next request. Undefined for a built-in role, a deleted role or another account's role.
   */
  private async customRole(role: string, accountId: string): Promise<WorkspaceRoleDoc | undefined> {
    if (builtInRole(role)) return undefined;
    const doc = await this.readStore.get<WorkspaceRoleDoc>(WORKSPACE_ROLES, role);
    return doc?._account === accountId ? doc : undefined;
  }

  private async workspaceInAccount(scope: { accountId: string; workspaceId: string }): Promise<boolean> {
    const ws = await this.readStore.get(WORKSPACES, scope.workspaceId);
    return ws?._account === scope.accountId;
  }
}
