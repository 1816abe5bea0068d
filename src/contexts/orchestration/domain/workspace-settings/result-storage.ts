import type { Decider } from '../../../../shared/ddd';

/**
 * The workspace's default result storage (`/admin/storage`): the block document the client stores
 * flow results in when a flow names none.
 */
export type ResultStorageEvent =
  | { readonly type: 'DefaultResultStorageSet'; readonly data: { readonly workspaceId: string; readonly blockDocumentId: string; readonly at: string } }
  | { readonly type: 'DefaultResultStorageCleared'; readonly data: { readonly workspaceId: string; readonly at: string } };

export type ResultStorageCommand =
  | { readonly type: 'SetDefaultResultStorage'; readonly data: { readonly workspaceId: string; readonly blockDocumentId: string; readonly now: string } }
  | { readonly type: 'ClearDefaultResultStorage'; readonly data: { readonly workspaceId: string; readonly now: string } };

export type ResultStorageState = { readonly blockDocumentId: string | null };

export const resultStorageDecider: Decider<ResultStorageState, ResultStorageCommand, ResultStorageEvent> = {
  initialState: () => ({ blockDocumentId: null }),
  evolve(_state, event) {
    switch (event.type) {
      case 'DefaultResultStorageSet':
        return { blockDocumentId: event.data.blockDocumentId };
      case 'DefaultResultStorageCleared':
        return { blockDocumentId: null };
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'SetDefaultResultStorage': {
        const c = command.data;
        if (state.blockDocumentId === c.blockDocumentId) return [];
        return [{ type: 'DefaultResultStorageSet', data: { workspaceId: c.workspaceId, blockDocumentId: c.blockDocumentId, at: c.now } }];
      }
      case 'ClearDefaultResultStorage':
        if (state.blockDocumentId === null) return [];
        return [{ type: 'DefaultResultStorageCleared', data: { workspaceId: command.data.workspaceId, at: command.data.now } }];
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};
