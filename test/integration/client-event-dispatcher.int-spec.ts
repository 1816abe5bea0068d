import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import pino from 'pino';
import type { ClientEventConsumer } from '../../src/contexts/orchestration/application/events/client-event-consumer';
import { CLIENT_EVENT_CONSUMERS_CHECKPOINT, ClientEventDispatcher } from '../../src/contexts/orchestration/application/events/client-event-dispatcher';
import { EVENT_INDEXES } from '../../src/contexts/orchestration/application/events/events.service';
import { parsePrefectEvent, toEventDoc, type ReceivedEvent } from '../../src/contexts/orchestration/application/events/prefect-event';
import type { TenantScope } from '../../src/contexts/orchestration/application/orchestration-reads';
import { EVENTS } from '../../src/contexts/orchestration/read-models';
import { SqliteReadStore } from '../../src/infrastructure/read-store/sqlite-read-store';
import { SYSTEM_PRINCIPAL, type Principal } from '../../src/shared/application';

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

class Consumer implements ClientEventConsumer {
  readonly name = 'test-consumer';
  readonly calls: { scope: TenantScope; events: readonly ReceivedEvent[]; sender: Principal | undefined }[] = [];
  constructor(private failures = 0) {}
  async consume(scope: TenantScope, events: readonly ReceivedEvent[], sender?: Principal): Promise<void> {
    if (this.failures-- > 0) throw new Error('not yet');
    this.calls.push({ scope, events, sender });
  }
}

describe('ClientEventDispatcher (client events → consumers, from the store)', () => {
  let dir: string;
  let readStore: SqliteReadStore;
  let seq = 0;
  const ws1 = { accountId: randomUUID(), workspaceId: randomUUID() };
  const ws2 = { accountId: randomUUID(), workspaceId: randomUUID() };
  const logger = pino({ level: 'silent' });
  const alice: Principal = { actor: { type: 'user', id: randomUUID(), name: 'alice' }, apiKeyId: randomUUID() };
  const store = async (items: { scope: typeof ws1; name: string; origin?: 'client' | 'server' }[]) => {
    const docs = items.map((i) =>
      toEventDoc(i.scope, parsePrefectEvent({ id: randomUUID(), occurred: new Date().toISOString(), event: i.name, resource: { 'prefect.resource.id': 'r' } }), new Date().toISOString(), ++seq, {
        origin: i.origin ?? 'client',
        principal: i.origin === 'server' ? SYSTEM_PRINCIPAL : alice,
      }),
    );
    await readStore.writeBatch(docs.map((doc) => ({ kind: 'put', collection: EVENTS, doc })));
    return docs[docs.length - 1]!._seq;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'praetor-dispatch-'));
    readStore = SqliteReadStore.open(join(dir, 'rs.sqlite'));
    await readStore.ensureCollection(EVENTS, EVENT_INDEXES);
  });
  afterEach(async () => {
    await readStore.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers client events in order, one workspace per call, retrying a failing consumer; the checkpoint survives a restart', async () => {
    await store([
      { scope: ws1, name: 'a' },
      { scope: ws1, name: 'b' },
      { scope: ws1, name: 'by-server', origin: 'server' },
      { scope: ws2, name: 'c' },
      { scope: ws1, name: 'd' },
    ]);
    const consumer = new Consumer(2);
    let d = new ClientEventDispatcher(readStore, [consumer], logger, { retryDelayMs: 5 });
    await d.start();
    await until(() => consumer.calls.length === 3, 'the deliveries');
    assert.deepEqual(
      consumer.calls.map((c) => [c.scope.workspaceId, c.events.map((e) => e.event)]),
      [
        [ws1.workspaceId, ['a', 'b']],
        [ws2.workspaceId, ['c']],
        [ws1.workspaceId, ['d']],
      ],
    );
    assert.deepEqual(consumer.calls[0]!.sender, alice, 'the sender comes along');
    const last = await store([{ scope: ws2, name: 'e' }]);
    d.notify();
    await d.waitFor(last);
    assert.deepEqual(consumer.calls[3]!.events.map((e) => e.event), ['e']);
    await d.stop();
    assert.equal((await readStore.getCheckpoint(CLIENT_EVENT_CONSUMERS_CHECKPOINT))?.position, last);

    // After a restart only what came since is delivered.
    const after = new Consumer();
    d = new ClientEventDispatcher(readStore, [after], logger);
    await d.start();
    const newer = await store([{ scope: ws1, name: 'f' }]);
    d.notify();
    await d.waitFor(newer);
    await d.stop();
    assert.deepEqual(after.calls.map((c) => c.events.map((e) => e.event)), [['f']]);
  });

  it('waitFor does not hold callers while a consumer keeps failing; the events wait in the store', async () => {
    const last = await store([{ scope: ws1, name: 'x' }]);
    const consumer = new Consumer(Number.POSITIVE_INFINITY);
    const d = new ClientEventDispatcher(readStore, [consumer], logger, { retryDelayMs: 5 });
    await d.start();
    await d.waitFor(last, 60_000);
    assert.equal(consumer.calls.length, 0);
    await d.stop();
    assert.equal(await readStore.getCheckpoint(CLIENT_EVENT_CONSUMERS_CHECKPOINT), undefined);
  });
});
