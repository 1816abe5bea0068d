import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startMongoTestServer } from '../support/mongo-test-server';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * The production read store (MongoDB, over the wire) under the whole app: the test starts a
 * MongoDB-compatible server itself, or uses MONGODB_URL.
 */
describe('the app on the MongoDB read store', () => {
  let mongo: Awaited<ReturnType<typeof startMongoTestServer>>;
  let t: TestServer;
  const post = (path: string, body: unknown) => t.fetch(`${t.workspaceApi}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

  before(async () => {
    mongo = await startMongoTestServer();
    t = await startTestServer({ MONGODB_URL: mongo.url, MONGODB_DB: `praetor_e2e_${randomUUID().slice(0, 8)}` });
  });
  after(async () => {
    await t?.stop();
    await mongo?.stop();
  });

  it('serves the bootstrapped workspace and runs a flow through its states', async () => {
    assert.match(t.server.runtime.stores.describe.readStore, /^mongodb:/);
    assert.equal(((await (await t.fetch('/me/workspaces')).json()) as unknown[]).length, 1);
    const flow = (await (await post('/flows/', { name: 'on-mongo', tags: ['m'] })).json()) as { id: string };
    const run = (await (await post('/flow_runs/', { flow_id: flow.id, tags: ['x'] })).json()) as { id: string };
    assert.equal((await post(`/flow_runs/${run.id}/set_state`, { state: { type: 'RUNNING' } })).status, 201);
    assert.equal((await post(`/flow_runs/${run.id}/set_state`, { state: { type: 'COMPLETED' } })).status, 201);
    const found = (await (await post('/flow_runs/filter', { flows: { tags: { all_: ['m'] } }, flow_runs: { state: { type: { any_: ['COMPLETED'] } } } })).json()) as { id: string }[];
    assert.deepEqual(found.map((r) => r.id), [run.id]);
    const states = (await (await t.fetch(`${t.workspaceApi}/flow_run_states/?flow_run_id=${run.id}`)).json()) as { type: string }[];
    assert.deepEqual(states.map((s) => s.type), ['PENDING', 'RUNNING', 'COMPLETED']);
  });

  it('never over-allocates a concurrency limit', async () => {
    assert.equal((await post('/v2/concurrency_limits/', { name: 'mongo-db', limit: 2 })).status, 201);
    const results = await Promise.all(Array.from({ length: 10 }, () => post('/v2/concurrency_limits/increment-with-lease', { names: ['mongo-db'], slots: 1, lease_duration: 60 })));
    assert.equal(results.filter((r) => r.status === 200).length, 2);
    assert.equal(results.filter((r) => r.status === 423).length, 8);
  });
});
