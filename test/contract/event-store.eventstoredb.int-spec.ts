import { WrongExpectedVersionError } from '@eventstore/db-client';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  EventStoreDbEventStore,
  fromEsdbPosition,
  mapError,
  toEsdbExpectedRevision,
  toEsdbPosition,
} from '../../src/infrastructure/event-store/eventstoredb-event-store';
import { UnavailableError, ValidationError, WrongExpectedRevisionError } from '../../src/shared/errors';
import { eventStoreContract } from './event-store.contract';

// EventStoreDB cannot run on our machines: the contract runs only where a server is given.
const url = process.env.EVENTSTORE_URL;
if (url) {
  eventStoreContract('eventstoredb', async () => {
    const store = EventStoreDbEventStore.connect(url);
    return { store, cleanup: () => store.close() };
  });
}

describe('EventStoreDbEventStore without a server', () => {
  it('maps every expected revision to the server’s terms', () => {
    assert.equal(toEsdbExpectedRevision('no_stream'), 'no_stream');
    assert.equal(toEsdbExpectedRevision('stream_exists'), 'stream_exists');
    assert.equal(toEsdbExpectedRevision('any'), 'any');
    assert.equal(toEsdbExpectedRevision(0), 0n);
    assert.equal(toEsdbExpectedRevision(41), 41n);
    assert.equal(toEsdbExpectedRevision(-1), 'no_stream');
    for (const bad of [-2, 1.5, Number.NaN, 2 ** 53]) {
      assert.throws(() => toEsdbExpectedRevision(bad), ValidationError, `expected revision ${bad}`);
    }
  });

  it('maps positions both ways', () => {
    assert.deepEqual(toEsdbPosition(0), { commit: 0n, prepare: 0n });
    assert.deepEqual(toEsdbPosition(123_456_789), { commit: 123_456_789n, prepare: 123_456_789n });
    assert.equal(fromEsdbPosition({ commit: 987_654n, prepare: 987_654n }), 987_654);
    assert.equal(fromEsdbPosition(toEsdbPosition(2 ** 40)), 2 ** 40);
    assert.throws(() => toEsdbPosition(-1), ValidationError);
  });

  it('maps the client’s wrong-expected-version error to ours, from our own expectation', () => {
    const existing = mapError(new WrongExpectedVersionError(undefined, { streamName: 's-1', expected: 'no_stream', current: 4n }), {
      stream: 's-1',
      expected: -1,
    });
    assert.ok(existing instanceof WrongExpectedRevisionError);
    assert.equal(existing.code, 'CONFLICT');
    assert.deepEqual([existing.stream, existing.expected, existing.actual], ['s-1', '-1', '4']);

    const missing = mapError(new WrongExpectedVersionError(undefined, { streamName: 's-2', expected: 'stream_exists', current: 'no_stream' }), {
      stream: 's-2',
      expected: 'stream_exists',
    });
    assert.ok(missing instanceof WrongExpectedRevisionError);
    assert.deepEqual([missing.stream, missing.expected, missing.actual], ['s-2', 'stream_exists', 'no_stream']);

    const unrelated = new Error('something else');
    assert.equal(mapError(unrelated, {}), unrelated);
  });

  it('an unreachable server: every call rejects with UNAVAILABLE within the deadline', { timeout: 10_000 }, async () => {
    const store = EventStoreDbEventStore.connect('esdb://127.0.0.1:1?tls=false&defaultDeadline=2000');
    const isUnavailable = (err: unknown) => {
      assert.ok(err instanceof UnavailableError, `expected UnavailableError, got ${String(err)}`);
      assert.equal(err.code, 'UNAVAILABLE');
      return true;
    };
    try {
      const event = { id: randomUUID(), type: 'Probe', data: {}, metadata: {} };
      await assert.rejects(store.append(`probe-${randomUUID()}`, [event], 'no_stream'), isUnavailable);
      await assert.rejects(store.readStream(`probe-${randomUUID()}`), isUnavailable);
      await assert.rejects(store.streamRevision(`probe-${randomUUID()}`), isUnavailable);
      await assert.rejects(store.readAll({ after: 0, maxCount: 1 }), isUnavailable);
      await assert.rejects(store.headPosition(), isUnavailable);
      const subscription = store.subscribeToAll();
      await assert.rejects(
        (async () => {
          for await (const batch of subscription) assert.fail(`received ${batch.length} events from nowhere`);
        })(),
        isUnavailable,
      );
      await subscription.close();
    } finally {
      await store.close();
    }
    await assert.rejects(store.readAll(), isUnavailable);
  });
});
