import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { streamName, toMicroIso } from '../../src/shared/ddd';
import { startTestServer, type TestServer } from '../support/test-server';

interface StateJson {
  id: string;
  type: string;
  name: string;
  message: string | null;
  state_details: Record<string, unknown>;
}
interface FlowRunJson {
  id: string;
  name: string;
  state_type: string;
  state_name: string;
  state: StateJson;
  deployment_id: string | null;
  deployment_version: string | null;
  auto_scheduled: boolean;
  idempotency_key: string | null;
  tags: string[];
  labels: Record<string, unknown>;
  parameters: Record<string, unknown>;
  work_queue_name: string | null;
  work_pool_name: string | null;
  job_variables: Record<string, unknown> | null;
  next_scheduled_start_time: string | null;
  expected_start_time: string | null;
  created_by: { id: string; type: string; display_value: string } | null;
}
interface DeploymentJson {
  id: string;
  schedules: { id: string; slug: string | null; active: boolean }[];
}

const json = (body: unknown, method = 'POST') => ({ method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const iso = (v: unknown) => toMicroIso(v);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `read` until `done` holds (or fails with the last value after the deadline). */
async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline) assert.fail(`${what}: condition not met in time; last value ${JSON.stringify(last, null, 1).slice(0, 2000)}`);
    await sleep(100);
    last = await read();
  }
  return last;
}

/** Python's `str()` of a UTC datetime: the date in Prefect's scheduled-run idempotency key. */
const pythonStr = (micro: string) => `${micro.slice(0, 10)} ${micro.slice(11, 19)}${micro.slice(19, 26) === '.000000' ? '' : micro.slice(19, 26)}+00:00`;

