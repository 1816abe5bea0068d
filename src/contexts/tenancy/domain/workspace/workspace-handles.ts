import type { Decider } from '../../../../shared/ddd';
import { AlreadyExistsError, ValidationError } from '../../../../shared/errors';
import { HANDLE_PATTERN } from '../account/account.decide';

/**
 * The account's workspace handle registry (stream `workspaceHandles-<accountId>`): a handle names at
 * most one workspace of the account. Unlike the account stream's one-way reservation, a handle is
 * released when its workspace is renamed or deleted, so it can be taken again.
 */
export type WorkspaceHandleCommand =
  | { readonly type: 'ReserveWorkspaceHandle'; readonly data: { readonly accountId: string; readonly workspaceId: string; readonly handle: string } }
  /** Releasing a handle the workspace does not hold decides nothing (a reactor may repeat it). */
  | { readonly type: 'ReleaseWorkspaceHandle'; readonly data: { readonly accountId: string; readonly workspaceId: string; readonly handle: string } };

export type WorkspaceHandleEvent =
  | { readonly type: 'WorkspaceHandleReserved'; readonly data: { readonly accountId: string; readonly workspaceId: string; readonly handle: string } }
  | { readonly type: 'WorkspaceHandleReleased'; readonly data: { readonly accountId: string; readonly workspaceId: string; readonly handle: string } };

/** handle → workspace id */
export type WorkspaceHandlesState = ReadonlyMap<string, string>;

export function evolveWorkspaceHandles(state: WorkspaceHandlesState, event: WorkspaceHandleEvent): WorkspaceHandlesState {
  switch (event.type) {
    case 'WorkspaceHandleReserved':
      return new Map(state).set(event.data.handle, event.data.workspaceId);
    case 'WorkspaceHandleReleased': {
      if (state.get(event.data.handle) !== event.data.workspaceId) return state;
      const next = new Map(state);
      next.delete(event.data.handle);
      return next;
    }
    default: {
      const never: never = event;
      return never;
    }
  }
}

export function decideWorkspaceHandles(command: WorkspaceHandleCommand, state: WorkspaceHandlesState): WorkspaceHandleEvent[] {
  switch (command.type) {
    case 'ReserveWorkspaceHandle': {
      const c = command.data;
      if (!HANDLE_PATTERN.test(c.handle)) throw new ValidationError(`invalid workspace handle: ${c.handle}`);
      const holder = state.get(c.handle);
      if (holder === c.workspaceId) return [];
      if (holder !== undefined) throw new AlreadyExistsError(`a workspace with handle "${c.handle}" already exists in this account`);
      return [{ type: 'WorkspaceHandleReserved', data: { ...c } }];
    }
    case 'ReleaseWorkspaceHandle': {
      const c = command.data;
      if (state.get(c.handle) !== c.workspaceId) return [];
      return [{ type: 'WorkspaceHandleReleased', data: { ...c } }];
    }
    default: {
      const never: never = command;
      return never;
    }
  }
}

export const workspaceHandlesDecider: Decider<WorkspaceHandlesState, WorkspaceHandleCommand, WorkspaceHandleEvent> = {
  initialState: () => new Map(),
  evolve: evolveWorkspaceHandles,
  decide: decideWorkspaceHandles,
};
