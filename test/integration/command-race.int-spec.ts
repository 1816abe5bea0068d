import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { workspaceDecider } from '../../src/contexts/tenancy/domain/workspace/workspace.decide';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store';
import { DeciderCommandHandler, eventMetadata, NO_REQUEST, SYSTEM_PRINCIPAL } from '../../src/shared/application';
import { streamName } from '../../src/shared/ddd';

describe('optimistic concurrency through the command pipeline', () => {
  let dir: string;
  let store: SqliteEventStore;
  let handler: DeciderCommandHandler;
  const now = new Date('2026-11-27T12:00:00.000Z');
  const metadata = eventMetadata(SYSTEM_PRINCIPAL, { kind: 'installation' }, NO_REQUEST, now);

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'praetor-race-'));
    store = SqliteEventStore.open(join(dir, 'events.sqlite'));
    handler = new DeciderCommandHandler(store);
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function createWorkspace(id: string) {
    return handler.handle({
      decider: workspaceDecider,
      stream: streamName('workspace', id),
      command: { type: 'CreateWorkspace', data: { workspaceId: id, accountId: 'a1', name: 'Race', handle: 'race', description: null, owner: null, now: now.toISOString() } },
      metadata,
    });
  }

  const grant = (id: string, actorId: string, expectedRevision?: number) =>
    handler.handle({
      decider: workspaceDecider,
      stream: streamName('workspace', id),
      command: { type: 'GrantWorkspaceAccess', data: { actorType: 'user', actorId, role: 'viewer', now: now.toISOString() } },
      metadata,
      expectedRevision,
    });

  it('50 concurrent commands with the same expected revision: exactly one wins, 49 conflict', async () => {
    const ws = crypto.randomUUID();
    const created = await createWorkspace(ws);
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => grant(ws, `user-${i}`, created.revision)));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(won.length, 1);
    assert.equal(lost.length, 49);
    for (const r of lost) assert.equal((r.reason as { code?: string }).code, 'CONFLICT');
    const stream = await store.readStream(streamName('workspace', ws));
    assert.equal(stream.length, 2, 'exactly one grant appended');
    assert.deepEqual(stream.map((e) => e.revision), [0, 1]);
  });

  it('a stale expected revision is a conflict even without a concurrent writer', async () => {
    const ws = crypto.randomUUID();
    await createWorkspace(ws);
    await grant(ws, 'u1');
    await assert.rejects(grant(ws, 'u2', 0), (e: { code?: string }) => e.code === 'CONFLICT');
  });

  it('without an expected revision, 50 concurrent commands on one stream all apply, in some order', async () => {
    const ws = crypto.randomUUID();
    await createWorkspace(ws);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => grant(ws, `user-${i}`)));
    assert.equal(results.length, 50);
    const stream = await store.readStream(streamName('workspace', ws));
    assert.equal(stream.length, 51);
    assert.deepEqual(new Set(stream.slice(1).map((e) => (e.data as { actorId: string }).actorId)), new Set(Array.from({ length: 50 }, (_, i) => `user-${i}`)));
  });

  it('catches up with appends made by another process before deciding', async () => {
    const ws = crypto.randomUUID();
    await createWorkspace(ws);
    // Another process (here: a second handler with its own cache) appends behind this handler's back.
    const other = new DeciderCommandHandler(store);
    await grant(ws, 'u1');
    await other.handle({
      decider: workspaceDecider,
      stream: streamName('workspace', ws),
      command: { type: 'GrantWorkspaceAccess', data: { actorType: 'user', actorId: 'u2', role: 'viewer', now: now.toISOString() } },
      metadata,
    });
    const r = await grant(ws, 'u3');
    assert.equal(r.revision, 3);
    assert.equal((await store.readStream(streamName('workspace', ws))).length, 4);
  });

  it('a repeated command decides nothing and appends nothing', async () => {
    const ws = crypto.randomUUID();
    await createWorkspace(ws);
    const first = await grant(ws, 'u1');
    const again = await grant(ws, 'u1');
    assert.equal(again.events.length, 0);
    assert.equal(again.position, first.position, 'a no-op still names the position to read after');
    assert.equal((await store.readStream(streamName('workspace', ws))).length, 2);
  });
});
