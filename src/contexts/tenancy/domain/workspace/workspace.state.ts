import type { WorkspaceEvent, WorkspaceRole } from './workspace.events';

export type WorkspaceState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'active';
      readonly workspaceId: string;
      readonly accountId: string;
      readonly handle: string;
      /** actor id → role */
      readonly access: ReadonlyMap<string, WorkspaceRole>;
    };

export const initialWorkspaceState = (): WorkspaceState => ({ status: 'absent' });

export function evolveWorkspace(state: WorkspaceState, event: WorkspaceEvent): WorkspaceState {
  switch (event.type) {
    case 'WorkspaceCreated':
      return { status: 'active', workspaceId: event.data.workspaceId, accountId: event.data.accountId, handle: event.data.handle, access: new Map() };
    case 'WorkspaceAccessGranted':
      if (state.status !== 'active') return state;
      return { ...state, access: new Map(state.access).set(event.data.actorId, event.data.role) };
    case 'WorkspaceAccessRevoked': {
      if (state.status !== 'active') return state;
      const access = new Map(state.access);
      access.delete(event.data.actorId);
      return { ...state, access };
    }
    default: {
      const never: never = event;
      return never;
    }
  }
}
