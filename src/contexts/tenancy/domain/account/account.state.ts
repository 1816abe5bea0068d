import type { AccountEvent, AccountRole } from './account.events';

export type AccountState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'active';
      readonly accountId: string;
      readonly handle: string;
      readonly members: ReadonlyMap<string, AccountRole>;
      /** handle → workspace id */
      readonly workspaceHandles: ReadonlyMap<string, string>;
    };

export const initialAccountState = (): AccountState => ({ status: 'absent' });

export function evolveAccount(state: AccountState, event: AccountEvent): AccountState {
  switch (event.type) {
    case 'AccountCreated':
      return { status: 'active', accountId: event.data.accountId, handle: event.data.handle, members: new Map(), workspaceHandles: new Map() };
    case 'AccountMemberAdded':
      if (state.status !== 'active') return state;
      return { ...state, members: new Map(state.members).set(event.data.userId, event.data.role) };
    case 'AccountWorkspaceHandleReserved':
      if (state.status !== 'active') return state;
      return { ...state, workspaceHandles: new Map(state.workspaceHandles).set(event.data.handle, event.data.workspaceId) };
    default: {
      const never: never = event;
      return never;
    }
  }
}
