import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RecordedEvent } from '../../src/infrastructure/event-store/event-store.port';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store';
import { eventStoreContract } from './event-store.contract';

const dir = mkdtempSync(join(tmpdir(), 'praetor-event-store-'));
const file = join(dir, 'events.sqlite');
/** Everything the contract left in the file, read just before it closed the store. */
let leftByContract: RecordedEvent[] = [];

after(() => rmSync(dir, { recursive: true, force: true }));

eventStoreContract('sqlite', async () => {
  const store = SqliteEventStore.open(file);
  return {
    store,
    async cleanup() {
      leftByContract = await readEverything(store);
      await store.close();
    },
  };
});

describe('SqliteEventStore specifics (the file the contract wrote)', () => {
  let store: SqliteEventStore;
  before(() => {
    store = SqliteEventStore.open(file);
  });
  after(async () => {
    await store.close();
  });

  it('positions are gap-free: 1..N in $all, conflicts and idempotent retries included', async () => {
    assert.ok(leftByContract.length > 10_000, `the contract left only ${leftByContract.length} events`);
    leftByContract.forEach((e, i) => assert.equal(e.position, i + 1, `event ${e.id} at index ${i}`));
  });

  it('reopening the file preserves every event and the head', async () => {
    const reread = await readEverything(store);
    assert.equal(reread.length, leftByContract.length);
    assert.deepEqual(reread, leftByContract);
    assert.equal(await store.headPosition(), leftByContract.length);
    for (const e of leftByContract.slice(-50)) {
      assert.equal(await store.streamRevision(e.stream), (await store.readStream(e.stream, { direction: 'backwards', maxCount: 1 }))[0]!.revision);
    }
  });

  it('positions continue after a reopen, and old streams keep their revisions', async () => {
    const head = leftByContract.length;
    const fresh = await store.append(`specTest-${randomUUID()}`, [{ id: randomUUID(), type: 'AfterReopen', data: {}, metadata: {} }], 'no_stream');
    assert.equal(fresh.position, head + 1);
    const old = leftByContract[leftByContract.length - 1]!;
    const revision = await store.streamRevision(old.stream);
    const more = await store.append(old.stream, [{ id: randomUUID(), type: 'AfterReopen', data: {}, metadata: {} }], revision);
    assert.equal(more.nextExpectedRevision, revision + 1);
    assert.equal(more.position, head + 2);
    assert.equal(await store.headPosition(), head + 2);
  });

  it('the connection runs synchronous=FULL on a WAL file that passes integrity_check', () => {
    // synchronous is per-connection state, invisible from any other connection: ask the store's own.
    const own = store['db'];
    assert.equal(own.pragma('synchronous', { simple: true }), 2);
    const observer = new Database(file, { readonly: true, fileMustExist: true });
    try {
      assert.equal(observer.pragma('journal_mode', { simple: true }), 'wal');
    } finally {
      observer.close();
    }
    assert.equal(store.integrityCheck(), 'ok');
  });

  it('group commit: appends issued in one turn share a transaction, and a conflict inside it leaves no gap', async () => {
    const commits: number[] = [];
    const grouped = SqliteEventStore.open(join(dir, 'grouped.sqlite'), { onCommit: (appends) => commits.push(appends) });
    try {
      const streams = Array.from({ length: 20 }, () => `specTest-${randomUUID()}`);
      const outcomes = await Promise.allSettled([
        ...streams.map((s) => grouped.append(s, [{ id: randomUUID(), type: 'T', data: {}, metadata: {} }], 'no_stream')),
        grouped.append(streams[0]!, [{ id: randomUUID(), type: 'T', data: {}, metadata: {} }], 'no_stream'),
      ]);
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 20);
      assert.equal(outcomes.filter((o) => o.status === 'rejected').length, 1);
      assert.deepEqual(commits, [21]);
      const all = await grouped.readAll({ maxCount: 100 });
      assert.deepEqual(all.map((e) => e.position), Array.from({ length: 20 }, (_, i) => i + 1));
    } finally {
      await grouped.close();
    }
  });

  it('an event id reused later in an append is a CONFLICT, rolled back without a gap', async () => {
    // Ids are unique across this file's whole log (EventStoreDB only dedupes per stream), so
    // this is SQLite's own rule; a failure half-way through the inserts must leave no trace.
    const grouped = SqliteEventStore.open(join(dir, 'duplicates.sqlite'));
    const ev = (id = randomUUID()) => ({ id, type: 'T', data: {}, metadata: {} });
    try {
      const taken = ev();
      await grouped.append(`specTest-${randomUUID()}`, [taken], 'no_stream');
      const otherStream = `specTest-${randomUUID()}`;
      const repeated = ev();
      const outcomes = await Promise.allSettled([
        grouped.append(otherStream, [ev(), ev(), taken], 'no_stream'),
        grouped.append(`specTest-${randomUUID()}`, [repeated, ev(), repeated], 'no_stream'),
        grouped.append(`specTest-${randomUUID()}`, [ev()], 'no_stream'),
      ]);
      for (const o of outcomes.slice(0, 2)) {
        assert.equal(o.status, 'rejected');
        assert.equal((o as PromiseRejectedResult).reason.code, 'CONFLICT', String((o as PromiseRejectedResult).reason));
      }
      assert.deepEqual(outcomes[2], { status: 'fulfilled', value: { nextExpectedRevision: 0, position: 2 } });
      assert.deepEqual(await grouped.readStream(otherStream), []);
      assert.equal(await grouped.headPosition(), 2);
      assert.deepEqual((await grouped.readAll()).map((e) => e.position), [1, 2]);
    } finally {
      await grouped.close();
    }
  });
});

async function readEverything(store: SqliteEventStore): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: out.length === 0 ? 0 : out[out.length - 1]!.position, maxCount: 5000 });
    if (page.length === 0) return out;
    out.push(...page);
  }
}
