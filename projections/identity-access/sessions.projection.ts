import type { Projection, RecordedEvent } from '../../src/shared/ddd';
import { SESSIONS, SESSION_ACCESS_TOKENS, SESSION_REFRESH_TOKENS, type SessionDoc, type SessionEvent, type SessionTokenDoc } from '../../src/contexts/identity-access';

export const sessionsProjection: Projection<SessionDoc> = {
  name: 'sessions',
  version: 1,
  collection: SESSIONS,
  indexes: [{ name: 'sessions_user', fields: [{ field: 'user_id' }] }],
  eventTypes: ['SessionStarted', 'SessionRefreshed', 'SessionRevoked'],
  keys: (e) => [(e.data as SessionEvent['data']).sessionId],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as SessionEvent;
    switch (e.type) {
      case 'SessionStarted':
        return {
          _id: e.data.sessionId,
          user_id: e.data.userId,
          method: e.data.method,
          account_id: e.data.accountId,
          expires_at: e.data.expiresAt,
          started: e.data.startedAt,
          refreshed: null,
          revoked_at: null,
          revoke_reason: null,
        };
      case 'SessionRefreshed':
        return doc && { ...doc, refreshed: e.data.refreshedAt };
      case 'SessionRevoked':
        return doc && { ...doc, revoked_at: doc.revoked_at ?? e.data.revokedAt, revoke_reason: doc.revoke_reason ?? e.data.reason };
      default:
        return doc;
    }
  },
};

/** Access tokens by SHA-256: what the authenticator looks a `pns_` token up by. */
export const sessionAccessTokensProjection: Projection<SessionTokenDoc> = {
  name: 'session_access_tokens',
  version: 1,
  collection: SESSION_ACCESS_TOKENS,
  eventTypes: ['SessionStarted', 'SessionRefreshed'],
  keys: (e) => [(e.data as { accessTokenHash: string }).accessTokenHash],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as SessionEvent;
    switch (e.type) {
      case 'SessionStarted':
        return { _id: e.data.accessTokenHash, session_id: e.data.sessionId, user_id: e.data.userId, expires_at: e.data.accessExpiresAt, issued: e.data.startedAt };
      case 'SessionRefreshed':
        return { _id: e.data.accessTokenHash, session_id: e.data.sessionId, user_id: e.data.userId, expires_at: e.data.accessExpiresAt, issued: e.data.refreshedAt };
      default:
        return doc;
    }
  },
};

/** Refresh tokens by SHA-256, spent ones included (the session's decider tells current from replayed). */
export const sessionRefreshTokensProjection: Projection<SessionTokenDoc> = {
  name: 'session_refresh_tokens',
  version: 1,
  collection: SESSION_REFRESH_TOKENS,
  eventTypes: ['SessionStarted', 'SessionRefreshed'],
  keys: (e) => [(e.data as { refreshTokenHash: string }).refreshTokenHash],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as SessionEvent;
    switch (e.type) {
      case 'SessionStarted':
        return { _id: e.data.refreshTokenHash, session_id: e.data.sessionId, user_id: e.data.userId, expires_at: null, issued: e.data.startedAt };
      case 'SessionRefreshed':
        return { _id: e.data.refreshTokenHash, session_id: e.data.sessionId, user_id: e.data.userId, expires_at: null, issued: e.data.refreshedAt };
      default:
        return doc;
    }
  },
};

export const sessionsProjections: readonly Projection[] = [sessionsProjection, sessionAccessTokensProjection, sessionRefreshTokensProjection] as readonly Projection[];
