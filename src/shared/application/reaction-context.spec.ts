import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RecordedEvent } from '../ddd';
import { eventMetadata } from './event-metadata';
import { reactionContext } from './reaction-context';

describe('reactionContext', () => {
  it("acts as the event's actor (no API key), continues its correlation, and names the event as the cause", () => {
    const actor = { type: 'user' as const, id: '11111111-1111-4111-8111-111111111111', name: 'ada' };
    const request = { requestId: 'req-1', correlationId: 'corr-1', causationId: null, clientIp: '10.0.0.1', userAgent: 'curl' };
    const metadata = eventMetadata({ actor, apiKeyId: 'key-1' }, { kind: 'account', accountId: 'a' }, request, new Date('2025-01-01T00:00:00Z'));
    const event: RecordedEvent = { id: 'event-1', type: 'X', data: {}, metadata, stream: 's-1', revision: 0, position: 7, recordedAt: '2025-01-01T00:00:00Z' };
    const { principal, request: reaction } = reactionContext(event);
    assert.deepEqual(principal, { actor, apiKeyId: null });
    assert.deepEqual(reaction, { requestId: null, correlationId: 'corr-1', causationId: 'event-1', clientIp: null, userAgent: null });
  });
});
