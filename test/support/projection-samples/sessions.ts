import type { SampleEvent } from './sample-event';

const h = (c: string) => c.repeat(64);

/** Sample events with the real shapes, for the projections spec (every projection must build a document from them). */
export const sessionsSamples: SampleEvent[] = [
  ['user-u1', 'UserProfileUpdated', { userId: 'u1', changes: { handle: 'ada-l', imageLocation: 'https://example.com/ada.png' }, updatedAt: '2026-11-27T11:00:00.000000Z' }],
  ['user-u1', 'UserPasswordSet', { userId: 'u1', passwordHash: 'scrypt$131072$8$1$c2FsdA==$aGFzaA==', setAt: '2026-11-27T11:00:00.000000Z' }],
  [
    'session-s1',
    'SessionStarted',
    {
      sessionId: 's1',
      userId: 'u1',
      method: 'password',
      accountId: null,
      accessTokenHash: h('a'),
      accessExpiresAt: '2026-11-27T11:15:00.000000Z',
      refreshTokenHash: h('b'),
      expiresAt: '2026-12-11T11:00:00.000000Z',
      startedAt: '2026-11-27T11:00:00.000000Z',
    },
  ],
  [
    'session-s1',
    'SessionRefreshed',
    {
      sessionId: 's1',
      userId: 'u1',
      previousRefreshTokenHash: h('b'),
      accessTokenHash: h('c'),
      accessExpiresAt: '2026-11-27T11:25:00.000000Z',
      refreshTokenHash: h('d'),
      refreshedAt: '2026-11-27T11:10:00.000000Z',
    },
  ],
  ['session-s1', 'SessionRevoked', { sessionId: 's1', userId: 'u1', reason: 'signed_out', revokedAt: '2026-11-27T11:20:00.000000Z' }],
];
