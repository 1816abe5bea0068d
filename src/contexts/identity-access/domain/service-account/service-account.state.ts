import type { ServiceAccountEvent } from './service-account.events';

export type ServiceAccountState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'active';
      readonly botId: string;
      readonly accountId: string;
      readonly name: string;
      readonly apiKeyId: string;
      /** Every key the bot ever had, current one included (deleting the bot revokes them all). */
      readonly apiKeyIds: readonly string[];
    }
  | { readonly status: 'deleted'; readonly botId: string; readonly accountId: string };

export const initialServiceAccountState = (): ServiceAccountState => ({ status: 'absent' });

export function evolveServiceAccount(state: ServiceAccountState, event: ServiceAccountEvent): ServiceAccountState {
  switch (event.type) {
    case 'ServiceAccountCreated': {
      const d = event.data;
      return { status: 'active', botId: d.botId, accountId: d.accountId, name: d.name, apiKeyId: d.apiKeyId, apiKeyIds: [d.apiKeyId] };
    }
    case 'ServiceAccountRenamed':
      return state.status === 'active' ? { ...state, name: event.data.name } : state;
    case 'ServiceAccountKeyRotated':
      return state.status === 'active' ? { ...state, apiKeyId: event.data.apiKeyId, apiKeyIds: [...state.apiKeyIds, event.data.apiKeyId] } : state;
    case 'ServiceAccountDeleted':
      return { status: 'deleted', botId: event.data.botId, accountId: event.data.accountId };
    case 'ServiceAccountNameClaimed':
    case 'ServiceAccountNameReleased':
      return state;
    default: {
      const never: never = event;
      return never;
    }
  }
}

/** Who holds a name in an account (the name stream's state). */
export type ServiceAccountNameState = { readonly holder: string | null };

export const initialServiceAccountNameState = (): ServiceAccountNameState => ({ holder: null });

export function evolveServiceAccountName(state: ServiceAccountNameState, event: ServiceAccountEvent): ServiceAccountNameState {
  switch (event.type) {
    case 'ServiceAccountNameClaimed':
      return { holder: event.data.botId };
    case 'ServiceAccountNameReleased':
      return state.holder === event.data.botId ? { holder: null } : state;
    default:
      return state;
  }
}
