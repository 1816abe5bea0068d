import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { sessionDecider } from './session.decide';
import type { SessionEvent } from './session.events';

const spec = deciderSpec(sessionDecider);
const h = (c: string) => c.repeat(64);
const now = '2026-11-27T10:00:00.000000Z';
const later = '2026-11-27T10:10:00.000000Z';
const accessEnd = '2026-11-27T10:15:00.000000Z';
const end = '2026-11-27T11:00:00.000000Z';
const afterEnd = '2026-11-27T11:00:00.000001Z';

const start = (over: object = {}) => ({
  type: 'StartSession' as const,
  data: { sessionId: 's1', userId: 'u1', method: 'password' as const, accountId: null, accessTokenHash: h('a'), accessExpiresAt: accessEnd, refreshTokenHash: h('b'), expiresAt: end, now, ...over },
});
const started: SessionEvent = {
  type: 'SessionStarted',
  data: { sessionId: 's1', userId: 'u1', method: 'password', accountId: null, accessTokenHash: h('a'), accessExpiresAt: accessEnd, refreshTokenHash: h('b'), expiresAt: end, startedAt: now },
};
const refresh = (presented: string, access: string, next: string, at = later, accessExpiresAt = '2026-11-27T10:25:00.000000Z') => ({
  type: 'RefreshSession' as const,
  data: { sessionId: 's1', presentedRefreshTokenHash: presented, accessTokenHash: access, accessExpiresAt, refreshTokenHash: next, now: at },
});
const refreshed: SessionEvent = {
  type: 'SessionRefreshed',
  data: { sessionId: 's1', userId: 'u1', previousRefreshTokenHash: h('b'), accessTokenHash: h('c'), accessExpiresAt: '2026-11-27T10:25:00.000000Z', refreshTokenHash: h('d'), refreshedAt: later },
};
const revoked = (reason: 'signed_out' | 'password_changed' | 'refresh_token_reused', at = later): SessionEvent => ({
  type: 'SessionRevoked',
  data: { sessionId: 's1', userId: 'u1', reason, revokedAt: at },
});

describe('session decider: start', () => {
  it('starts a session with the token hashes and its absolute end', () => spec.given([]).when(start()).then([started]));
  it('an access token never outlives its session', () =>
    spec.given([]).when(start({ accessExpiresAt: '2026-11-28T00:00:00.000000Z' })).then([{ ...started, data: { ...started.data, accessExpiresAt: end } } as SessionEvent]));
  it('the same start again decides nothing; another one under the id is refused', () => {
    spec.given([started]).when(start()).thenNothing();
    spec.given([started]).when(start({ accessTokenHash: h('e') })).thenThrows('ALREADY_EXISTS');
  });
  it('refuses tokens that are not SHA-256 hashes, equal tokens, and ends not in the future', () => {
    spec.given([]).when(start({ accessTokenHash: 'pns_plain-token' })).thenThrows('VALIDATION_FAILED');
    spec.given([]).when(start({ refreshTokenHash: h('a') })).thenThrows('VALIDATION_FAILED');
    spec.given([]).when(start({ expiresAt: now })).thenThrows('VALIDATION_FAILED');
    spec.given([]).when(start({ accessExpiresAt: now })).thenThrows('VALIDATION_FAILED');
  });
});

describe('session decider: refresh (rotation)', () => {
  it('the current refresh token is spent and a new pair issued; the end does not move', () =>
    spec.given([started]).when(refresh(h('b'), h('c'), h('d'))).then([refreshed]));
  it('the new access token is cut at the session end', () =>
    spec.given([started]).when(refresh(h('b'), h('c'), h('d'), later, '2026-11-27T12:00:00.000000Z')).then([
      { ...refreshed, data: { ...refreshed.data, accessExpiresAt: end } } as SessionEvent,
    ]));
  it('a spent refresh token presented again revokes the whole session', () =>
    spec.given([started, refreshed]).when(refresh(h('b'), h('e'), h('f'))).then([revoked('refresh_token_reused')]));
  it('the very same rotation again (a retried request) decides nothing', () =>
    spec.given([started, refreshed]).when(refresh(h('b'), h('c'), h('d'))).thenNothing());
  it('an unknown token, an ended or revoked session, or no session at all is unauthenticated', () => {
    spec.given([started]).when(refresh(h('9'), h('c'), h('d'))).thenThrows('UNAUTHENTICATED');
    spec.given([started]).when(refresh(h('b'), h('c'), h('d'), afterEnd)).thenThrows('UNAUTHENTICATED');
    spec.given([started, revoked('signed_out')]).when(refresh(h('b'), h('c'), h('d'))).thenThrows('UNAUTHENTICATED');
    spec.given([]).when(refresh(h('b'), h('c'), h('d'))).thenThrows('UNAUTHENTICATED');
  });
  it('refuses a "new" pair that reuses the presented token or repeats itself', () => {
    spec.given([started]).when(refresh(h('b'), h('c'), h('b'))).thenThrows('VALIDATION_FAILED');
    spec.given([started]).when(refresh(h('b'), h('c'), h('c'))).thenThrows('VALIDATION_FAILED');
    spec.given([started]).when(refresh(h('b'), 'plain', h('d'))).thenThrows('VALIDATION_FAILED');
  });
});

describe('session decider: revoke', () => {
  it('revokes with the reason', () => {
    spec.given([started]).when({ type: 'RevokeSession', data: { sessionId: 's1', reason: 'signed_out', now: later } }).then([revoked('signed_out')]);
    spec.given([started, refreshed]).when({ type: 'RevokeSession', data: { sessionId: 's1', reason: 'password_changed', now: later } }).then([revoked('password_changed')]);
  });
  it('revoking again decides nothing; an unknown session is not found', () => {
    spec.given([started, revoked('signed_out')]).when({ type: 'RevokeSession', data: { sessionId: 's1', reason: 'password_changed', now: later } }).thenNothing();
    spec.given([]).when({ type: 'RevokeSession', data: { sessionId: 's1', reason: 'signed_out', now: later } }).thenThrows('NOT_FOUND');
  });
});