describe('scheduler: deployment schedules become scheduled flow runs', () => {
  let t: TestServer;
  const ws = (path: string) => `${t.workspaceApi}${path}`;
  let flowId: string;

  before(async () => {
    t = await startTestServer({ PRAETOR_SCHEDULER_LOOP_SECONDS: '1' });
    flowId = ((await (await t.fetch(ws('/flows/'), json({ name: 'scheduled-flow' }))).json()) as { id: string }).id;
  });
  after(async () => {
    await t?.stop();
  });

  const runsOf = async (deploymentId: string): Promise<FlowRunJson[]> => {
    const res = await t.fetch(ws('/flow_runs/filter'), json({ deployments: { id: { any_: [deploymentId] } }, sort: 'EXPECTED_START_TIME_ASC', limit: 200 }));
    assert.equal(res.status, 200);
    return (await res.json()) as FlowRunJson[];
  };
  const scheduledOf = async (deploymentId: string) => (await runsOf(deploymentId)).filter((r) => r.state_type === 'SCHEDULED' && r.auto_scheduled);
  /** An anchor on whole seconds, `minutes` from now: the first slot of the schedule, safely in the future. */
  const anchorIn = (minutes: number) => `${new Date(Math.floor(Date.now() / 1000) * 1000 + minutes * 60_000).toISOString().slice(0, 19)}Z`;
  const createDeployment = async (name: string, body: Record<string, unknown>): Promise<DeploymentJson> => {
    const res = await t.fetch(ws('/deployments/'), json({ name, flow_id: flowId, ...body }));
    assert.ok(res.status === 201 || res.status === 200, `create deployment: ${res.status} ${await res.clone().text()}`);
    return (await res.json()) as DeploymentJson;
  };

  it('an interval schedule gets its runs with Prefect fields, created by the scheduler as the system actor', async () => {
    const anchor = anchorIn(10);
    const d = await createDeployment('hourly', {
      parameters: { x: 1, y: 1 },
      tags: ['etl'],
      schedules: [{ schedule: { interval: 3600, anchor_date: anchor, timezone: 'UTC' }, active: true, parameters: { x: 2 }, slug: 'every-hour' }],
    });
    const scheduleId = d.schedules[0]!.id;
    // at least 3 runs and at least an hour ahead: anchor, +1 h, +2 h
    const runs = await eventually(() => scheduledOf(d.id), (r) => r.length >= 3, 'three scheduled runs');
    await sleep(300);
    const settled = await scheduledOf(d.id);
    assert.equal(settled.length, 3, 'no more than needed');
    const slots = [0, 1, 2].map((h) => iso(new Date(Date.parse(anchor) + h * 3_600_000).toISOString())!);
    assert.deepEqual(settled.map((r) => iso(r.next_scheduled_start_time)), slots);
    const run = runs.find((r) => iso(r.next_scheduled_start_time) === slots[0])!;
    assert.equal(run.state_name, 'Scheduled');
    assert.equal(run.state.message, 'Flow run scheduled');
    assert.equal(iso(run.state.state_details.scheduled_time), slots[0]);
    assert.equal(iso(run.expected_start_time), slots[0]);
    assert.equal(run.auto_scheduled, true);
    assert.equal(run.idempotency_key, `scheduled ${d.id} ${scheduleId} ${pythonStr(slots[0]!)}`);
    assert.deepEqual(run.tags, ['auto-scheduled', 'etl']);
    assert.deepEqual(run.parameters, { x: 2, y: 1 });
    assert.deepEqual(run.created_by, { id: scheduleId, type: 'SCHEDULE', display_value: 'every-hour' });
    assert.equal(run.deployment_id, d.id);
    assert.equal(run.labels['prefect.deployment.id'], d.id);
    assert.equal(run.labels['prefect.flow.id'], flowId);

    const [created] = await t.server.runtime.stores.events.readStream(streamName('flowRun', run.id));
    assert.equal(created?.type, 'FlowRunCreated');
    assert.equal((created!.metadata as { actor: { type: string } }).actor.type, 'system');
  });

  it('changing the schedule replaces its future runs; the monitor keeps exactly one run per slot', async () => {
    const anchor = anchorIn(10);
    const d = await createDeployment('changing', { schedules: [{ schedule: { interval: 3600, anchor_date: anchor }, active: true }] });
    const before = await eventually(() => scheduledOf(d.id), (r) => r.length === 3, 'first runs');
    const patched = await t.fetch(ws(`/deployments/${d.id}/schedules/${d.schedules[0]!.id}`), json({ schedule: { interval: 1800, anchor_date: anchor } }, 'PATCH'));
    assert.ok(patched.status === 204 || patched.status === 200, `patch schedule: ${patched.status}`);
    const slots = [0, 1, 2].map((k) => iso(new Date(Date.parse(anchor) + k * 1_800_000).toISOString()));
    const afterChange = await eventually(
      () => scheduledOf(d.id),
      (r) => JSON.stringify(r.map((x) => iso(x.next_scheduled_start_time))) === JSON.stringify(slots),
      'runs of the new schedule',
    );
    const oldIds = new Set(before.map((r) => r.id));
    assert.ok(afterChange.every((r) => !oldIds.has(r.id)), 'the old runs are gone, even the one at the same slot');
    for (const old of before) {
      const events = await t.server.runtime.stores.events.readStream(streamName('flowRun', old.id));
      const deleted = events.find((e) => e.type === 'FlowRunDeleted');
      assert.ok(deleted, `old run ${old.id} deleted by an event`);
      assert.equal((deleted!.metadata as { actor: { type: string } }).actor.type, 'system');
    }
    // a few monitor rounds later, still one run per slot
    await sleep(2500);
    assert.deepEqual((await scheduledOf(d.id)).map((x) => iso(x.next_scheduled_start_time)), slots);
  });

  it('pausing removes the future runs, resuming brings them back; a manual run of the deployment is left alone', async () => {
    const d = await createDeployment('pausable', { schedules: [{ schedule: { interval: 3600, anchor_date: anchorIn(10) }, active: true }] });
    const first = await eventually(() => scheduledOf(d.id), (r) => r.length === 3, 'runs before pausing');
    const manualRes = await t.fetch(
      ws(`/deployments/${d.id}/create_flow_run`),
      json({ state: { type: 'SCHEDULED', state_details: { scheduled_time: new Date(Date.now() + 7_200_000).toISOString() } } }),
    );
    assert.equal(manualRes.status, 201);
    const manual = (await manualRes.json()) as FlowRunJson;
    assert.equal((await t.fetch(ws(`/deployments/${d.id}/pause_deployment`), json({}))).status < 300, true);
    await eventually(() => scheduledOf(d.id), (r) => r.length === 0, 'no runs while paused');
    assert.deepEqual((await runsOf(d.id)).map((r) => r.id), [manual.id], 'only the manual run remains');
    assert.equal((await t.fetch(ws(`/deployments/${d.id}/resume_deployment`), json({}))).status < 300, true);
    const again = await eventually(() => scheduledOf(d.id), (r) => r.length === 3, 'runs again after resuming');
    assert.ok(again.every((r) => !first.some((f) => f.id === r.id)), 'resumed runs are new runs (a new schedule generation)');
  });

  it('an inactive schedule schedules nothing', async () => {
    const d = await createDeployment('two-schedules', {
      schedules: [
        { schedule: { interval: 3600, anchor_date: anchorIn(10) }, active: true, slug: 'on' },
        { schedule: { cron: '*/5 * * * *' }, active: false, slug: 'off' },
      ],
    });
    const on = d.schedules.find((s) => s.slug === 'on')!.id;
    const runs = await eventually(() => scheduledOf(d.id), (r) => r.length === 3, 'runs of the active schedule');
    await sleep(1500);
    assert.ok((await scheduledOf(d.id)).every((r) => r.created_by?.id === on), 'only the active schedule has runs');
    assert.equal(runs.length, 3);
  });

  it('deleting a deployment removes its scheduled runs, auto-scheduled and manual alike (as Prefect does)', async () => {
    const d = await createDeployment('doomed', { schedules: [{ schedule: { interval: 3600, anchor_date: anchorIn(10) }, active: true }] });
    await eventually(() => scheduledOf(d.id), (r) => r.length === 3, 'runs before deleting');
    const manual = await t.fetch(
      ws(`/deployments/${d.id}/create_flow_run`),
      json({ state: { type: 'SCHEDULED', state_details: { scheduled_time: new Date(Date.now() + 7_200_000).toISOString() } } }),
    );
    assert.equal(manual.status, 201);
    // By the run's own deployment_id: a join on deployments would find nothing once it is deleted.
    const ofDeployment = async () => {
      const res = await t.fetch(ws('/flow_runs/filter'), json({ flow_runs: { deployment_id: { any_: [d.id] } }, limit: 200 }));
      assert.equal(res.status, 200);
      return ((await res.json()) as FlowRunJson[]).filter((r) => r.state_type === 'SCHEDULED');
    };
    assert.equal((await ofDeployment()).length, 4);
    assert.ok((await t.fetch(ws(`/deployments/${d.id}`), { method: 'DELETE' })).status < 300);
    await eventually(ofDeployment, (r) => r.length === 0, 'no scheduled runs after deleting');
  });
});

