import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Principal, Scope } from '../../shared/application';
import type { RecordedEvent } from '../../shared/ddd';
import { ForbiddenError } from '../../shared/errors';
import type { EventStore, ReadAllOptions } from '../event-store/event-store.port';
import type { ProjectionRunner } from '../projections/projection-runner';
import { LiveAccessGate } from './live-access';
import { decodeFeedCursor, encodeFeedCursor, LiveFeed, LiveFeedOverflowError, type LiveSubscription } from './live-feed';

/** A store of events 1..n and a runner that announces batches when told. */
function harness(options: { bufferEvents?: number; maxQueuedEvents?: number; catchUpPage?: number } = {}, stored = 0) {
  const log: RecordedEvent[] = [];
  const event = (type = 'Thing'): RecordedEvent => {
    const position = log.length + 1;
    const e: RecordedEvent = { id: `e${position}`, type, data: {}, metadata: {}, stream: 's-1', revision: position - 1, position, recordedAt: new Date(0).toISOString() };
    log.push(e);
    return e;
  };
  for (let i = 0; i < stored; i++) event();
  let listener: ((b: readonly RecordedEvent[]) => void) | undefined;
  const reads: ReadAllOptions[] = [];
  const runner = { projectedPosition: log.length, onProjected: (l: (b: readonly RecordedEvent[]) => void) => ((listener = l), () => (listener = undefined)) } as unknown as ProjectionRunner;
  const store = {
    readAll: async (o: ReadAllOptions = {}) => {
      reads.push(o);
      return log.filter((e) => e.position > (o.after ?? 0)).slice(0, o.maxCount ?? 1000);
    },
  } as unknown as EventStore;
  const feed = new LiveFeed(runner, store, options);
  const announce = (n: number, type?: string) => {
    const batch = Array.from({ length: n }, () => event(type));
    listener?.(batch);
    return batch;
  };
  return { feed, announce, reads, log };
}

async function take(sub: LiveSubscription, count: number): Promise<number[]> {
  const out: number[] = [];
  while (out.length < count) {
    const next = await sub.next();
    if (next.done) break;
    out.push(...next.value.map((e) => e.position));
  }
  return out;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('LiveFeed', () => {
  it('hands live batches to every subscriber, in order, from the moment it subscribes', async () => {
    const { feed, announce } = harness({}, 3);
    const a = feed.subscribe();
    announce(2);
    const b = feed.subscribe();
    announce(3);
    assert.deepEqual(await take(a, 5), [4, 5, 6, 7, 8]);
    assert.deepEqual(await take(b, 3), [6, 7, 8]);
    assert.equal(feed.head, 8);
  });

  it('resumes from a position the buffer still covers without reading the store', async () => {
    const { feed, announce, reads } = harness({ bufferEvents: 100 }, 2);
    announce(5);
    const sub = feed.subscribe(4);
    announce(2);
    assert.deepEqual(await take(sub, 5), [5, 6, 7, 8, 9]);
    assert.equal(reads.length, 0);
  });

  it('catches up from the store for a position older than the buffer, then joins the live batches without gap or duplicate', async () => {
    const { feed, announce, reads } = harness({ bufferEvents: 4, catchUpPage: 3 }, 10);
    announce(3); // 11..13
    announce(3); // 14..16: the buffer keeps only the newest batches
    const sub = feed.subscribe(2);
    announce(2); // 17..18 while the subscriber has not read anything yet
    const first = await take(sub, 3);
    announce(1); // 19 during the catch-up
    const rest = await take(sub, 17 - first.length);
    assert.deepEqual([...first, ...rest], range(3, 19));
    assert.ok(reads.length >= 1 && reads[0]!.after === 2);
  });

  it('closes a subscriber that falls too far behind with an overflow error, and keeps the others', async () => {
    const { feed, announce } = harness({ maxQueuedEvents: 5 });
    const slow = feed.subscribe();
    const fast = feed.subscribe();
    announce(3);
    assert.deepEqual(await take(fast, 3), [1, 2, 3]);
    announce(3);
    await assert.rejects(slow.next(), LiveFeedOverflowError);
    assert.equal((await slow.next()).done, true);
    assert.deepEqual(await take(fast, 3), [4, 5, 6]);
    assert.equal(feed.subscriberCount, 1);
  });

  it('completes a pending next() when closed, and refuses a position ahead of the feed', async () => {
    const { feed } = harness({}, 2);
    const sub = feed.subscribe();
    const pending = sub.next();
    sub.close();
    assert.equal((await pending).done, true);
    assert.equal(feed.subscriberCount, 0);
    assert.throws(() => feed.subscribe(3), /ahead/);
  });

  it('encodes cursors opaquely and refuses foreign ones', () => {
    assert.equal(decodeFeedCursor(encodeFeedCursor(42)), 42);
    assert.throws(() => decodeFeedCursor('p:42'));
    assert.throws(() => decodeFeedCursor(Buffer.from('l:42').toString('base64url')));
  });
});

describe('LiveAccessGate', () => {
  const principal: Principal = { actor: { type: 'user', id: 'u1', name: 'u' }, apiKeyId: 'k1' };
  const scope: Scope = { kind: 'workspace', accountId: 'a', workspaceId: 'w' };

  it('caches an allowed decision for at most its max age, shared by concurrent checks', async () => {
    const { feed } = harness();
    let calls = 0;
    let now = 0;
    const gate = new LiveAccessGate({ authorize: async () => void calls++ }, feed, { changesAccess: () => false, now: () => now });
    await Promise.all([gate.check(principal, 'see_flows', scope), gate.check(principal, 'see_flows', scope)]);
    assert.equal(calls, 1);
    now = 999;
    await gate.check(principal, 'see_flows', scope);
    assert.equal(calls, 1);
    now = 1000;
    await gate.check(principal, 'see_flows', scope);
    assert.equal(calls, 2);
  });

  it('drops every decision the moment the feed carries an access change, before subscribers get the batch', async () => {
    const { feed, announce } = harness();
    let allowed = true;
    const gate = new LiveAccessGate({ authorize: async () => { if (!allowed) throw new ForbiddenError('no'); } }, feed, { changesAccess: (e) => e.type === 'AccessChanged', now: () => 0 });
    const sub = feed.subscribe();
    await gate.check(principal, 'see_flows', scope);
    allowed = false;
    announce(1, 'Other');
    await take(sub, 1);
    await gate.check(principal, 'see_flows', scope); // still cached: nothing changed access
    announce(1, 'AccessChanged');
    await take(sub, 1);
    await assert.rejects(gate.check(principal, 'see_flows', scope), ForbiddenError);
  });

  it('does not cache a decision that was under way when access changed', async () => {
    const { feed, announce } = harness();
    let release!: () => void;
    let calls = 0;
    const gate = new LiveAccessGate({ authorize: () => (calls++, calls === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve()) }, feed, { changesAccess: () => true, now: () => 0 });
    const first = gate.check(principal, 'see_flows', scope);
    announce(1);
    release();
    await first;
    await gate.check(principal, 'see_flows', scope);
    assert.equal(calls, 2);
  });
});
