import type { Decider } from '../../../../shared/ddd';
import { AlreadyExistsError, NotFoundError, UnauthenticatedError, ValidationError } from '../../../../shared/errors';
import type { SessionCommand } from './session.commands';
import type { SessionEvent } from './session.events';
import { evolveSession, initialSessionState, type SessionState } from './session.state';

const SHA256_HEX = /^[0-9a-f]{64}$/;

function tokenHash(value: string): string {
  if (!SHA256_HEX.test(value)) throw new ValidationError('a session token is recorded only as its SHA-256');
  return value;
}

/** An access token never outlives its session. */
const earliest = (a: string, b: string) => (Date.parse(a) <= Date.parse(b) ? a : b);

export function decideSession(command: SessionCommand, state: SessionState): SessionEvent[] {
  switch (command.type) {
    case 'StartSession': {
      const c = command.data;
      if (state.status !== 'absent') {
        if (state.status === 'active' && state.accessTokenHash === c.accessTokenHash && state.refreshTokenHash === c.refreshTokenHash) return [];
        throw new AlreadyExistsError(`session ${c.sessionId} already exists`);
      }
      if (c.accessTokenHash === c.refreshTokenHash) throw new ValidationError('the access and refresh tokens must differ');
      if (Date.parse(c.expiresAt) <= Date.parse(c.now)) throw new ValidationError('a session must end in the future');
      if (Date.parse(c.accessExpiresAt) <= Date.parse(c.now)) throw new ValidationError('an access token must expire in the future');
      return [
        {
          type: 'SessionStarted',
          data: {
            sessionId: c.sessionId,
            userId: c.userId,
            method: c.method,
            accountId: c.accountId,
            accessTokenHash: tokenHash(c.accessTokenHash),
            accessExpiresAt: earliest(c.accessExpiresAt, c.expiresAt),
            refreshTokenHash: tokenHash(c.refreshTokenHash),
            expiresAt: c.expiresAt,
            startedAt: c.now,
          },
        },
      ];
    }
    case 'RefreshSession': {
      const c = command.data;
      if (state.status === 'absent') throw new UnauthenticatedError('Invalid refresh token');
      if (state.status === 'revoked') throw new UnauthenticatedError('The session has ended');
      if (state.usedRefreshTokenHashes.includes(c.presentedRefreshTokenHash)) {
        // The same rotation again (a retried request) changes nothing; any other use of a spent token is a replay.
        if (state.refreshTokenHash === c.refreshTokenHash && state.accessTokenHash === c.accessTokenHash) return [];
        return [{ type: 'SessionRevoked', data: { sessionId: state.sessionId, userId: state.userId, reason: 'refresh_token_reused', revokedAt: c.now } }];
      }
      if (state.refreshTokenHash !== c.presentedRefreshTokenHash) throw new UnauthenticatedError('Invalid refresh token');
      if (Date.parse(state.expiresAt) <= Date.parse(c.now)) throw new UnauthenticatedError('The session has ended');
      if (c.refreshTokenHash === c.presentedRefreshTokenHash || c.accessTokenHash === c.refreshTokenHash) throw new ValidationError('a refresh issues new, distinct tokens');
      return [
        {
          type: 'SessionRefreshed',
          data: {
            sessionId: state.sessionId,
            userId: state.userId,
            previousRefreshTokenHash: state.refreshTokenHash,
            accessTokenHash: tokenHash(c.accessTokenHash),
            accessExpiresAt: earliest(c.accessExpiresAt, state.expiresAt),
            refreshTokenHash: tokenHash(c.refreshTokenHash),
            refreshedAt: c.now,
          },
        },
      ];
    }
    case 'RevokeSession': {
      const c = command.data;
      if (state.status === 'absent') throw new NotFoundError(`Session ${c.sessionId} not found`);
      if (state.status === 'revoked') return [];
      return [{ type: 'SessionRevoked', data: { sessionId: state.sessionId, userId: state.userId, reason: c.reason, revokedAt: c.now } }];
    }
    default: {
      const never: never = command;
      return never;
    }
  }
}

export const sessionDecider: Decider<SessionState, SessionCommand, SessionEvent> = {
  initialState: initialSessionState,
  evolve: evolveSession,
  decide: decideSession,
};
