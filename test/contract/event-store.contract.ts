import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type {
  AllSubscription,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  RecordedEvent,
} from '../../src/infrastructure/event-store/event-store.port';
import { WrongExpectedRevisionError } from '../../src/shared/errors';

export interface EventStoreUnderTest {
  readonly store: EventStore;
  cleanup(): Promise<void>;
}

/**
 * The behaviour every EventStore adapter must show. It may run against a shared, live EventStoreDB,
 * so every test writes to fresh random streams and only ever reasons about its own events; `$all`
 * may hold other writers' events in between, and positions need not be contiguous.
 */
export function eventStoreContract(name: string, factory: () => Promise<EventStoreUnderTest>): void {
  describe(`EventStore contract: ${name}`, () => {
    let subject: EventStoreUnderTest | undefined;
    const store = (): EventStore => {
      assert.ok(subject, 'the factory did not produce a store');
      return subject.store;
    };

    before(async () => {
      subject = await factory();
    });
    after(async () => {
      await subject?.cleanup();
    });

    describe('append with an expected revision', () => {
      it("'no_stream' creates a stream; revisions start at 0 and the result names the last event", async () => {
        const stream = newStream();
        const events = [event('Opened', { n: 1 }), event('Renamed', { n: 2 }), event('Closed', { n: 3 })];
        const result = await store().append(stream, events, 'no_stream');
        assert.equal(result.nextExpectedRevision, 2);
        const stored = await store().readStream(stream);
        assert.deepEqual(stored.map((e) => e.revision), [0, 1, 2]);
        assert.equal(result.position, stored[2]!.position);
        assertStrictlyIncreasing(stored.map((e) => e.position));
        for (const [i, e] of stored.entries()) {
          assert.equal(e.id, events[i]!.id);
          assert.equal(e.stream, stream);
          assert.equal(e.type, events[i]!.type);
          assert.deepEqual(e.data, events[i]!.data);
          assert.deepEqual(e.metadata, events[i]!.metadata);
          assert.ok(!Number.isNaN(Date.parse(e.recordedAt)), `recordedAt ${e.recordedAt} is not a date`);
        }
      });

      it("'any' creates a stream and appends to an existing one", async () => {
        const stream = newStream();
        const first = await store().append(stream, [event()], 'any');
        assert.equal(first.nextExpectedRevision, 0);
        const second = await store().append(stream, [event()], 'any');
        assert.equal(second.nextExpectedRevision, 1);
        assert.ok(second.position > first.position);
        assert.equal(await store().streamRevision(stream), 1);
      });

      it('an exact revision appends when it matches the current one, and -1 means the stream is new', async () => {
        const stream = newStream();
        // -1 is what streamRevision() reports for a missing stream, so a load-then-append handler passes it.
        const created = await store().append(stream, [event()], -1);
        assert.equal(created.nextExpectedRevision, 0);
        const next = await store().append(stream, [event(), event()], created.nextExpectedRevision);
        assert.equal(next.nextExpectedRevision, 2);
        const last = await store().append(stream, [event()], 2);
        assert.equal(last.nextExpectedRevision, 3);
        assert.equal((await store().readStream(stream)).length, 4);
      });

      it("'stream_exists' appends to an existing stream", async () => {
        const stream = newStream();
        await store().append(stream, [event()], 'no_stream');
        const result = await store().append(stream, [event()], 'stream_exists');
        assert.equal(result.nextExpectedRevision, 1);
      });

      it("'no_stream' on an existing stream is a conflict", async () => {
        const stream = newStream();
        await store().append(stream, [event()], 'no_stream');
        await assertConflict(store().append(stream, [event()], 'no_stream'), stream, 'no_stream', '0');
        assert.equal(await store().streamRevision(stream), 0);
      });

      it("'stream_exists' on a missing stream is a conflict", async () => {
        const stream = newStream();
        await assertConflict(store().append(stream, [event()], 'stream_exists'), stream, 'stream_exists', 'no_stream');
        assert.deepEqual(await store().readStream(stream), []);
      });

      it('a wrong exact revision is a conflict, whether behind or ahead', async () => {
        const stream = newStream();
        await store().append(stream, [event(), event(), event()], 'no_stream');
        await assertConflict(store().append(stream, [event()], 1), stream, '1', '2');
        await assertConflict(store().append(stream, [event()], 5), stream, '5', '2');
        assert.equal(await store().streamRevision(stream), 2);
      });

      it('an exact revision on a missing stream is a conflict', async () => {
        const stream = newStream();
        await assertConflict(store().append(stream, [event()], 0), stream, '0', 'no_stream');
        await assertConflict(store().append(stream, [event()], 3), stream, '3', 'no_stream');
        assert.equal(await store().streamRevision(stream), -1);
      });
    });

    describe('idempotent event ids', () => {
      it('appending the same events again with the same expectation stores them once and returns the same result', async () => {
        const stream = newStream();
        const start = await store().headPosition();
        const firstTwo = [event('A', { i: 0 }), event('B', { i: 1 })];
        const first = await store().append(stream, firstTwo, 'no_stream');
        const retried = await store().append(stream, firstTwo, 'no_stream');
        assert.deepEqual(retried, first);

        const third = event('C', { i: 2 });
        const appended = await store().append(stream, [third], first.nextExpectedRevision);
        const retriedThird = await store().append(stream, [third], first.nextExpectedRevision);
        assert.deepEqual(retriedThird, appended);
        // The earlier retry is still recognised once the stream has moved on.
        assert.deepEqual(await store().append(stream, firstTwo, 'no_stream'), first);

        const stored = await store().readStream(stream);
        assert.deepEqual(
          stored.map((e) => e.id),
          [...firstTwo, third].map((e) => e.id),
        );
        assert.equal(await store().streamRevision(stream), 2);
        const ids = new Set([...firstTwo, third].map((e) => e.id));
        const inAll = await readAllUntil(store(), start, (seen) => countIds(seen, ids) >= ids.size);
        assert.equal(countIds(inAll, ids), 3, 'each event appears once in $all');
      });
    });

    describe('readStream', () => {
      const stream = newStream();
      const events = Array.from({ length: 10 }, (_, i) => event('Step', { i }));
      let appended: AppendResult;
      before(async () => {
        appended = await store().append(stream, events, 'no_stream');
      });

      it('reads forwards from the start by default', async () => {
        const read = await store().readStream(stream);
        assert.deepEqual(read.map((e) => e.id), events.map((e) => e.id));
        assert.deepEqual(read.map((e) => e.revision), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert.deepEqual(read.map((e) => (e.data as { i: number }).i), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert.equal(read[9]!.position, appended.position);
      });

      it('reads forwards from a revision (inclusive) with maxCount', async () => {
        const read = await store().readStream(stream, { fromRevision: 3, maxCount: 4 });
        assert.deepEqual(read.map((e) => e.revision), [3, 4, 5, 6]);
        assert.deepEqual(read.map((e) => e.id), events.slice(3, 7).map((e) => e.id));
        const tail = await store().readStream(stream, { direction: 'forwards', fromRevision: 8 });
        assert.deepEqual(tail.map((e) => e.revision), [8, 9]);
        assert.deepEqual(await store().readStream(stream, { fromRevision: 10 }), []);
      });

      it('reads backwards from the end by default', async () => {
        const read = await store().readStream(stream, { direction: 'backwards' });
        assert.deepEqual(read.map((e) => e.revision), [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
        assert.deepEqual(read.map((e) => e.id), [...events].reverse().map((e) => e.id));
        const last = await store().readStream(stream, { direction: 'backwards', maxCount: 1 });
        assert.deepEqual(last.map((e) => e.id), [events[9]!.id]);
      });

      it('reads backwards from a revision (inclusive) with maxCount', async () => {
        const read = await store().readStream(stream, { direction: 'backwards', fromRevision: 6, maxCount: 3 });
        assert.deepEqual(read.map((e) => e.revision), [6, 5, 4]);
        const head = await store().readStream(stream, { direction: 'backwards', fromRevision: 1 });
        assert.deepEqual(head.map((e) => e.revision), [1, 0]);
      });

      it('reads a missing stream as [] in both directions', async () => {
        const missing = newStream();
        assert.deepEqual(await store().readStream(missing), []);
        assert.deepEqual(await store().readStream(missing, { direction: 'backwards' }), []);
        assert.deepEqual(await store().readStream(missing, { fromRevision: 5, maxCount: 2 }), []);
      });
    });

    describe('streamRevision and headPosition', () => {
      it('streamRevision is -1 for a missing stream and the last revision otherwise', async () => {
        const stream = newStream();
        assert.equal(await store().streamRevision(stream), -1);
        await store().append(stream, [event()], 'no_stream');
        assert.equal(await store().streamRevision(stream), 0);
        await store().append(stream, [event(), event(), event()], 0);
        assert.equal(await store().streamRevision(stream), 3);
      });

      it('headPosition is at least the position of the last append and never goes back', async () => {
        const headBefore = await store().headPosition();
        assert.ok(headBefore >= 0);
        const result = await store().append(newStream(), [event()], 'no_stream');
        const afterAppend = await store().headPosition();
        assert.ok(result.position > headBefore, `append position ${result.position} not after head ${headBefore}`);
        assert.ok(afterAppend >= result.position, `head ${afterAppend} behind the append at ${result.position}`);
      });
    });

    describe('readAll', () => {
      it('gives one total order: strictly increasing positions, concurrent appends each present once, streams in revision order', async () => {
        const start = await store().headPosition();
        const streams = Array.from({ length: 20 }, () => newStream());
        const perStream = 5;
        const appendedIds = new Map<string, string[]>();
        // Each stream is written sequentially, the streams concurrently, so their events interleave.
        await Promise.all(
          streams.map(async (stream) => {
            const ids: string[] = [];
            appendedIds.set(stream, ids);
            let expected: ExpectedRevision = 'no_stream';
            for (let i = 0; i < perStream; i++) {
              const e = event('Counted', { stream, i });
              ids.push(e.id);
              expected = (await store().append(stream, [e], expected)).nextExpectedRevision;
            }
          }),
        );
        const ours = new Set(streams);
        const total = streams.length * perStream;
        const read = await readAllUntil(store(), start, (seen) => seen.filter((e) => ours.has(e.stream)).length >= total);
        assert.ok(read.every((e) => e.position > start), 'readAll returned an event at or before `after`');
        assertStrictlyIncreasing(read.map((e) => e.position));

        const own = read.filter((e) => ours.has(e.stream));
        assert.equal(own.length, total);
        assert.equal(new Set(own.map((e) => e.id)).size, total, 'an event appears twice in $all');
        for (const stream of streams) {
          const inAll = own.filter((e) => e.stream === stream);
          assert.deepEqual(inAll.map((e) => e.revision), [0, 1, 2, 3, 4], `revision order of ${stream} in $all`);
          assert.deepEqual(inAll.map((e) => e.id), appendedIds.get(stream));
          const inStream = await store().readStream(stream);
          assert.deepEqual(inAll.map((e) => e.position), inStream.map((e) => e.position));
          assert.deepEqual(inAll.map((e) => e.data), inStream.map((e) => e.data));
        }
      });

      it('`after` is exclusive and maxCount bounds the page', async () => {
        const stream = newStream();
        const start = await store().headPosition();
        await store().append(stream, [event(), event(), event(), event()], 'no_stream');
        const stored = await store().readStream(stream);

        const page = await store().readAll({ after: start, maxCount: 3 });
        assert.equal(page.length, 3);
        assert.ok(page.every((e) => e.position > start));
        assertStrictlyIncreasing(page.map((e) => e.position));

        const second = stored[1]!;
        const next = await store().readAll({ after: second.position, maxCount: 1 });
        assert.equal(next.length, 1);
        assert.ok(next[0]!.position > second.position);
        assert.notEqual(next[0]!.id, second.id);
        const rest = await readAllUntil(store(), second.position, (seen) => seen.some((e) => e.id === stored[3]!.id));
        assert.deepEqual(
          rest.filter((e) => e.stream === stream).map((e) => e.revision),
          [2, 3],
        );
      });

      it('after the head, holds none of the events up to it', async () => {
        const stream = newStream();
        await store().append(stream, [event(), event()], 'no_stream');
        const head = await store().headPosition();
        const beyond = await store().readAll({ after: head, maxCount: 10 });
        // A shared server may take other writes meanwhile; ours must not reappear.
        assert.ok(beyond.every((e) => e.position > head && e.stream !== stream));
      });
    });

    describe('subscribeToAll', () => {
      it('catches up on history, continues live with new appends, and close() ends a waiting loop', async () => {
        const stream = newStream();
        const start = await store().headPosition();
        const history = [event('H', { i: 0 }), event('H', { i: 1 }), event('H', { i: 2 })];
        await store().append(stream, history, 'no_stream');

        const maxBatch = 2;
        const subscription = store().subscribeToAll({ after: start, maxBatch });
        const received: RecordedEvent[] = [];
        const batchSizes: number[] = [];
        const waiters: { count: number; resolve: () => void }[] = [];
        const consumer = (async () => {
          for await (const batch of subscription) {
            batchSizes.push(batch.length);
            received.push(...batch);
            const own = received.filter((e) => e.stream === stream).length;
            for (const w of waiters.filter((w) => own >= w.count)) w.resolve();
          }
        })();
        const ownCount = (count: number) =>
          new Promise<void>((resolve) => {
            if (received.filter((e) => e.stream === stream).length >= count) resolve();
            else waiters.push({ count, resolve });
          });

        try {
          await withDeadline(ownCount(3), 10_000, 'history delivered');
          const live = [event('L', { i: 3 }), event('L', { i: 4 })];
          await store().append(stream, live.slice(0, 1), 2);
          await store().append(stream, live.slice(1), 3);
          await withDeadline(ownCount(5), 10_000, 'live appends delivered');

          const own = received.filter((e) => e.stream === stream);
          assert.deepEqual(own.map((e) => e.id), [...history, ...live].map((e) => e.id));
          assert.deepEqual(own.map((e) => e.revision), [0, 1, 2, 3, 4]);
          assert.deepEqual(own.map((e) => e.data), [...history, ...live].map((e) => e.data));
          assert.ok(received.every((e) => e.position > start));
          assertStrictlyIncreasing(received.map((e) => e.position));
          assert.ok(batchSizes.every((n) => n >= 1 && n <= maxBatch), `batch sizes ${batchSizes.join(',')}`);
        } finally {
          await subscription.close();
        }
        // The consumer is parked waiting for more events: close() must release it.
        await withDeadline(consumer, 5_000, 'the loop ended after close()');
      });

      it('started after a position, receives only later events', async () => {
        const stream = newStream();
        const events = [event('E', { i: 0 }), event('E', { i: 1 }), event('E', { i: 2 }), event('E', { i: 3 })];
        await store().append(stream, events.slice(0, 2), 'no_stream');
        await store().append(stream, events.slice(2), 1);
        const stored = await store().readStream(stream);
        const from = stored[1]!.position;

        const subscription = store().subscribeToAll({ after: from });
        const received: RecordedEvent[] = [];
        try {
          await withDeadline(
            (async () => {
              for await (const batch of subscription) {
                received.push(...batch);
                if (received.some((e) => e.id === events[3]!.id)) break;
              }
            })(),
            10_000,
            'later events delivered',
          );
        } finally {
          await subscription.close();
        }
        assert.ok(received.every((e) => e.position > from), 'received an event at or before `after`');
        assert.deepEqual(
          received.filter((e) => e.stream === stream).map((e) => e.id),
          [events[2]!.id, events[3]!.id],
        );
        assertStrictlyIncreasing(received.map((e) => e.position));
      });

      it('a closed subscription yields nothing more', async () => {
        const subscription: AllSubscription = store().subscribeToAll({ after: await store().headPosition() });
        await subscription.close();
        await store().append(newStream(), [event()], 'no_stream');
        const iterator = subscription[Symbol.asyncIterator]();
        const next = await withDeadline(iterator.next(), 5_000, 'closed subscription finished');
        assert.equal(next.done, true);
      });
    });

    describe('payloads', () => {
      it('round-trips a 1 MiB payload exactly', { timeout: 60_000 }, async () => {
        const stream = newStream();
        const start = await store().headPosition();
        // base64 of 768 KiB random bytes is exactly 1 MiB of ASCII text.
        const blob = randomBytes(768 * 1024).toString('base64');
        assert.equal(blob.length, 1024 * 1024);
        const big = event('Large', { blob });
        await store().append(stream, [big], 'no_stream');
        const [read] = await store().readStream(stream);
        assert.ok(read);
        assert.equal((read.data as { blob: string }).blob.length, blob.length);
        assert.deepEqual(read.data, { blob });
        const inAll = await readAllUntil(store(), start, (seen) => seen.some((e) => e.id === big.id), 10);
        const viaAll = inAll.find((e) => e.id === big.id);
        assert.ok(viaAll, 'the large event is in $all');
        assert.deepEqual(viaAll.data, { blob });
      });

      it('round-trips unicode in type, data and metadata', async () => {
        const stream = newStream();
        const start = await store().headPosition();
        const text = {
          emoji: '🎉👩🏽‍💻🏳️‍🌈 family: 👨‍👩‍👧‍👦',
          cjk: '漢字かなカナ한국어 中文测试',
          rtl: 'שלום עולם مرحبا بالعالم',
          combining: 'e\u0301 a\u0308 n\u0303 Z\u0335\u0321\u031e',
          precomposed: 'é ä ñ',
          astral: '𝕏 𐍈 𠜎',
          escapes: 'quote " backslash \\ tab \t newline \n',
        };
        const e: EventToAppend = {
          id: randomUUID(),
          type: 'Événement✓名前שלום🎉',
          data: { ...text, '键🔑': 'value', nested: [text.rtl, { deep: text.combining }] },
          metadata: { actor: { displayName: 'Zoë 山田 🚀' }, note: text.combining, 'מפתח': text.cjk },
        };
        await store().append(stream, [e], 'no_stream');
        const [read] = await store().readStream(stream);
        assert.ok(read);
        assert.equal(read.type, e.type);
        assert.deepEqual(read.data, e.data);
        assert.deepEqual(read.metadata, e.metadata);
        // Combining sequences must not be normalised into precomposed characters.
        assert.equal((read.data as typeof text).combining, text.combining);
        assert.notEqual((read.data as typeof text).combining.normalize('NFC'), (read.data as typeof text).combining);
        const inAll = await readAllUntil(store(), start, (seen) => seen.some((x) => x.id === e.id));
        const viaAll = inAll.find((x) => x.id === e.id);
        assert.ok(viaAll);
        assert.equal(viaAll.type, e.type);
        assert.deepEqual(viaAll.data, e.data);
        assert.deepEqual(viaAll.metadata, e.metadata);
      });
    });

    describe('scale and contention', () => {
      it('10,000 streams appended concurrently are all readable and all in $all', { timeout: 240_000 }, async () => {
        const start = await store().headPosition();
        const count = 10_000;
        const chunk = 500;
        const prefix = `scaleTest-${randomUUID()}`;
        const streams = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
        const ids = new Map<string, string>();
        for (let offset = 0; offset < count; offset += chunk) {
          const results = await Promise.all(
            streams.slice(offset, offset + chunk).map((stream, j) => {
              const e = event('Seeded', { n: offset + j });
              ids.set(stream, e.id);
              return store().append(stream, [e], 'no_stream');
            }),
          );
          assert.ok(results.every((r) => r.nextExpectedRevision === 0));
          assert.equal(new Set(results.map((r) => r.position)).size, results.length, 'two appends share a position');
        }

        for (let offset = 0; offset < count; offset += chunk) {
          const reads = await Promise.all(streams.slice(offset, offset + chunk).map((s) => store().readStream(s)));
          reads.forEach((read, j) => {
            const stream = streams[offset + j]!;
            assert.equal(read.length, 1, `${stream} has ${read.length} events`);
            assert.equal(read[0]!.id, ids.get(stream));
            assert.deepEqual(read[0]!.data, { n: offset + j });
          });
        }

        const wanted = new Set(ids.values());
        const all = await readAllUntil(store(), start, (seen) => countIds(seen, wanted) >= count);
        assert.equal(countIds(all, wanted), count);
        assert.equal(new Set(all.filter((e) => wanted.has(e.id)).map((e) => e.id)).size, count);
        assertStrictlyIncreasing(all.map((e) => e.position));
      });

      it('50 concurrent appends at the same expected revision: exactly one wins', { timeout: 60_000 }, async () => {
        const stream = newStream();
        const seed = await store().append(stream, [event('Seed')], 'no_stream');
        const contenders = Array.from({ length: 50 }, (_, i) => event('Contender', { i }));
        const outcomes = await Promise.allSettled(contenders.map((e) => store().append(stream, [e], seed.nextExpectedRevision)));

        const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [{ result: o.value, event: contenders[i]! }] : []));
        const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
        assert.equal(won.length, 1, `${won.length} appends succeeded`);
        assert.equal(lost.length, 49);
        for (const err of lost) {
          assert.ok(err instanceof WrongExpectedRevisionError, `expected WrongExpectedRevisionError, got ${String(err)}`);
          assert.equal(err.code, 'CONFLICT');
          assert.equal(err.stream, stream);
          assert.equal(err.expected, '0');
          assert.equal(err.actual, '1');
        }
        const winner = won[0]!;
        assert.equal(winner.result.nextExpectedRevision, 1);
        const stored = await store().readStream(stream);
        assert.equal(stored.length, 2, 'exactly one new event');
        assert.equal(stored[1]!.id, winner.event.id);
        assert.equal(stored[1]!.position, winner.result.position);
      });
    });
  });
}

function newStream(): string {
  return `contractTest-${randomUUID()}`;
}

function event(type = 'ContractTested', data: unknown = { at: randomUUID() }, metadata: unknown = { correlationId: randomUUID() }): EventToAppend {
  return { id: randomUUID(), type, data, metadata };
}

async function assertConflict(attempt: Promise<unknown>, stream: string, expected: string, actual: string): Promise<void> {
  await assert.rejects(attempt, (err: unknown) => {
    assert.ok(err instanceof WrongExpectedRevisionError, `expected WrongExpectedRevisionError, got ${String(err)}`);
    assert.equal(err.code, 'CONFLICT');
    assert.equal(err.stream, stream);
    assert.equal(err.expected, expected);
    assert.equal(err.actual, actual);
    return true;
  });
}

function assertStrictlyIncreasing(positions: readonly number[]): void {
  for (let i = 1; i < positions.length; i++) {
    assert.ok(positions[i]! > positions[i - 1]!, `position ${positions[i]} at index ${i} follows ${positions[i - 1]}`);
  }
}

function countIds(events: readonly RecordedEvent[], ids: ReadonlySet<string>): number {
  return events.filter((e) => ids.has(e.id)).length;
}

/**
 * Pages through `$all` after a position until `enough` holds or the log ends. Pages must join up:
 * each one starts strictly after the last position of the previous one.
 */
async function readAllUntil(
  store: EventStore,
  after: number,
  enough: (seen: readonly RecordedEvent[]) => boolean,
  pageSize = 1000,
): Promise<RecordedEvent[]> {
  const seen: RecordedEvent[] = [];
  let cursor = after;
  while (!enough(seen)) {
    const page = await store.readAll({ after: cursor, maxCount: pageSize });
    assert.ok(page.length <= pageSize, `readAll returned ${page.length} events for maxCount ${pageSize}`);
    if (page.length === 0) break;
    assert.ok(page[0]!.position > cursor, `page starts at ${page[0]!.position}, not after ${cursor}`);
    seen.push(...page);
    cursor = page[page.length - 1]!.position;
  }
  return seen;
}

async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for: ${what}`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
