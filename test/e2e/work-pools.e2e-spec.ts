import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NO_REQUEST, SYSTEM_PRINCIPAL } from '../../src/shared/application';
import { createOtherTenant } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';
import { TestSocket } from '../support/ws-client';
import { DEPLOYMENT_POLLS, type DeploymentPollDoc } from '../../src/contexts/orchestration';
import { WorkPoolDirectory } from '../../src/contexts/orchestration/application/work-pools/work-pool-directory';

interface Pool {
  id: string;
  name: string;
  type: string;
  status: string | null;
  is_paused: boolean;
  default_queue_id: string;
  concurrency_limit: number | null;
  base_job_template: Record<string, unknown>;
  active_slots: number | null;
  storage_configuration: Record<string, unknown>;
}
interface Queue {
  id: string;
  name: string;
  priority: number;
  is_paused: boolean;
  status: string;
  last_polled: string | null;
  work_pool_id: string;
  work_pool_name: string;
  concurrency_limit: number | null;
}
interface Worker {
  id: string;
  name: string;
  status: string;
  work_pool_id: string;
  heartbeat_interval_seconds: number | null;
  last_heartbeat_time: string;
}
interface ScheduledRun {
  work_pool_id: string;
  work_queue_id: string;
  flow_run: { id: string; name: string; state_type: string };
}

