import type { ApiKeyEvent, ApiKeyOwner } from './api-key.events';

export type ApiKeyState =
  | { readonly status: 'absent' }
  | { readonly status: 'active'; readonly keyId: string; readonly owner: ApiKeyOwner; readonly keyHash: string; readonly expiresAt: string | null }
  | { readonly status: 'revoked'; readonly keyId: string; readonly owner: ApiKeyOwner };

export const initialApiKeyState = (): ApiKeyState => ({ status: 'absent' });

export function evolveApiKey(state: ApiKeyState, event: ApiKeyEvent): ApiKeyState {
  switch (event.type) {
    case 'ApiKeyCreated':
      return { status: 'active', keyId: event.data.keyId, owner: event.data.owner, keyHash: event.data.keyHash, expiresAt: event.data.expiresAt };
    case 'ApiKeyRevoked':
      return state.status === 'absent' ? state : { status: 'revoked', keyId: state.keyId, owner: state.owner };
    case 'ApiKeyExpirationShortened':
      return state.status === 'active' ? { ...state, expiresAt: event.data.expiresAt } : state;
    default: {
      const never: never = event;
      return never;
    }
  }
}
