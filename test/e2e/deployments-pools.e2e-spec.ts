import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../support/test-server';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Deployments bound to a work pool: the pool and queue are resolved through WorkPoolDirectory. */
describe('deployments in work pools', () => {
  let t: TestServer;
  let flowId: string;
  const ws = (path: string) => `${t.workspaceApi}${path}`;
  const call = (method: string, path: string, body?: unknown) =>
    t.fetch(ws(path), { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const ok = async (res: Response, status: number) => {
    const text = await res.text();
    assert.equal(res.status, status, text);
    return (text ? JSON.parse(text) : null) as Json;
  };

  before(async () => {
    t = await startTestServer();
    flowId = (await ok(await call('POST', '/flows/', { name: 'etl' }), 201)).id;
    await ok(await call('POST', '/work_pools/', { name: 'pool-a', type: 'process' }), 201);
  });
  after(async () => {
    await t?.stop();
  });

  it('answers 404 for a work pool that does not exist', async () => {
    const res = await call('POST', '/deployments/', { flow_id: flowId, name: 'nowhere', work_pool_name: 'no-such-pool' });
    assert.equal(res.status, 404);
  });

  it('puts a deployment in the pool’s default queue, or in the named queue (created on demand)', async () => {
    const pool = await ok(await call('GET', '/work_pools/pool-a'), 200);
    const d = await ok(await call('POST', '/deployments/', { flow_id: flowId, name: 'pooled', work_pool_name: 'pool-a' }), 201);
    assert.equal(d.work_pool_name, 'pool-a');
    assert.equal(d.work_queue_name, 'default');
    assert.equal(d.work_queue_id, pool.default_queue_id);
    const high = await ok(await call('POST', '/deployments/', { flow_id: flowId, name: 'pooled-high', work_pool_name: 'pool-a', work_queue_name: 'high' }), 201);
    assert.equal(high.work_queue_name, 'high');
    assert.notEqual(high.work_queue_id, pool.default_queue_id);
    const queues = (await ok(await call('POST', '/work_pools/pool-a/queues/filter', {}), 200)) as unknown as Json[];
    assert.ok(queues.some((q) => q.name === 'high' && q.id === high.work_queue_id));
  });

  it('filters deployments by work pool and by work queue', async () => {
    const names = async (body: Json) => ((await ok(await call('POST', '/deployments/filter', body), 200)) as unknown as Json[]).map((d) => d.name);
    assert.deepEqual(await names({ work_pools: { name: { any_: ['pool-a'] } } }), ['pooled', 'pooled-high']);
    assert.deepEqual(await names({ work_pool_queues: { name: { any_: ['high'] } } }), ['pooled-high']);
    assert.deepEqual(await names({ work_pools: { type: { any_: ['kubernetes'] } } }), []);
  });

  it('runs of a pooled deployment go to its queue, or to another queue of the same pool when asked', async () => {
    const d = await ok(await call('GET', '/deployments/name/etl/pooled'), 200);
    const run = await ok(await call('POST', `/deployments/${d.id}/create_flow_run`, {}), 201);
    assert.equal(run.work_pool_name, 'pool-a');
    assert.equal(run.work_queue_name, 'default');
    assert.equal(run.work_queue_id, d.work_queue_id);
    const elsewhere = await ok(await call('POST', `/deployments/${d.id}/create_flow_run`, { work_queue_name: 'other' }), 201);
    assert.equal(elsewhere.work_pool_name, 'pool-a');
    assert.equal(elsewhere.work_queue_name, 'other');
  });

  it('a worker polling the deployment’s queue makes the deployment READY', async () => {
    const d = await ok(await call('GET', '/deployments/name/etl/pooled-high'), 200);
    assert.equal(d.status, 'NOT_READY');
    await ok(await call('POST', '/work_pools/pool-a/get_scheduled_flow_runs', { work_queue_names: ['high'] }), 200);
    const polled = await ok(await call('GET', `/deployments/${d.id}`), 200);
    assert.equal(polled.status, 'READY');
    assert.ok(polled.last_polled);
  });

  it('PATCH moves a deployment to another queue of its pool, and clears the pool with work_pool_name null', async () => {
    const d = await ok(await call('GET', '/deployments/name/etl/pooled'), 200);
    assert.equal((await call('PATCH', `/deployments/${d.id}`, { work_queue_name: 'high' })).status, 204);
    const moved = await ok(await call('GET', `/deployments/${d.id}`), 200);
    assert.equal(moved.work_pool_name, 'pool-a');
    assert.equal(moved.work_queue_name, 'high');
    assert.equal((await call('PATCH', `/deployments/${d.id}`, { work_pool_name: null })).status, 204);
    const served = await ok(await call('GET', `/deployments/${d.id}`), 200);
    assert.equal(served.work_pool_name, null);
    assert.equal(served.work_queue_id, null);
  });
});