describe('run monitors: late runs, zombie runs, cancellation cleanup', () => {
  let t: TestServer;
  const ws = (path: string) => `${t.workspaceApi}${path}`;
  let flowId: string;

  before(async () => {
    t = await startTestServer({ PRAETOR_LATE_RUNS_AFTER_SECONDS: '1', PRAETOR_MONITOR_LOOP_SECONDS: '1', PRAETOR_ZOMBIE_AFTER_SECONDS: '2' });
    flowId = ((await (await t.fetch(ws('/flows/'), json({ name: 'monitored' }))).json()) as { id: string }).id;
  });
  after(async () => {
    await t?.stop();
  });

  const getRun = async (id: string) => (await (await t.fetch(ws(`/flow_runs/${id}`))).json()) as FlowRunJson;
  const createRun = async (body: Record<string, unknown>) => {
    const res = await t.fetch(ws('/flow_runs/'), json({ flow_id: flowId, ...body }));
    assert.equal(res.status, 201);
    return (await res.json()) as FlowRunJson;
  };
  const setState = async (id: string, state: Record<string, unknown>, force = false) => {
    const res = await t.fetch(ws(`/flow_runs/${id}/set_state`), json({ state, force }));
    assert.ok(res.status < 300, `set_state ${res.status}`);
  };

  it('a run still Scheduled past its time becomes Late, keeping its scheduled time; a claimed run is left alone', async () => {
    const at = new Date(Date.now() - 5_000).toISOString();
    const run = await createRun({ state: { type: 'SCHEDULED', state_details: { scheduled_time: at } } });
    const future = await createRun({ state: { type: 'SCHEDULED', state_details: { scheduled_time: new Date(Date.now() + 3_600_000).toISOString() } } });
    const claimed = await createRun({ state: { type: 'PENDING' } });
    const late = await eventually(() => getRun(run.id), (r) => r.state_name === 'Late', 'late run');
    assert.equal(late.state_type, 'SCHEDULED');
    assert.equal(iso(late.state.state_details.scheduled_time), iso(at));
    assert.equal(iso(late.next_scheduled_start_time), iso(at));
    const events = await t.server.runtime.stores.events.readStream(streamName('flowRun', run.id));
    const change = events.find((e) => e.type === 'FlowRunStateChanged')!;
    assert.equal((change.metadata as { actor: { type: string } }).actor.type, 'system');
    const history = (await (await t.fetch(ws('/flow_run_states/?flow_run_id=' + run.id))).json()) as StateJson[];
    assert.deepEqual(history.map((s) => s.name), ['Scheduled', 'Late']);
    assert.equal((await getRun(future.id)).state_name, 'Scheduled', 'not yet due');
    assert.equal((await getRun(claimed.id)).state_type, 'PENDING');
  });

  it('a RUNNING run whose heartbeats stopped becomes Crashed; one that never sent a heartbeat is left alone', async () => {
    const silent = await createRun({});
    await setState(silent.id, { type: 'RUNNING' }, true);
    const zombie = await createRun({});
    await setState(zombie.id, { type: 'RUNNING' }, true);
    const heartbeat = {
      id: randomUUID(),
      occurred: new Date().toISOString(),
      event: 'prefect.flow-run.heartbeat',
      resource: { 'prefect.resource.id': `prefect.flow-run.${zombie.id}`, 'prefect.resource.name': zombie.name },
      related: [],
      payload: {},
    };
    const sent = await t.fetch(ws('/events'), json([heartbeat]));
    assert.ok(sent.status < 300, `POST /events ${sent.status}`);
    const crashed = await eventually(() => getRun(zombie.id), (r) => r.state_type === 'CRASHED', 'zombie crashed');
    assert.equal(crashed.state.message, 'Flow run marked as crashed due to missing heartbeats.');
    const events = await t.server.runtime.stores.events.readStream(streamName('flowRun', zombie.id));
    assert.equal((events[events.length - 1]!.metadata as { actor: { type: string } }).actor.type, 'system');
    assert.equal((await getRun(silent.id)).state_type, 'RUNNING', 'no heartbeat, no verdict');
  });

  it('cancelling a flow run cancels its unfinished task runs and subflow runs', async () => {
    const parent = await createRun({});
    await setState(parent.id, { type: 'RUNNING' }, true);
    const taskRes = await t.fetch(ws('/task_runs/'), json({ flow_run_id: parent.id, task_key: 'sub', dynamic_key: '0', name: 'sub-0', state: { type: 'RUNNING' } }));
    assert.ok(taskRes.status < 300, `task run ${taskRes.status}`);
    const task = (await taskRes.json()) as { id: string };
    const child = await createRun({ parent_task_run_id: task.id });
    await setState(child.id, { type: 'RUNNING' }, true);
    await setState(parent.id, { type: 'CANCELLED' }, true);
    const cancelledChild = await eventually(() => getRun(child.id), (r) => r.state_type === 'CANCELLED', 'subflow cancelled');
    assert.equal(cancelledChild.state.message, 'The parent flow run was cancelled.');
    const taskRun = await eventually(
      async () => (await (await t.fetch(ws(`/task_runs/${task.id}`))).json()) as { state_type: string; state: StateJson },
      (r) => r.state_type === 'CANCELLED',
      'task run cancelled',
    );
    assert.equal(taskRun.state.message, 'The parent flow run was cancelled.');
  });
});
