import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../support/test-server';

describe('concurrency limits (v2 with leases, v1 tag façade)', () => {
  let t: TestServer;
  const post = (path: string, body: unknown) => t.fetch(`${t.workspaceApi}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const get = (path: string) => t.fetch(`${t.workspaceApi}${path}`);
  const acquire = (name: string, holder?: string) =>
    post('/v2/concurrency_limits/increment-with-lease', { names: [name], slots: 1, mode: 'concurrency', lease_duration: 60, holder: holder ? { type: 'task_run', id: holder } : null });

  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t?.stop();
  });

  it('creates a global limit and refuses a duplicate name with 409', async () => {
    const res = await post('/v2/concurrency_limits/', { name: 'db', limit: 2, active: true, active_slots: 0, denied_slots: 0, slot_decay_per_second: 0 });
    assert.equal(res.status, 201);
    const limit = (await res.json()) as Record<string, unknown>;
    assert.equal(limit.name, 'db');
    assert.equal(limit.limit, 2);
    assert.equal(limit.active_slots, 0);
    for (const k of ['id', 'created', 'updated', 'active', 'denied_slots', 'slot_decay_per_second', 'avg_slot_occupancy_seconds']) assert.ok(k in limit, k);
    assert.equal((await post('/v2/concurrency_limits/', { name: 'db', limit: 3 })).status, 409);
    assert.equal((await get('/v2/concurrency_limits/db')).status, 200);
    assert.equal((await get(`/v2/concurrency_limits/${limit.id}`)).status, 200);
  });

  it('never over-allocates: 20 concurrent acquisitions of a limit of 2, exactly 2 win, the rest get 423 with Retry-After', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => acquire('db', `run-${i}`)));
    const won = results.filter((r) => r.status === 200);
    const locked = results.filter((r) => r.status === 423);
    assert.equal(won.length, 2);
    assert.equal(locked.length, 18);
    for (const r of locked) assert.ok(Number(r.headers.get('retry-after')) >= 1);
    const leases = (await Promise.all(won.map((r) => r.json()))) as { lease_id: string; limits: { name: string }[] }[];
    for (const l of leases) assert.deepEqual(l.limits.map((x) => x.name), ['db']);
    assert.equal(((await (await get('/v2/concurrency_limits/db')).json()) as { active_slots: number }).active_slots, 2);

    // Release one: the slot is free again; renew the other; an unknown lease renews to 410.
    assert.equal((await post('/v2/concurrency_limits/decrement-with-lease', { lease_id: leases[0]!.lease_id })).status, 204);
    assert.equal((await post('/v2/concurrency_limits/decrement-with-lease', { lease_id: leases[0]!.lease_id })).status, 204, 'idempotent');
    assert.equal((await post(`/v2/concurrency_limits/leases/${leases[1]!.lease_id}/renew`, { lease_duration: 120 })).status, 204);
    assert.equal((await post(`/v2/concurrency_limits/leases/${leases[0]!.lease_id}/renew`, { lease_duration: 120 })).status, 410);
    assert.equal((await acquire('db')).status, 200);
    assert.equal((await acquire('db')).status, 423);
  });

  it('takes several limits all-or-nothing, and ignores unknown names', async () => {
    assert.equal((await post('/v2/concurrency_limits/', { name: 'one', limit: 1 })).status, 201);
    assert.equal((await post('/v2/concurrency_limits/', { name: 'full', limit: 1 })).status, 201);
    assert.equal((await acquire('full')).status, 200);
    const both = await post('/v2/concurrency_limits/increment-with-lease', { names: ['one', 'full'], slots: 1, lease_duration: 60 });
    assert.equal(both.status, 423);
    assert.equal(((await (await get('/v2/concurrency_limits/one')).json()) as { active_slots: number }).active_slots, 0, 'the slot on "one" was given back');
    const unknown = (await (await post('/v2/concurrency_limits/increment-with-lease', { names: ['nope'], slots: 1, lease_duration: 60 })).json()) as { limits: unknown[] };
    assert.deepEqual(unknown.limits, []);
  });

  it('takes and returns slots without leases (increment/decrement), all-or-nothing', async () => {
    assert.equal((await post('/v2/concurrency_limits/', { name: 'plain', limit: 2 })).status, 201);
    const taken = await post('/v2/concurrency_limits/increment', { names: ['plain', 'unknown'], slots: 2, mode: 'concurrency' });
    assert.equal(taken.status, 200);
    assert.deepEqual(((await taken.json()) as { name: string }[]).map((l) => l.name), ['plain']);
    assert.equal(((await (await get('/v2/concurrency_limits/plain')).json()) as { active_slots: number }).active_slots, 2);
    assert.equal((await post('/v2/concurrency_limits/increment', { names: ['plain'], slots: 1 })).status, 423);
    assert.equal((await post('/v2/concurrency_limits/decrement', { names: ['plain'], slots: 1 })).status, 200);
    assert.equal(((await (await get('/v2/concurrency_limits/plain')).json()) as { active_slots: number }).active_slots, 1);
    assert.equal((await post('/v2/concurrency_limits/increment', { names: ['plain'], slots: 1, mode: 'rate_limit' })).status, 422, 'rate limits need a decay');
  });

  it('validates input with 422', async () => {
    assert.equal((await post('/v2/concurrency_limits/increment-with-lease', { names: ['db'], slots: 0, lease_duration: 60 })).status, 422);
    assert.equal((await post('/v2/concurrency_limits/increment-with-lease', { names: ['db'], slots: 5, lease_duration: 60 })).status, 422);
    assert.equal((await post('/v2/concurrency_limits/increment-with-lease', { names: 'db', slots: 1 })).status, 422);
    assert.equal((await post('/v2/concurrency_limits/', { name: 'bad/name', limit: 1 })).status, 422);
  });

  it('serves tag limits as a façade: upsert, task-run holders as active_slots, reset, delete', async () => {
    const first = await post('/concurrency_limits/', { tag: 'gpu', concurrency_limit: 2 });
    assert.equal(first.status, 201);
    assert.equal((await post('/concurrency_limits/', { tag: 'gpu', concurrency_limit: 3 })).status, 200);
    assert.equal((await acquire('tag:gpu', 'task-run-1')).status, 200);
    const limit = (await (await get('/concurrency_limits/tag/gpu')).json()) as { tag: string; concurrency_limit: number; active_slots: string[]; id: string };
    assert.equal(limit.tag, 'gpu');
    assert.equal(limit.concurrency_limit, 3);
    assert.deepEqual(limit.active_slots, ['task-run-1']);
    const listed = (await (await post('/concurrency_limits/filter', {})).json()) as { tag: string }[];
    assert.deepEqual(listed.map((l) => l.tag), ['gpu']);
    assert.equal((await post('/concurrency_limits/tag/gpu/reset', {})).status, 200);
    assert.deepEqual(((await (await get('/concurrency_limits/tag/gpu')).json()) as { active_slots: string[] }).active_slots, []);
    assert.equal((await t.fetch(`${t.workspaceApi}/concurrency_limits/tag/gpu`, { method: 'DELETE' })).status, 204);
    assert.equal((await get('/concurrency_limits/tag/gpu')).status, 404);
  });

  it('takes and returns v1 tag slots (legacy concurrency()): all or nothing, 423 when a tag is full, untagged names ignored', async () => {
    assert.equal((await post('/concurrency_limits/', { tag: 'db', concurrency_limit: 1 })).status, 201);
    assert.equal((await post('/concurrency_limits/', { tag: 'api', concurrency_limit: 2 })).status, 201);
    const first = await post('/concurrency_limits/increment', { names: ['db', 'api', 'no-limit'], task_run_id: 'tr-1' });
    assert.equal(first.status, 200);
    assert.deepEqual(((await first.json()) as { name: string; limit: number }[]).map((l) => [l.name, l.limit]).sort(), [['api', 2], ['db', 1]]);
    const blocked = await post('/concurrency_limits/increment', { names: ['api', 'db'], task_run_id: 'tr-2' });
    assert.equal(blocked.status, 423);
    assert.ok(blocked.headers.get('retry-after'));
    // All or nothing: the api slot taken before db refused was given back.
    const api = (await (await get('/v2/concurrency_limits/tag:api')).json()) as { active_slots: number };
    assert.equal(api.active_slots, 1);
    const released = await post('/concurrency_limits/decrement', { names: ['db', 'api'], task_run_id: 'tr-1', occupancy_seconds: 1.5 });
    assert.equal(released.status, 200);
    assert.equal((await post('/concurrency_limits/increment', { names: ['db'], task_run_id: 'tr-2' })).status, 200);
    assert.equal((await post('/concurrency_limits/increment', { names: 'db' })).status, 422);
  });

  it('updates only what a PATCH sends (prefect gcl update NAME --limit N)', async () => {
    assert.equal((await post('/v2/concurrency_limits/', { name: 'patchable', limit: 2, slot_decay_per_second: 0.5 })).status, 201);
    const patched = await t.fetch(`${t.workspaceApi}/v2/concurrency_limits/patchable`, { method: 'PATCH', body: JSON.stringify({ limit: 4 }), headers: { 'content-type': 'application/json' } });
    assert.equal(patched.status, 204, await patched.text());
    const after = (await (await get('/v2/concurrency_limits/patchable')).json()) as { name: string; limit: number; active: boolean; slot_decay_per_second: number };
    assert.deepEqual([after.name, after.limit, after.active, after.slot_decay_per_second], ['patchable', 4, true, 0.5]);
  });
});
