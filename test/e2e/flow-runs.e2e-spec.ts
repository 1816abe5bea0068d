import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store';
import { startTestServer, type TestServer } from '../support/test-server';

type Run = Record<string, unknown> & { id: string; state: { id: string; type: string; name: string; timestamp: string; state_details: Record<string, unknown> } };
type Result = { status: string; state: Run['state'] | null; details: { type: string; reason?: string | null; delay_seconds?: number } };

describe('flow runs, task runs and orchestration over REST', () => {
  let t: TestServer;
  let flowId: string;
  const ws = (p: string) => `${t.workspaceApi}${p}`;
  const send = (method: string, path: string, body?: unknown) =>
    t.fetch(ws(path), { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json', 'user-agent': 'prefect/3.9.0 (API 0.8.4)' } });
  const post = (path: string, body: unknown) => send('POST', path, body);
  const setState = async (id: string, state: Record<string, unknown>, force = false) => {
    const res = await post(`/flow_runs/${id}/set_state`, { state: { message: null, data: null, state_details: { transition_id: randomUUID() }, ...state }, force });
    return { http: res.status, body: (await res.json()) as Result };
  };

  before(async () => {
    t = await startTestServer();
    flowId = ((await (await post('/flows/', { name: 'pipeline', tags: [], labels: {} })).json()) as { id: string }).id;
  });
  after(async () => {
    await t?.stop();
  });

  it('creates a run PENDING with a generated name, then runs it to COMPLETED with Prefect’s bookkeeping', async () => {
    const res = await post('/flow_runs/', {
      flow_id: flowId,
      name: null,
      parameters: { x: 1 },
      context: {},
      tags: ['nightly'],
      parent_task_run_id: null,
      empirical_policy: { max_retries: 0, retry_delay_seconds: 0, retries: 0, retry_delay: 0, pause_keys: [], resuming: false, retry_type: null },
      state: { type: 'PENDING', name: 'Pending', message: null, data: null, state_details: {} },
      unknown_key: 'ignored',
    });
    assert.equal(res.status, 201);
    const run = (await res.json()) as Run;
    assert.match(run.name as string, /^[a-z]+-[a-z]+$/);
    assert.equal(run.state.type, 'PENDING');
    assert.equal(run.state_type, 'PENDING');
    assert.equal(run.flow_id, flowId);
    assert.deepEqual(run.parameters, { x: 1 });
    assert.equal((run.created_by as { id: string }).id, t.server.installation.ids.userId);
    for (const k of ['expected_start_time', 'estimated_run_time', 'estimated_start_time_delta', 'run_count', 'labels', 'job_variables']) assert.ok(k in run, k);

    const running = await setState(run.id, { type: 'RUNNING', name: 'Running' });
    assert.equal(running.http, 201);
    assert.equal(running.body.status, 'ACCEPT');
    assert.equal(running.body.details.type, 'accept_details');
    assert.equal(running.body.state!.type, 'RUNNING');
    const afterRunning = (await (await send('GET', `/flow_runs/${run.id}`)).json()) as Run;
    assert.equal(afterRunning.run_count, 1);
    assert.ok(afterRunning.start_time);

    const done = await setState(run.id, { type: 'COMPLETED', name: 'Completed' });
    assert.equal(done.body.status, 'ACCEPT');
    const final = (await (await send('GET', `/flow_runs/${run.id}`)).json()) as Run;
    assert.equal(final.state_type, 'COMPLETED');
    assert.ok(final.end_time);
    assert.ok((final.total_run_time as number) >= 0);

    const states = (await (await send('GET', `/flow_run_states/?flow_run_id=${run.id}`)).json()) as { type: string }[];
    assert.deepEqual(states.map((s) => s.type), ['PENDING', 'RUNNING', 'COMPLETED']);

    // Terminal guard: a finished run cannot be asked to cancel (ABORT), and nothing is written.
    const again = await setState(run.id, { type: 'CANCELLING' });
    assert.equal(again.body.status, 'ABORT');
    assert.equal(again.body.details.type, 'abort_details');
    assert.equal(again.http, 200);
    assert.equal(((await (await send('GET', `/flow_run_states/?flow_run_id=${run.id}`)).json()) as unknown[]).length, 3);
  });

  it('answers a repeated proposal (same transition_id) without writing a second state', async () => {
    const run = (await (await post('/flow_runs/', { flow_id: flowId, state: { type: 'PENDING' } })).json()) as Run;
    const transition = randomUUID();
    const body = { state: { type: 'RUNNING', name: 'Running', state_details: { transition_id: transition } }, force: false };
    const first = (await (await post(`/flow_runs/${run.id}/set_state`, body)).json()) as Result;
    assert.equal(first.status, 'ACCEPT');
    const retry = await post(`/flow_runs/${run.id}/set_state`, body);
    const second = (await retry.json()) as Result;
    assert.equal(second.status, 'REJECT');
    assert.equal(retry.status, 200);
    const states = (await (await send('GET', `/flow_run_states/?flow_run_id=${run.id}`)).json()) as unknown[];
    assert.equal(states.length, 2);
  });

  it('retries a failed flow through AwaitingRetry when the policy allows it', async () => {
    const run = (await (await post('/flow_runs/', { flow_id: flowId, empirical_policy: { retries: 1, retry_delay: 0 }, state: { type: 'PENDING' } })).json()) as Run;
    await setState(run.id, { type: 'RUNNING' });
    const failed = await setState(run.id, { type: 'FAILED', name: 'Failed', message: 'boom' });
    assert.equal(failed.body.status, 'REJECT');
    assert.equal(failed.body.state!.type, 'SCHEDULED');
    assert.equal(failed.body.state!.name, 'AwaitingRetry');
    assert.equal((await setState(run.id, { type: 'RUNNING' })).body.status, 'ACCEPT');
    const final = await setState(run.id, { type: 'FAILED', message: 'boom again' });
    assert.equal(final.body.status, 'ACCEPT');
    const r = (await (await send('GET', `/flow_runs/${run.id}`)).json()) as Run;
    assert.equal(r.run_count, 2);
    assert.equal(r.state.type, 'FAILED');
  });

  it('filters, counts, sorts and joins runs; patches labels and fields; deletes', async () => {
    const other = ((await (await post('/flows/', { name: 'other' })).json()) as { id: string }).id;
    const a = (await (await post('/flow_runs/', { flow_id: other, name: 'run-a', tags: ['t1'] })).json()) as Run;
    const b = (await (await post('/flow_runs/', { flow_id: other, name: 'run-b', tags: ['t1', 't2'] })).json()) as Run;
    await setState(b.id, { type: 'RUNNING' });
    const byFlow = (await (await post('/flow_runs/filter', { flows: { name: { any_: ['other'] } }, sort: 'NAME_ASC' })).json()) as Run[];
    assert.deepEqual(byFlow.map((r) => r.name), ['run-a', 'run-b']);
    const running = (await (await post('/flow_runs/filter', { flow_runs: { operator: 'and_', state: { type: { any_: ['RUNNING'] } }, tags: { all_: ['t1'] } } })).json()) as Run[];
    assert.deepEqual(running.map((r) => r.id), [b.id]);
    assert.equal(await (await post('/flow_runs/count', { flows: { id: { any_: [other] } } })).json(), 2);
    assert.equal((await send('PATCH', `/flow_runs/${a.id}/labels`, { team: 'data' })).status, 204);
    assert.equal((await send('PATCH', `/flow_runs/${a.id}`, { name: 'renamed', tags: ['t3'] })).status, 204);
    const patched = (await (await send('GET', `/flow_runs/${a.id}`)).json()) as Run;
    assert.equal(patched.name, 'renamed');
    assert.deepEqual(patched.tags, ['t3']);
    assert.equal((patched.labels as Record<string, unknown>).team, 'data');
    assert.equal((await send('DELETE', `/flow_runs/${a.id}`)).status, 204);
    assert.equal((await send('GET', `/flow_runs/${a.id}`)).status, 404);
  });

  it('returns the existing run for a repeated idempotency key', async () => {
    const first = await post('/flow_runs/', { flow_id: flowId, idempotency_key: 'slot-1' });
    const second = await post('/flow_runs/', { flow_id: flowId, idempotency_key: 'slot-1' });
    assert.equal(first.status, 201);
    assert.equal(second.status, 200);
    assert.equal(((await first.json()) as Run).id, ((await second.json()) as Run).id);
  });

  it('tracks a subflow through its task run, mirroring the child’s states onto it', async () => {
    const parent = (await (await post('/flow_runs/', { flow_id: flowId })).json()) as Run;
    await setState(parent.id, { type: 'RUNNING' });
    const tr = await post('/task_runs/', { name: 'child-abc', flow_run_id: parent.id, task_key: 'child-key', dynamic_key: '0', state: { type: 'PENDING' }, empirical_policy: null, tags: [], task_inputs: {} });
    assert.equal(tr.status, 201);
    const tracker = (await tr.json()) as Run;
    assert.equal((await post('/task_runs/', { name: 'child-abc', flow_run_id: parent.id, task_key: 'child-key', dynamic_key: '0' })).status, 200, 'same natural key');
    const child = (await (await post('/flow_runs/', { flow_id: flowId, parent_task_run_id: tracker.id })).json()) as Run;
    const found = (await (await post('/flow_runs/filter', { flow_runs: { parent_task_run_id: { any_: [tracker.id] } }, sort: 'EXPECTED_START_TIME_DESC', limit: 1 })).json()) as Run[];
    assert.deepEqual(found.map((r) => r.id), [child.id]);
    const byParent = (await (await post('/flow_runs/filter', { flow_runs: { parent_flow_run_id: { any_: [parent.id] } } })).json()) as Run[];
    assert.deepEqual(byParent.map((r) => r.id), [child.id]);
    await setState(child.id, { type: 'RUNNING' });
    await setState(child.id, { type: 'COMPLETED' });
    const mirrored = (await (await send('GET', `/task_runs/${tracker.id}`)).json()) as Run;
    assert.equal(mirrored.state.type, 'COMPLETED');
    assert.equal(mirrored.state.state_details.child_flow_run_id, child.id);
    const tasks = (await (await post('/task_runs/filter', { flow_runs: { id: { any_: [parent.id] } } })).json()) as Run[];
    assert.deepEqual(tasks.map((x) => x.id), [tracker.id]);
    assert.equal(await (await post('/task_runs/count', { task_runs: { state: { type: { any_: ['COMPLETED'] } } } })).json(), 1);
  });

  it('refuses bad input with 422 and unknown runs with 404', async () => {
    assert.equal((await post('/flow_runs/', { flow_id: 'not-a-uuid' })).status, 422);
    assert.equal((await post('/flow_runs/', { flow_id: randomUUID() })).status, 404);
    assert.equal((await post('/flow_runs/', { flow_id: flowId, tags: 'x' })).status, 422);
    const run = (await (await post('/flow_runs/', { flow_id: flowId })).json()) as Run;
    assert.equal((await post(`/flow_runs/${run.id}/set_state`, { state: { type: 'SIDEWAYS' } })).status, 422);
    assert.equal((await post(`/flow_runs/${run.id}/set_state`, {})).status, 422);
    assert.equal((await post(`/flow_runs/${randomUUID()}/set_state`, { state: { type: 'RUNNING' } })).status, 404);
    assert.equal((await post('/flow_runs/filter', { sort: 'NOPE' })).status, 422);
  });

  it('records every state change as an event carrying the actor', async () => {
    const run = (await (await post('/flow_runs/', { flow_id: flowId })).json()) as Run;
    await setState(run.id, { type: 'RUNNING' });
    await setState(run.id, { type: 'COMPLETED' });
    await t.server.close();
    const store = SqliteEventStore.open(`${t.dataDir}/events.sqlite`);
    try {
      const events = await store.readStream(`flowRun-${run.id}`);
      assert.deepEqual(events.map((e) => e.type), ['FlowRunCreated', 'FlowRunStateChanged', 'FlowRunStateChanged']);
      for (const e of events) assert.equal((e.metadata as { actor: { id: string } }).actor.id, t.server.installation.ids.userId);
    } finally {
      await store.close();
    }
  });
});
