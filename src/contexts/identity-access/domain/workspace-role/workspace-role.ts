import type { Decider } from '../../../../shared/ddd';
import { AlreadyExistsError, ConflictError, NotFoundError, ValidationError } from '../../../../shared/errors';
import { BUILT_IN_ROLE_IDS, builtInRole, expandScopes, unknownScopes, WORKSPACE_SCOPES } from '../roles/workspace-roles';

/**
 * The custom workspace roles of one account, on one stream per account (`workspaceRoles-<accountId>`) so names stay unique
 * (Prefect Cloud §1.4, §1.8). A role may inherit a built-in role; it grants that role's scopes as
 * they are at check time plus its own. Scopes are stored expanded (`manage_x` brings `see_x`), as
 * Cloud returns them.
 */
export interface WorkspaceRoleDefinition {
  readonly roleId: string;
  readonly name: string;
  readonly description: string;
  readonly scopes: readonly string[];
  /** A built-in role's fixed id, or null. */
  readonly inheritedRoleId: string | null;
}

export type WorkspaceRoleCommand =
  | { readonly type: 'CreateWorkspaceRole'; readonly data: WorkspaceRoleDefinition & { readonly accountId: string; readonly now: string } }
  | {
      readonly type: 'UpdateWorkspaceRole';
      readonly data: {
        readonly roleId: string;
        readonly accountId: string;
        readonly name?: string;
        readonly description?: string;
        readonly scopes?: readonly string[];
        readonly inheritedRoleId?: string | null;
        readonly now: string;
      };
    }
  | { readonly type: 'DeleteWorkspaceRole'; readonly data: { readonly roleId: string; readonly accountId: string; readonly inUse: boolean; readonly now: string } };

export type WorkspaceRoleEvent =
  | { readonly type: 'WorkspaceRoleCreated'; readonly data: WorkspaceRoleDefinition & { readonly accountId: string; readonly createdAt: string } }
  | { readonly type: 'WorkspaceRoleUpdated'; readonly data: WorkspaceRoleDefinition & { readonly accountId: string; readonly updatedAt: string } }
  | { readonly type: 'WorkspaceRoleDeleted'; readonly data: { readonly roleId: string; readonly accountId: string; readonly deletedAt: string } };

export interface WorkspaceRolesState {
  readonly roles: ReadonlyMap<string, WorkspaceRoleDefinition>;
}

export const initialWorkspaceRolesState = (): WorkspaceRolesState => ({ roles: new Map() });

export function evolveWorkspaceRoles(state: WorkspaceRolesState, event: WorkspaceRoleEvent): WorkspaceRolesState {
  switch (event.type) {
    case 'WorkspaceRoleCreated':
    case 'WorkspaceRoleUpdated': {
      const { roleId, name, description, scopes, inheritedRoleId } = event.data;
      return { roles: new Map(state.roles).set(roleId, { roleId, name, description, scopes, inheritedRoleId }) };
    }
    case 'WorkspaceRoleDeleted': {
      const roles = new Map(state.roles);
      roles.delete(event.data.roleId);
      return { roles };
    }
    default: {
      const never: never = event;
      return never;
    }
  }
}

const ORDER = new Map<string, number>(WORKSPACE_SCOPES.map((s, i) => [s, i]));

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new ValidationError('a workspace role needs a name');
  if (builtInRole(trimmed)) throw new AlreadyExistsError(`${trimmed} is the name of a built-in role`);
  return trimmed;
}

function checkScopes(scopes: readonly string[]): string[] {
  const unknown = unknownScopes(scopes);
  if (unknown.length > 0) throw new ValidationError(`unknown workspace scopes: ${unknown.join(', ')}`, { unknown_scopes: unknown });
  return [...expandScopes(scopes)].sort((a, b) => ORDER.get(a)! - ORDER.get(b)!);
}

function checkInherited(ref: string | null): string | null {
  if (ref === null) return null;
  const role = builtInRole(ref);
  if (!role) throw new ValidationError(`a custom role can inherit only a built-in role: ${ref}`);
  return BUILT_IN_ROLE_IDS[role];
}

function nameTaken(state: WorkspaceRolesState, name: string, except: string): boolean {
  for (const r of state.roles.values()) if (r.roleId !== except && r.name.toLowerCase() === name.toLowerCase()) return true;
  return false;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function decideWorkspaceRoles(command: WorkspaceRoleCommand, state: WorkspaceRolesState): WorkspaceRoleEvent[] {
  switch (command.type) {
    case 'CreateWorkspaceRole': {
      const c = command.data;
      const name = checkName(c.name);
      const scopes = checkScopes(c.scopes);
      const inheritedRoleId = checkInherited(c.inheritedRoleId);
      const existing = state.roles.get(c.roleId);
      if (existing) {
        if (existing.name === name && existing.description === c.description && same(existing.scopes, scopes) && existing.inheritedRoleId === inheritedRoleId) return [];
        throw new AlreadyExistsError(`workspace role ${c.roleId} already exists`);
      }
      if (nameTaken(state, name, c.roleId)) throw new AlreadyExistsError(`a workspace role named ${name} already exists in this account`);
      return [{ type: 'WorkspaceRoleCreated', data: { roleId: c.roleId, accountId: c.accountId, name, description: c.description, scopes, inheritedRoleId, createdAt: c.now } }];
    }
    case 'UpdateWorkspaceRole': {
      const c = command.data;
      const current = state.roles.get(c.roleId);
      if (!current) throw new NotFoundError('Workspace role not found');
      const next: WorkspaceRoleDefinition = {
        roleId: c.roleId,
        name: c.name === undefined ? current.name : checkName(c.name),
        description: c.description ?? current.description,
        scopes: c.scopes === undefined ? current.scopes : checkScopes(c.scopes),
        inheritedRoleId: c.inheritedRoleId === undefined ? current.inheritedRoleId : checkInherited(c.inheritedRoleId),
      };
      if (next.name === current.name && next.description === current.description && same(next.scopes, current.scopes) && next.inheritedRoleId === current.inheritedRoleId) return [];
      if (nameTaken(state, next.name, c.roleId)) throw new AlreadyExistsError(`a workspace role named ${next.name} already exists in this account`);
      return [{ type: 'WorkspaceRoleUpdated', data: { ...next, accountId: c.accountId, updatedAt: c.now } }];
    }
    case 'DeleteWorkspaceRole': {
      const c = command.data;
      if (!state.roles.has(c.roleId)) throw new NotFoundError('Workspace role not found');
      if (c.inUse) throw new ConflictError('This workspace role is still granted to members; change their role first');
      return [{ type: 'WorkspaceRoleDeleted', data: { roleId: c.roleId, accountId: c.accountId, deletedAt: c.now } }];
    }
    default: {
      const never: never = command;
      return never;
    }
  }
}

export const workspaceRolesDecider: Decider<WorkspaceRolesState, WorkspaceRoleCommand, WorkspaceRoleEvent> = {
  initialState: initialWorkspaceRolesState,
  evolve: evolveWorkspaceRoles,
  decide: decideWorkspaceRoles,
};
