import type { SessionMethod, SessionRevocationReason } from './session.commands';
import type { SessionEvent } from './session.events';

export type SessionState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'active';
      readonly sessionId: string;
      readonly userId: string;
      readonly method: SessionMethod;
      readonly accessTokenHash: string;
      readonly refreshTokenHash: string;
      /** Refresh tokens already used up (reuse detection). */
      readonly usedRefreshTokenHashes: readonly string[];
      readonly expiresAt: string;
    }
  | { readonly status: 'revoked'; readonly sessionId: string; readonly userId: string; readonly reason: SessionRevocationReason };

export const initialSessionState = (): SessionState => ({ status: 'absent' });

export function evolveSession(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case 'SessionStarted': {
      const d = event.data;
      return {
        status: 'active',
        sessionId: d.sessionId,
        userId: d.userId,
        method: d.method,
        accessTokenHash: d.accessTokenHash,
        refreshTokenHash: d.refreshTokenHash,
        usedRefreshTokenHashes: [],
        expiresAt: d.expiresAt,
      };
    }
    case 'SessionRefreshed':
      return state.status === 'active'
        ? {
            ...state,
            accessTokenHash: event.data.accessTokenHash,
            refreshTokenHash: event.data.refreshTokenHash,
            usedRefreshTokenHashes: [...state.usedRefreshTokenHashes, event.data.previousRefreshTokenHash],
          }
        : state;
    case 'SessionRevoked':
      return state.status === 'absent' ? state : { status: 'revoked', sessionId: state.sessionId, userId: state.userId, reason: event.data.reason };
    default: {
      const never: never = event;
      return never;
    }
  }
}
