import type { Decider } from '../../../../shared/ddd';
import { AlreadyExistsError, NotFoundError, ValidationError } from '../../../../shared/errors';
import { HANDLE_PATTERN } from '../account/account.decide';
import type { WorkspaceCommand } from './workspace.commands';
import { BUILT_IN_WORKSPACE_ROLE_NAMES, type WorkspaceEvent } from './workspace.events';
import { evolveWorkspace, initialWorkspaceState, type WorkspaceState } from './workspace.state';

export function decideWorkspace(command: WorkspaceCommand, state: WorkspaceState): WorkspaceEvent[] {
  switch (command.type) {
    case 'CreateWorkspace': {
      const c = command.data;
      if (state.status === 'active') {
        if (state.handle === c.handle && state.accountId === c.accountId) return [];
        throw new AlreadyExistsError(`workspace ${c.workspaceId} already exists`);
      }
      if (c.name.trim() === '') throw new ValidationError('a workspace needs a name');
      if (!HANDLE_PATTERN.test(c.handle)) throw new ValidationError(`invalid workspace handle: ${c.handle}`);
      const created: WorkspaceEvent = {
        type: 'WorkspaceCreated',
        data: { workspaceId: c.workspaceId, accountId: c.accountId, name: c.name, handle: c.handle, description: c.description, createdAt: c.now },
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
      if (state.status !== 'active') throw new NotFoundError('workspace not found');
      const c = command.data;
      const builtIn = (BUILT_IN_WORKSPACE_ROLE_NAMES as readonly string[]).includes(c.role);
      if (!builtIn && c.customRoleAccountId !== state.accountId) throw new ValidationError(`unknown workspace role: ${c.role}`);
      if (state.access.get(c.actorId) === c.role) return [];
      return [
        {
          type: 'WorkspaceAccessGranted',
          data: { workspaceId: state.workspaceId, accountId: state.accountId, actorType: c.actorType, actorId: c.actorId, role: c.role, grantedAt: c.now },
        },
      ];
    }
    case 'RevokeWorkspaceAccess': {
      if (state.status !== 'active') throw new NotFoundError('workspace not found');
      const c = command.data;
      // Revoking access nobody holds decides nothing (a retried revoke is harmless); the API answers 404 itself.
      if (!state.access.has(c.actorId)) return [];
      return [{ type: 'WorkspaceAccessRevoked', data: { workspaceId: state.workspaceId, accountId: state.accountId, actorId: c.actorId, revokedAt: c.now } }];
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
