import type { WorkspaceEvent, WorkspaceRole } from './workspace.events';

export type WorkspaceState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'active';
      readonly workspaceId: string;
      readonly accountId: string;
      readonly name: string;
      readonly handle: string;
      readonly description: string | null;
      readonly defaultWorkspaceRole: WorkspaceRole | null;
      readonly isPublic: boolean;
      /** actor id → role */
      readonly access: ReadonlyMap<string, WorkspaceRole>;
    }
  | { readonly status: 'deleted'; readonly workspaceId: string; readonly accountId: string; readonly handle: string };

export const initialWorkspaceState = (): WorkspaceState => ({ status: 'absent' });

export function evolveWorkspace(state: WorkspaceState, event: WorkspaceEvent): WorkspaceState {
  switch (event.type) {
    case 'WorkspaceCreated': {
      const d = event.data;
      return {
        status: 'active',
        workspaceId: d.workspaceId,
        accountId: d.accountId,
        name: d.name,
        handle: d.handle,
        description: d.description,
        defaultWorkspaceRole: d.defaultWorkspaceRole ?? null,
        isPublic: d.isPublic ?? false,
        access: new Map(),
      };
    }
    case 'WorkspaceAccessGranted':
      if (state.status !== 'active') return state;
      return { ...state, access: new Map(state.access).set(event.data.actorId, event.data.role) };
    case 'WorkspaceAccessRevoked': {
      if (state.status !== 'active') return state;
      const access = new Map(state.access);
      access.delete(event.data.actorId);
      return { ...state, access };
    }
    case 'WorkspaceUpdated': {
      if (state.status !== 'active') return state;
      const c = event.data.changes;
      return {
        ...state,
        name: c.name ?? state.name,
        handle: c.handle ?? state.handle,
        description: c.description !== undefined ? c.description : state.description,
        defaultWorkspaceRole: c.defaultWorkspaceRole !== undefined ? c.defaultWorkspaceRole : state.defaultWorkspaceRole,
        isPublic: c.isPublic ?? state.isPublic,
      };
    }
    case 'WorkspaceDeleted':
      return { status: 'deleted', workspaceId: event.data.workspaceId, accountId: event.data.accountId, handle: event.data.handle };
    default: {
      const never: never = event;
      return never;
    }
  }
}
