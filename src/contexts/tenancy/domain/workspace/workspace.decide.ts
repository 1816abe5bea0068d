import type { Decider } from '../../../../shared/ddd';
import { AlreadyExistsError, NotFoundError, ValidationError } from '../../../../shared/errors';
import { HANDLE_PATTERN } from '../account/account.decide';
import type { WorkspaceCommand } from './workspace.commands';
import { BUILT_IN_WORKSPACE_ROLE_NAMES, type WorkspaceChanges, type WorkspaceEvent, type WorkspaceRole } from './workspace.events';
import { evolveWorkspace, initialWorkspaceState, type WorkspaceState } from './workspace.state';

type ActiveWorkspace = Extract<WorkspaceState, { status: 'active' }>;

/** A deleted workspace answers like one that never existed. */
function active(state: WorkspaceState): ActiveWorkspace {
  if (state.status !== 'active') throw new NotFoundError('workspace not found');
  return state;
}

/** A role is a built-in role's name or a custom role of the workspace's own account. */
function assertRole(role: WorkspaceRole, customRoleAccountId: string | undefined, accountId: string): void {
  const builtIn = (BUILT_IN_WORKSPACE_ROLE_NAMES as readonly string[]).includes(role);
  if (!builtIn && customRoleAccountId !== accountId) throw new ValidationError(`unknown workspace role: ${role}`);
}

function assertName(name: unknown): void {
  if (typeof name !== 'string' || name.trim() === '') throw new ValidationError('a workspace needs a name');
}

function assertHandle(handle: unknown): void {
  if (typeof handle !== 'string' || !HANDLE_PATTERN.test(handle)) throw new ValidationError(`invalid workspace handle: ${String(handle)}`);
}

function changed(state: ActiveWorkspace, changes: WorkspaceChanges, customRoleAccountId: string | undefined): WorkspaceChanges {
  const out: { -readonly [K in keyof WorkspaceChanges]: WorkspaceChanges[K] } = {};
  if (changes.name !== undefined) {
    assertName(changes.name);
    if (changes.name !== state.name) out.name = changes.name;
  }
  if (changes.handle !== undefined) {
    assertHandle(changes.handle);
    if (changes.handle !== state.handle) out.handle = changes.handle;
  }
  if (changes.description !== undefined) {
    if (changes.description !== null && typeof changes.description !== 'string') throw new ValidationError('description must be a string or null');
    if (changes.description !== state.description) out.description = changes.description;
  }
  if (changes.defaultWorkspaceRole !== undefined) {
    if (changes.defaultWorkspaceRole !== null) assertRole(changes.defaultWorkspaceRole, customRoleAccountId, state.accountId);
    if (changes.defaultWorkspaceRole !== state.defaultWorkspaceRole) out.defaultWorkspaceRole = changes.defaultWorkspaceRole;
  }
  if (changes.isPublic !== undefined) {
    if (typeof changes.isPublic !== 'boolean') throw new ValidationError('is_public must be a boolean');
    if (changes.isPublic !== state.isPublic) out.isPublic = changes.isPublic;
  }
  return out;
}

export function decideWorkspace(command: WorkspaceCommand, state: WorkspaceState): WorkspaceEvent[] {
  switch (command.type) {
    case 'CreateWorkspace': {
      const c = command.data;
      if (state.status === 'active') {
        if (state.handle === c.handle && state.accountId === c.accountId) return [];
        throw new AlreadyExistsError(`workspace ${c.workspaceId} already exists`);
      }
      if (state.status === 'deleted') throw new AlreadyExistsError(`workspace ${c.workspaceId} existed and was deleted`);
      assertName(c.name);
      assertHandle(c.handle);
      const defaultWorkspaceRole = c.defaultWorkspaceRole ?? null;
      if (defaultWorkspaceRole !== null) assertRole(defaultWorkspaceRole, c.customRoleAccountId, c.accountId);
      const created: WorkspaceEvent = {
        type: 'WorkspaceCreated',
        data: {
          workspaceId: c.workspaceId,
          accountId: c.accountId,
          name: c.name,
          handle: c.handle,
          description: c.description,
          defaultWorkspaceRole,
          isPublic: c.isPublic ?? false,
          createdAt: c.now,
        },
      };
      if (c.owner === null) return [created];
      return [
        created,
        {
          type: 'WorkspaceAccessGranted',
          data: { workspaceId: c.workspaceId, accountId: c.accountId, actorType: c.owner.actorType, actorId: c.owner.actorId, role: 'owner', grantedAt: c.now },
        },
      ];
    }
    case 'GrantWorkspaceAccess': {
      const s = active(state);
      const c = command.data;
      assertRole(c.role, c.customRoleAccountId, s.accountId);
      if (s.access.get(c.actorId) === c.role) return [];
      return [
        {
          type: 'WorkspaceAccessGranted',
          data: { workspaceId: s.workspaceId, accountId: s.accountId, actorType: c.actorType, actorId: c.actorId, role: c.role, grantedAt: c.now },
        },
      ];
    }
    case 'RevokeWorkspaceAccess': {
      const s = active(state);
      const c = command.data;
      // Revoking access nobody holds decides nothing (a retried revoke is harmless); the API answers 404 itself.
      if (!s.access.has(c.actorId)) return [];
      return [{ type: 'WorkspaceAccessRevoked', data: { workspaceId: s.workspaceId, accountId: s.accountId, actorId: c.actorId, revokedAt: c.now } }];
    }
    case 'UpdateWorkspace': {
      const s = active(state);
      const changes = changed(s, command.data.changes, command.data.customRoleAccountId);
      if (Object.keys(changes).length === 0) return [];
      const previousHandle = changes.handle !== undefined ? { previousHandle: s.handle } : {};
      return [{ type: 'WorkspaceUpdated', data: { workspaceId: s.workspaceId, accountId: s.accountId, changes, ...previousHandle, updatedAt: command.data.now } }];
    }
    case 'DeleteWorkspace': {
      if (state.status === 'deleted') return [];
      const s = active(state);
      return [{ type: 'WorkspaceDeleted', data: { workspaceId: s.workspaceId, accountId: s.accountId, handle: s.handle, deletedAt: command.data.now } }];
    }
    default: {
      const never: never = command;
      return never;
    }
  }
}

export const workspaceDecider: Decider<WorkspaceState, WorkspaceCommand, WorkspaceEvent> = {
  initialState: initialWorkspaceState,
  evolve: evolveWorkspace,
  decide: decideWorkspace,
};
