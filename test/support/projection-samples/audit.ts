import type { SampleEvent } from './sample-event';

/** Sample events with the real shapes, for the projections spec: the audit projection makes an entry of each. */
export const auditSamples: SampleEvent[] = [
  ['account-a1', 'AccountMemberAdded', { accountId: 'a1', userId: 'u4', role: 'member', addedAt: '2026-11-27T12:00:00.000Z' }],
  ['serviceAccount-b1', 'ServiceAccountKeyRotated', { botId: 'b1', accountId: 'a1', apiKeyId: 'k4', oldApiKeyId: 'k3', oldKeyExpiresAt: null, rotatedAt: '2026-11-27T12:00:00.000Z' }],
  ['session-s9', 'SessionRevoked', { sessionId: 's9', userId: 'u1', reason: 'signed_out', revokedAt: '2026-11-27T12:00:00.000Z' }],
];