describe('work pools, queues and workers (Prefect /work_pools and /work_queues routes)', () => {
  let t: TestServer;
  let flowId: string;
  const ws = (path: string) => `${t.workspaceApi}${path}`;
  const send = (method: string, path: string, body?: unknown) =>
    t.fetch(ws(path), { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
  const post = (path: string, body: unknown) => send('POST', path, body);
  const get = async <T>(path: string) => {
    const res = await t.fetch(ws(path));
    assert.equal(res.status, 200, `${path}: ${res.status}`);
    return (await res.json()) as T;
  };
  const createPool = async (name: string, extra: Record<string, unknown> = {}) => {
    const res = await post('/work_pools/', { name, type: 'process', ...extra });
    assert.equal(res.status, 201, await res.clone().text());
    return (await res.json()) as Pool;
  };
  /** Polls until `check` holds (the monitor runs every second here); fails after the deadline. */
  const eventually = async <T>(what: string, read: () => Promise<T>, check: (v: T) => boolean, ms = 15_000): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await read();
      if (check(v)) return v;
      if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(v)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const eventsAbout = async (resourceId: string) => {
    const res = await post('/events/filter', { filter: { any_resource: { id: [resourceId] }, order: 'ASC' }, limit: 50 });
    assert.equal(res.status, 200);
    return ((await res.json()) as { events: { id: string; event: string; resource: Record<string, string>; related: Record<string, string>[]; follows: string | null }[] }).events;
  };
  const scheduledRun = async (queue: Record<string, string>, at: string, name: string) => {
    const res = await post('/flow_runs/', { flow_id: flowId, name, ...queue, state: { type: 'SCHEDULED', name: 'Scheduled', state_details: { scheduled_time: at } } });
    assert.equal(res.status, 201, await res.clone().text());
    return (await res.json()) as { id: string };
  };

  before(async () => {
    t = await startTestServer({ PRAETOR_MONITOR_LOOP_SECONDS: '1' });
    flowId = ((await (await post('/flows/', { name: 'pool-flow' })).json()) as { id: string }).id;
  });
  after(async () => {
    await t?.stop();
  });

  it('creates a pool with 201 and its default queue; a second one of that name is 409; "prefect…" names are 403; type is required', async () => {
    const template = { job_configuration: { command: '{{ command }}' }, variables: { properties: { command: { type: 'string' } } } };
    const pool = await createPool('crud', { description: 'd', base_job_template: template });
    assert.equal(pool.name, 'crud');
    assert.equal(pool.type, 'process');
    assert.equal(pool.status, 'NOT_READY');
    assert.deepEqual(pool.base_job_template, template);
    assert.equal(pool.active_slots, null);
    assert.ok(pool.default_queue_id);
    assert.ok(!Object.keys(pool).some((k) => k.startsWith('_')), 'no internal fields leak');
    const queues = (await (await post('/work_pools/crud/queues/filter', { work_queues: null, limit: null, offset: null })).json()) as Queue[];
    assert.deepEqual(queues.map((q) => [q.name, q.id, q.priority, q.work_pool_name]), [['default', pool.default_queue_id, 1, 'crud']]);

    assert.equal((await post('/work_pools/', { name: 'crud', type: 'process' })).status, 409);
    assert.equal((await post('/work_pools/', { name: 'Prefect-Thing', type: 'process' })).status, 403);
    assert.equal((await post('/work_pools/', { name: 'no-type' })).status, 422);
    assert.equal((await post('/work_pools/', { name: 'bad-template', type: 'process', base_job_template: { job_configuration: { x: '{{ y }}' }, variables: { properties: {} } } })).status, 422);
    assert.equal((await t.fetch(ws('/work_pools/nope'))).status, 404);
  });

  it('reads, filters, counts, updates (204) and deletes (204) pools; deleting removes its queues', async () => {
    await createPool('filter-a');
    await createPool('filter-b', { type: 'kubernetes' });
    const read = await get<Pool>('/work_pools/filter-a');
    assert.equal(read.name, 'filter-a');
    const byType = (await (await post('/work_pools/filter', { work_pools: { type: { any_: ['kubernetes'] } } })).json()) as Pool[];
    assert.deepEqual(byType.map((p) => p.name), ['filter-b']);
    const byName = (await (await post('/work_pools/filter', { work_pools: { name: { any_: ['filter-a', 'filter-b'] } } })).json()) as Pool[];
    assert.deepEqual(byName.map((p) => p.name), ['filter-a', 'filter-b']);
    assert.equal(await (await post('/work_pools/count', { work_pools: { id: { any_: [read.id] } } })).json(), 1);

    assert.equal((await send('PATCH', '/work_pools/filter-a', { description: 'new', concurrency_limit: 3 })).status, 204);
    const updated = await get<Pool>('/work_pools/filter-a');
    assert.equal(updated.concurrency_limit, 3);
    assert.equal(updated.active_slots, 0);
    assert.equal((await send('PATCH', '/work_pools/nope', { description: 'x' })).status, 404);

    const queue = (await (await post('/work_pools/filter-a/queues', { name: 'extra' })).json()) as Queue;
    assert.equal((await send('DELETE', '/work_pools/filter-a')).status, 204);
    assert.equal((await t.fetch(ws('/work_pools/filter-a'))).status, 404);
    assert.equal((await t.fetch(ws(`/work_queues/${queue.id}`))).status, 404);
    assert.equal((await t.fetch(ws(`/work_queues/${read.default_queue_id}`))).status, 404);
    assert.equal((await send('DELETE', '/work_pools/filter-a')).status, 404);
  });

  it('queues: 201, 409 on a taken name, new ones go last, an explicit priority pushes the others down', async () => {
    await createPool('prio');
    const a = (await (await post('/work_pools/prio/queues', { name: 'a' })).json()) as Queue;
    assert.equal(a.priority, 2);
    assert.equal((await post('/work_pools/prio/queues', { name: 'a' })).status, 409);
    assert.equal((await post('/work_pools/nope/queues', { name: 'a' })).status, 404);
    const b = await post('/work_pools/prio/queues', { name: 'b', priority: 1, concurrency_limit: 2, description: 'urgent' });
    assert.equal(b.status, 201);
    const order = (await (await post('/work_pools/prio/queues/filter', {})).json()) as Queue[];
    assert.deepEqual(order.map((q) => [q.name, q.priority]), [['b', 1], ['default', 2], ['a', 3]]);
    assert.equal((await send('PATCH', '/work_pools/prio/queues/a', { priority: 1 })).status, 204);
    const after = (await (await post('/work_pools/prio/queues/filter', {})).json()) as Queue[];
    assert.deepEqual(after.map((q) => [q.name, q.priority]), [['a', 1], ['b', 2], ['default', 3]]);
    const one = await get<Queue>('/work_pools/prio/queues/b');
    assert.equal(one.concurrency_limit, 2);
    assert.equal(one.status, 'NOT_READY');
    assert.equal(one.last_polled, null);
    const starts = (await (await post('/work_pools/prio/queues/filter', { work_queues: { name: { startswith_: ['d'] } } })).json()) as Queue[];
    assert.deepEqual(starts.map((q) => q.name), ['default']);
    assert.equal((await send('DELETE', '/work_pools/prio/queues/b')).status, 204);
    assert.equal((await t.fetch(ws('/work_pools/prio/queues/b'))).status, 404);
    assert.equal((await send('DELETE', '/work_pools/prio/queues/default')).status, 422, "a pool's default queue cannot be deleted");
  });

  it('pause and resume: pool and queue statuses become PAUSED and back', async () => {
    await createPool('pausing');
    assert.equal((await send('PATCH', '/work_pools/pausing', { is_paused: true })).status, 204);
    assert.equal((await get<Pool>('/work_pools/pausing')).status, 'PAUSED');
    assert.equal((await send('PATCH', '/work_pools/pausing/queues/default', { is_paused: true })).status, 204);
    const pausedQueue = await get<Queue>('/work_pools/pausing/queues/default');
    assert.equal(pausedQueue.status, 'PAUSED');
    await eventually('queue paused event', () => eventsAbout(`prefect.work-queue.${pausedQueue.id}`), (es) => es.some((e) => e.event === 'prefect.work-queue.paused'));
    assert.equal((await send('PATCH', '/work_pools/pausing', { is_paused: false })).status, 204);
    assert.equal((await get<Pool>('/work_pools/pausing')).status, 'NOT_READY');
    assert.equal((await send('PATCH', '/work_pools/pausing/queues/default', { is_paused: false })).status, 204);
    assert.equal((await get<Queue>('/work_pools/pausing/queues/default')).status, 'NOT_READY');
  });

  it('heartbeat: 204, or 200 with the worker id as plain text when asked; 404 for an unknown pool; the worker is ONLINE then OFFLINE', async () => {
    const pool = await createPool('beats');
    const plain = await post('/work_pools/beats/workers/heartbeat', { name: 'w-plain', heartbeat_interval_seconds: 30 });
    assert.equal(plain.status, 204);
    const withId = await post('/work_pools/beats/workers/heartbeat', { name: 'w-fast', heartbeat_interval_seconds: 2, return_id: true, metadata: { integrations: [] } });
    assert.equal(withId.status, 200);
    const id = await withId.text();
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'the bare UUID the client parses with UUID(resp.text)');
    const again = await post('/work_pools/beats/workers/heartbeat', { name: 'w-fast', heartbeat_interval_seconds: 2, return_id: true });
    assert.equal(await again.text(), id, 'the id follows from pool and name');
    assert.equal((await post('/work_pools/nope/workers/heartbeat', { name: 'w' })).status, 404);

    const online = (await (await post('/work_pools/beats/workers/filter', { workers: { status: { any_: ['ONLINE'] } }, offset: null, limit: null })).json()) as Worker[];
    assert.deepEqual(online.map((w) => w.name).sort(), ['w-fast', 'w-plain']);
    assert.equal(online.find((w) => w.name === 'w-fast')!.id, id);
    assert.equal(online[0]!.work_pool_id, pool.id);
    assert.equal((await get<Pool>('/work_pools/beats')).status, 'READY');
    // Three missed two-second heartbeats later the fast worker is OFFLINE.
    const offline = await eventually(
      'w-fast offline',
      async () => (await (await post('/work_pools/beats/workers/filter', { workers: { status: { not_any_: ['ONLINE'] } } })).json()) as Worker[],
      (ws) => ws.length === 1,
    );
    assert.equal(offline[0]!.name, 'w-fast');
    assert.equal(offline[0]!.status, 'OFFLINE');
  });

  it('a worker going offline makes its pool NOT_READY, and each status change is one Prefect event', async () => {
    const pool = await createPool('events-pool');
    await eventually('initial not-ready event', () => eventsAbout(`prefect.work-pool.${pool.id}`), (es) => es.some((e) => e.event === 'prefect.work-pool.not-ready'));
    await post('/work_pools/events-pool/workers/heartbeat', { name: 'short-lived', heartbeat_interval_seconds: 2 });
    await eventually('ready event', () => eventsAbout(`prefect.work-pool.${pool.id}`), (es) => es.some((e) => e.event === 'prefect.work-pool.ready'));
    const events = await eventually('back to not-ready', () => eventsAbout(`prefect.work-pool.${pool.id}`), (es) => es.filter((e) => e.event === 'prefect.work-pool.not-ready').length === 2);
    assert.deepEqual(events.map((e) => e.event), ['prefect.work-pool.not-ready', 'prefect.work-pool.ready', 'prefect.work-pool.not-ready']);
    assert.equal(events[0]!.resource['prefect.resource.name'], 'events-pool');
    assert.equal(events[0]!.resource['prefect.work-pool.type'], 'process');
    assert.equal(events[1]!.follows, events[0]!.id);
    assert.equal((await get<Pool>('/work_pools/events-pool')).status, 'NOT_READY');
    // Pausing is published too; nothing is published twice.
    await send('PATCH', '/work_pools/events-pool', { is_paused: true });
    const paused = await eventually('paused event', () => eventsAbout(`prefect.work-pool.${pool.id}`), (es) => es.some((e) => e.event === 'prefect.work-pool.paused'));
    assert.equal(paused.length, 4);
  });

  it('get_scheduled_flow_runs: due runs by queue priority then time, queue filter, paused queue and pool, limits; records the poll', async () => {
    const pool = await createPool('polling');
    const high = (await (await post('/work_pools/polling/queues', { name: 'high', priority: 1 })).json()) as Queue;
    const low = (await (await post('/work_pools/polling/queues', { name: 'low' })).json()) as Queue;
    const past = (s: number) => new Date(Date.now() - s * 1000).toISOString();
    const future = new Date(Date.now() + 3600_000).toISOString();
    const l1 = await scheduledRun({ work_pool_name: 'polling', work_queue_name: 'low' }, past(300), 'low-old');
    const h2 = await scheduledRun({ work_pool_name: 'polling', work_queue_name: 'high' }, past(10), 'high-new');
    const h1 = await scheduledRun({ work_pool_name: 'polling', work_queue_name: 'high' }, past(100), 'high-old');
    await scheduledRun({ work_pool_name: 'polling', work_queue_name: 'high' }, future, 'high-later');
    await scheduledRun({ work_pool_name: 'elsewhere', work_queue_name: 'high' }, past(50), 'other-pool');
    const deploymentId = '7d1d1a4e-0000-4000-8000-000000000001';
    const d1 = await scheduledRun({ work_pool_name: 'polling', work_queue_name: 'low', deployment_id: deploymentId }, past(200), 'from-deployment');
    const before = new Date(Date.now() + 10_000).toISOString().replace('T', ' ').replace('Z', '+00:00');

    const all = (await (await post('/work_pools/polling/get_scheduled_flow_runs', { work_queue_names: [], scheduled_before: before })).json()) as ScheduledRun[];
    assert.deepEqual(all.map((r) => r.flow_run.id), [h1.id, h2.id, l1.id, d1.id], 'queue priority first, then scheduled time');
    assert.deepEqual(all.map((r) => r.work_queue_id), [high.id, high.id, low.id, low.id]);
    // The poll is recorded for the deployment of a run handed out (its READY status).
    const deploymentPoll = await t.server.runtime.stores.readStore.get<DeploymentPollDoc>(DEPLOYMENT_POLLS, deploymentId);
    assert.ok(deploymentPoll?.last_polled);
    assert.equal(deploymentPoll._workspace, t.server.installation.ids.workspaceId);
    assert.ok(all.every((r) => r.work_pool_id === pool.id && r.flow_run.state_type === 'SCHEDULED'));
    const limited = (await (await post('/work_pools/polling/get_scheduled_flow_runs', { scheduled_before: before, limit: 1 })).json()) as ScheduledRun[];
    assert.deepEqual(limited.map((r) => r.flow_run.id), [h1.id]);
    const onlyLow = (await (await post('/work_pools/polling/get_scheduled_flow_runs', { work_queue_names: ['low'], scheduled_before: before })).json()) as ScheduledRun[];
    assert.deepEqual(onlyLow.map((r) => r.flow_run.id), [l1.id, d1.id]);
    const after = (await (await post('/work_pools/polling/get_scheduled_flow_runs', { scheduled_before: before, scheduled_after: past(50) })).json()) as ScheduledRun[];
    assert.deepEqual(after.map((r) => r.flow_run.id), [h2.id]);
    assert.equal((await post('/work_pools/polling/get_scheduled_flow_runs', { work_queue_names: ['missing'] })).status, 404);
    assert.equal((await post('/work_pools/nope/get_scheduled_flow_runs', {})).status, 404);

    // The polled queues are READY now, with their poll time.
    const polledHigh = await get<Queue>('/work_pools/polling/queues/high');
    assert.equal(polledHigh.status, 'READY');
    assert.ok(polledHigh.last_polled);
    await eventually('queue ready event', () => eventsAbout(`prefect.work-queue.${high.id}`), (es) => es.some((e) => e.event === 'prefect.work-queue.ready'));
    const [ready] = await eventsAbout(`prefect.work-queue.${high.id}`);
    assert.equal(ready!.related[0]!['prefect.resource.id'], `prefect.work-pool.${pool.id}`);

    // A paused queue hands out nothing; a paused pool hands out nothing at all.
    await send('PATCH', '/work_pools/polling/queues/high', { is_paused: true });
    const noHigh = (await (await post('/work_pools/polling/get_scheduled_flow_runs', { scheduled_before: before })).json()) as ScheduledRun[];
    assert.deepEqual(noHigh.map((r) => r.flow_run.id), [l1.id, d1.id]);
    await send('PATCH', '/work_pools/polling/queues/high', { is_paused: false });
    await send('PATCH', '/work_pools/polling', { is_paused: true });
    assert.deepEqual(await (await post('/work_pools/polling/get_scheduled_flow_runs', { scheduled_before: before })).json(), []);
    await send('PATCH', '/work_pools/polling', { is_paused: false });
  });

  it('get_scheduled_flow_runs respects queue and pool concurrency limits (runs PENDING, RUNNING or CANCELLING hold a slot)', async () => {
    await createPool('limited', { concurrency_limit: 2 });
    await post('/work_pools/limited/queues', { name: 'q1', priority: 1, concurrency_limit: 1 });
    await post('/work_pools/limited/queues', { name: 'q2', priority: 2 });
    const past = (s: number) => new Date(Date.now() - s * 1000).toISOString();
    const q1a = await scheduledRun({ work_pool_name: 'limited', work_queue_name: 'q1' }, past(60), 'q1a');
    await scheduledRun({ work_pool_name: 'limited', work_queue_name: 'q1' }, past(50), 'q1b');
    const q2a = await scheduledRun({ work_pool_name: 'limited', work_queue_name: 'q2' }, past(40), 'q2a');
    await scheduledRun({ work_pool_name: 'limited', work_queue_name: 'q2' }, past(30), 'q2b');
    const now = new Date(Date.now() + 1000).toISOString();
    const first = (await (await post('/work_pools/limited/get_scheduled_flow_runs', { scheduled_before: now })).json()) as ScheduledRun[];
    assert.deepEqual(first.map((r) => r.flow_run.id), [q1a.id, q2a.id], 'q1 gives one (its limit), the pool two (its limit)');

    // q1a starts running: q1 has no free slot, the pool one.
    const pending = await post(`/flow_runs/${q1a.id}/set_state`, { state: { type: 'PENDING' }, force: true });
    assert.equal(pending.status, 201, await pending.clone().text());
    const second = (await (await post('/work_pools/limited/get_scheduled_flow_runs', { scheduled_before: now })).json()) as ScheduledRun[];
    assert.deepEqual(second.map((r) => r.flow_run.id), [q2a.id]);
    type Holder = { id: string; state_type: string; time_in_current_state: string };
    const status = (await (await post('/work_pools/limited/concurrency_status', {})).json()) as { active_slots: number; concurrency_limit: number; count: number; queues: { queue_id: string; queue_name: string; active_slots: number; flow_runs: Holder[] }[] };
    assert.equal(status.active_slots, 1);
    assert.equal(status.concurrency_limit, 2);
    assert.equal(status.count, 3);
    const q1 = status.queues.find((q) => q.queue_name === 'q1')!;
    assert.equal(q1.active_slots, 1);
    assert.deepEqual(q1.flow_runs.map((r) => [r.id, r.state_type]), [[q1a.id, 'PENDING']]);
    assert.match(q1.flow_runs[0]!.time_in_current_state, /^PT\d+(\.\d+)?S$/);
    const legacy = (await (await post(`/work_queues/${q1.queue_id}/concurrency_status`, { page: 1, limit: 10 })).json()) as { active_slots: number; concurrency_limit: number; flow_runs: Holder[]; pages: number };
    assert.deepEqual([legacy.active_slots, legacy.concurrency_limit, legacy.flow_runs.map((r) => r.id), legacy.pages], [1, 1, [q1a.id], 1]);
    assert.equal((await get<Pool>('/work_pools/limited')).active_slots, 1);
  });

  it('legacy /work_queues: create in the default agent pool, read by id and name, update, filter, get_runs, status, delete', async () => {
    const res = await post('/work_queues/', { name: 'legacy-q', description: 'old style' });
    assert.equal(res.status, 201);
    const q = (await res.json()) as Queue;
    assert.equal(q.work_pool_name, 'default-agent-pool');
    assert.equal((await post('/work_queues/', { name: 'legacy-q' })).status, 409);
    const agent = await get<Pool>('/work_pools/default-agent-pool');
    assert.equal(agent.type, 'prefect-agent');
    assert.equal(agent.status, null);
    assert.deepEqual(await get<Queue>(`/work_queues/${q.id}`), await get<Queue>('/work_queues/name/legacy-q'));
    // Pool queues are readable by id here too (the client's events worker does this).
    const poolQueue = await get<Queue>(`/work_queues/${(await get<Pool>('/work_pools/crud')).default_queue_id}`);
    assert.equal(poolQueue.work_pool_name, 'crud');
    assert.equal((await send('PATCH', `/work_queues/${q.id}`, { concurrency_limit: 5 })).status, 204);
    assert.equal((await get<Queue>(`/work_queues/${q.id}`)).concurrency_limit, 5);
    const filtered = (await (await post('/work_queues/filter', { work_queues: { name: { any_: ['legacy-q'] } } })).json()) as Queue[];
    assert.deepEqual(filtered.map((x) => x.id), [q.id]);

    const run = await scheduledRun({ work_queue_name: 'legacy-q' }, new Date(Date.now() - 5000).toISOString(), 'legacy-run');
    const runs = (await (await post(`/work_queues/${q.id}/get_runs`, { scheduled_before: new Date(Date.now() + 5000).toISOString() })).json()) as { id: string }[];
    assert.deepEqual(runs.map((r) => r.id), [run.id]);
    const status = await get<{ healthy: boolean; late_runs_count: number; last_polled: string | null; health_check_policy: Record<string, number> }>(`/work_queues/${q.id}/status`);
    assert.equal(status.healthy, true);
    assert.ok(status.last_polled);
    assert.deepEqual(status.health_check_policy, { maximum_late_runs: 0, maximum_seconds_since_last_polled: 60 });
    assert.equal((await send('DELETE', `/work_queues/${q.id}`)).status, 204);
    assert.equal((await t.fetch(ws(`/work_queues/${q.id}`))).status, 404);
  });

  it('the worker channel websocket answers 404, so workers fall back to REST', async () => {
    const url = ws('/work_pools/crud/workers/connect').replace(/^http/, 'ws');
    const socket = new TestSocket(url, { protocols: ['prefect'], headers: { authorization: `Bearer ${t.apiKey}` } });
    await assert.rejects(socket.opened, /upgrade refused: HTTP 404/);
    assert.equal((await t.fetch(ws('/work_pools/crud/workers/connect'))).status, 404);
  });

  it('aggregate-worker-metadata describes the process worker with a default template a pool accepts', async () => {
    const meta = await get<Record<string, Record<string, { type: string; display_name: string; default_base_job_configuration: Record<string, unknown> }>>>('/collections/views/aggregate-worker-metadata');
    const process = meta.prefect!.process!;
    assert.equal(process.type, 'process');
    assert.equal(process.display_name, 'Process');
    const pool = await createPool('from-metadata', { base_job_template: process.default_base_job_configuration });
    assert.deepEqual(pool.base_job_template, process.default_base_job_configuration);
    // Prefect Cloud's path for the same metadata (`prefect work-pool create` in Cloud mode reads it).
    assert.deepEqual(await get('/collections/work_pool_types'), meta);
  });

  it('deleting a worker is a user action: 204, recorded with its actor; 404 when unknown', async () => {
    await createPool('fleet');
    await post('/work_pools/fleet/workers/heartbeat', { name: 'doomed' });
    assert.equal((await send('DELETE', '/work_pools/fleet/workers/doomed')).status, 204);
    assert.deepEqual(await (await post('/work_pools/fleet/workers/filter', {})).json(), []);
    assert.equal((await send('DELETE', '/work_pools/fleet/workers/doomed')).status, 404);
    const pool = await get<Pool>('/work_pools/fleet');
    const recorded = await t.server.runtime.stores.events.readStream(`workPool-${pool.id}`);
    const deleted = recorded.find((e) => e.type === 'WorkerDeleted')!;
    assert.equal((deleted.data as { name: string }).name, 'doomed');
    assert.equal((deleted.metadata as { actor: { type: string } }).actor.type, 'user');
  });

  it('every configuration change is an event on the pool stream with its actor', async () => {
    const pool = await createPool('audited');
    await post('/work_pools/audited/queues', { name: 'q' });
    await send('PATCH', '/work_pools/audited/queues/q', { description: 'x' });
    await send('PATCH', '/work_pools/audited', { is_paused: true });
    await send('PATCH', '/work_pools/audited', { is_paused: true });
    await send('DELETE', '/work_pools/audited/queues/q');
    await send('DELETE', '/work_pools/audited');
    const recorded = await t.server.runtime.stores.events.readStream(`workPool-${pool.id}`);
    assert.deepEqual(recorded.map((e) => e.type), ['WorkPoolCreated', 'WorkQueueCreated', 'WorkQueueUpdated', 'WorkPoolUpdated', 'WorkQueueDeleted', 'WorkPoolDeleted'], 'the repeated pause decided nothing');
    for (const e of recorded) assert.equal((e.metadata as { actor: { type: string; name: string } }).actor.type, 'user', e.type);
  });

  it('WorkPoolDirectory.resolve: default queue, an existing or new queue of a pool, 404 for an unknown pool, legacy queues in the agent pool', async () => {
    const directory = t.server.app.get(WorkPoolDirectory);
    const { accountId, workspaceId } = t.server.installation.ids;
    const caller = { principal: SYSTEM_PRINCIPAL, request: NO_REQUEST, scope: { kind: 'workspace' as const, accountId, workspaceId } };
    const pool = await createPool('resolving');
    assert.equal(await directory.resolve(caller, null, null), null);
    assert.deepEqual(await directory.resolve(caller, 'resolving', null), { work_pool_id: pool.id, work_pool_name: 'resolving', work_queue_id: pool.default_queue_id, work_queue_name: 'default' });
    const created = await directory.resolve(caller, 'resolving', 'from-deployment');
    const queue = await get<Queue>('/work_pools/resolving/queues/from-deployment');
    assert.deepEqual(created, { work_pool_id: pool.id, work_pool_name: 'resolving', work_queue_id: queue.id, work_queue_name: 'from-deployment' });
    assert.equal(queue.priority, 2);
    assert.deepEqual(await directory.resolve(caller, 'resolving', 'from-deployment'), created, 'resolving again finds the same queue');
    await assert.rejects(directory.resolve(caller, 'no-such-pool', null), (e: Error & { code?: string }) => e.code === 'NOT_FOUND');
    await assert.rejects(directory.resolve(caller, 'no-such-pool', 'q'), (e: Error & { code?: string }) => e.code === 'NOT_FOUND');
    const legacy = await directory.resolve(caller, null, 'old-queue');
    const agent = await get<Pool>('/work_pools/default-agent-pool');
    assert.equal(legacy?.work_pool_id, agent.id);
    assert.equal(legacy?.work_pool_name, 'default-agent-pool');
    assert.equal((await get<Queue>(`/work_queues/${legacy!.work_queue_id}`)).name, 'old-queue');
    assert.deepEqual(await directory.resolve(caller, null, 'old-queue'), legacy);
  });

  it('keeps workspaces apart: another workspace sees none of our pools or queues (404)', async () => {
    const other = await createOtherTenant(t);
    const eve = (path: string, init: RequestInit = {}) => t.fetch(`${other.api}${path}`, { ...init, key: other.key });
    const ours = await get<Pool>('/work_pools/crud');
    assert.equal((await eve('/work_pools/crud')).status, 404);
    assert.equal((await eve(`/work_queues/${ours.default_queue_id}`)).status, 404);
    assert.equal((await eve('/work_pools/crud/workers/heartbeat', { method: 'POST', body: JSON.stringify({ name: 'spy' }), headers: { 'content-type': 'application/json' } })).status, 404);
    assert.deepEqual(await (await eve('/work_pools/filter', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).json(), []);
    // The same name in her workspace is a different pool.
    const hers = await eve('/work_pools/', { method: 'POST', body: JSON.stringify({ name: 'crud', type: 'process' }), headers: { 'content-type': 'application/json' } });
    assert.equal(hers.status, 201);
    assert.notEqual(((await hers.json()) as Pool).id, ours.id);
  });
});
