import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createOtherTenant } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every key of Prefect's DeploymentResponse (prefect-api.md §6.5). */
const RESPONSE_KEYS = [
  'id', 'created', 'updated', 'name', 'version', 'version_id', 'version_info', 'branch', 'base', 'root', 'description', 'flow_id', 'paused', 'status',
  'schedules', 'concurrency_limit', 'global_concurrency_limit', 'concurrency_options', 'job_variables', 'parameters', 'pull_steps', 'tags', 'labels',
  'work_queue_name', 'work_queue_id', 'work_pool_name', 'last_polled', 'parameter_openapi_schema', 'path', 'entrypoint', 'storage_document_id',
  'infrastructure_document_id', 'created_by', 'updated_by', 'enforce_parameter_schema',
].sort();

const SCHEMA = {
  type: 'object',
  title: 'Parameters',
  properties: { n: { type: 'integer', title: 'n', position: 0 }, who: { type: 'string', default: 'world', position: 1 }, opts: { $ref: '#/definitions/Opts' } },
  required: ['n'],
  definitions: { Opts: { type: 'object', properties: { fast: { type: 'boolean' } } } },
};

describe('deployments (Prefect /deployments routes)', () => {
  let t: TestServer;
  let flowId: string;
  const ws = (path: string) => `${t.workspaceApi}${path}`;
  const call = (method: string, path: string, body?: unknown) =>
    t.fetch(ws(path), { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json', 'user-agent': 'prefect/3.9.1 (API 0.8.4)' } });
  const post = (path: string, body?: unknown) => call('POST', path, body ?? {});
  const ok = async (res: Response, status: number) => {
    const text = await res.text();
    assert.equal(res.status, status, text);
    return (text ? JSON.parse(text) : null) as Json;
  };
  const deploy = async (body: Json, status = 201) => ok(await post('/deployments/', { flow_id: flowId, ...body }), status);
  const streamEvents = (id: string) => t.server.runtime.stores.events.readStream(`deployment-${id}`);
  const setState = async (runId: string, type: string, name?: string) =>
    ok(await post(`/flow_runs/${runId}/set_state`, { state: { type, name: name ?? null, message: null, data: null, state_details: { transition_id: randomUUID() } }, force: false }), 201);

  before(async () => {
    t = await startTestServer();
    flowId = (await ok(await post('/flows/', { name: 'etl' }), 201)).id;
  });
  after(async () => {
    await t?.stop();
  });

  it('creates with 201 and Prefect’s full response; the same (flow, name) again is an upsert (200, same id), and a no-op upsert records nothing', async () => {
    const body = { name: 'nightly', tags: ['a'], parameters: { n: 1 }, parameter_openapi_schema: SCHEMA, entrypoint: 'flows.py:etl', path: '/opt', labels: { team: 'data' }, version: 'v1' };
    const d = await deploy(body);
    assert.deepEqual(Object.keys(d).sort(), RESPONSE_KEYS);
    assert.equal(d.name, 'nightly');
    assert.equal(d.flow_id, flowId);
    assert.equal(d.status, 'NOT_READY');
    assert.equal(d.last_polled, null);
    assert.equal(d.paused, false);
    assert.equal(d.enforce_parameter_schema, true);
    assert.equal(d.global_concurrency_limit, null);
    assert.deepEqual(d.labels, { team: 'data', 'prefect.flow.id': flowId });
    assert.equal(d.created_by.id, t.server.installation.ids.userId);
    assert.equal(d.created_by.type, 'USER');
    const events = await streamEvents(d.id);
    assert.deepEqual(events.map((e) => e.type), ['DeploymentCreated']);
    assert.equal((events[0]!.metadata as { actor: { id: string } }).actor.id, t.server.installation.ids.userId);

    const again = await deploy(body, 200);
    assert.equal(again.id, d.id);
    assert.equal((await streamEvents(d.id)).length, 1, 'an upsert that changes nothing appends no event');
    const changed = await deploy({ ...body, description: 'now documented' }, 200);
    assert.equal(changed.description, 'now documented');
    assert.equal(changed.entrypoint, 'flows.py:etl', 'keys not sent keep their value');
    assert.deepEqual((await streamEvents(d.id)).map((e) => e.type), ['DeploymentCreated', 'DeploymentUpdated']);
  });

  it('refuses bad bodies with 422 (names, parameters against the schema, schedules) and an unknown flow with 404', async () => {
    assert.equal((await post('/deployments/', { flow_id: flowId, name: 'a/b' })).status, 422);
    assert.equal((await post('/deployments/', { flow_id: flowId })).status, 422);
    assert.equal((await post('/deployments/', { flow_id: randomUUID(), name: 'x' })).status, 404);
    const bad = await post('/deployments/', { flow_id: flowId, name: 'typed', parameters: { n: 'one' }, parameter_openapi_schema: SCHEMA });
    assert.equal(bad.status, 422);
    assert.match(JSON.stringify(await bad.json()), /Validation failed for field 'n'/);
    // Not enforced: anything goes.
    await deploy({ name: 'loose', parameters: { n: 'one' }, parameter_openapi_schema: SCHEMA, enforce_parameter_schema: false });
    for (const schedule of [{ interval: 0 }, { interval: -5 }, { cron: 'not a cron' }, { cron: '0 0 * * *', timezone: 'Mars/Olympus' }, { rrule: 'FREQ=NEVER' }, { whatever: 1 }]) {
      const res = await post('/deployments/', { flow_id: flowId, name: 'sched-bad', schedules: [{ schedule, active: true }] });
      assert.equal(res.status, 422, JSON.stringify(schedule));
      assert.equal(((await res.json()) as Json).exception_message, 'Invalid request received.');
    }
    assert.equal((await post('/deployments/', { flow_id: flowId, name: 'sched-bad', schedules: [{ schedule: { interval: 60 }, max_scheduled_runs: 0 }] })).status, 422);
    assert.equal((await post('/deployments/', { flow_id: flowId, name: 'sched-bad', concurrency_options: { collision_strategy: 'SOMETIMES' } })).status, 422);
    const noBlock = await post('/deployments/', { flow_id: flowId, name: 'stored', storage_document_id: randomUUID() });
    assert.equal(noBlock.status, 409);
    assert.match(((await noBlock.json()) as Json).detail, /Could not find storage block/);
  });

  it('reads by id and by flow/deployment name; unknown ones are 404', async () => {
    const byName = await ok(await call('GET', '/deployments/name/etl/nightly'), 200);
    const byId = await ok(await call('GET', `/deployments/${byName.id}`), 200);
    assert.deepEqual(byId, byName);
    assert.equal((await call('GET', '/deployments/name/etl/nope')).status, 404);
    assert.equal((await call('GET', '/deployments/name/nope/nightly')).status, 404);
    assert.equal((await call('GET', `/deployments/${randomUUID()}`)).status, 404);
  });

  it('stores schedules of the three kinds, normalised, and keeps ids of schedules matched by slug on upsert', async () => {
    const d = await deploy({
      name: 'scheduled',
      schedules: [
        { schedule: { interval: 3600, anchor_date: '2026-01-01T00:00:00+01:00', timezone: null }, active: true, slug: 'hourly', max_scheduled_runs: 5, parameters: { n: 2 } },
        { schedule: { cron: '0 9 * * 1-5', timezone: 'Europe/Paris' }, active: false, slug: 'weekdays' },
        { schedule: { rrule: 'FREQ=DAILY;INTERVAL=2' } },
      ],
    });
    assert.equal(d.schedules.length, 3);
    const hourly = d.schedules.find((s: Json) => s.slug === 'hourly');
    assert.deepEqual(hourly.schedule, { interval: 3600, anchor_date: '2025-12-31T23:00:00.000000Z', timezone: 'UTC' });
    assert.equal(hourly.max_scheduled_runs, 5);
    assert.deepEqual(hourly.parameters, { n: 2 });
    assert.equal(hourly.deployment_id, d.id);
    const weekdays = d.schedules.find((s: Json) => s.slug === 'weekdays');
    assert.deepEqual(weekdays.schedule, { cron: '0 9 * * 1-5', timezone: 'Europe/Paris', day_or: true });
    assert.equal(weekdays.active, false);
    const again = await deploy({ name: 'scheduled', schedules: [{ schedule: { interval: 60 }, slug: 'hourly' }] }, 200);
    assert.deepEqual(again.schedules.map((s: Json) => [s.id, s.slug]), [[hourly.id, 'hourly']]);
  });

  it('schedules CRUD: POST (201, slugs unique → 409), GET, PATCH (204), DELETE (204), unknown schedule 404', async () => {
    const d = await deploy({ name: 'crud' });
    const created = await ok(await post(`/deployments/${d.id}/schedules`, [{ schedule: { interval: 30 }, slug: 'fast' }, { schedule: { cron: '*/5 * * * *' }, active: false }]), 201);
    assert.equal(created.length, 2);
    assert.equal((await post(`/deployments/${d.id}/schedules`, [{ schedule: { interval: 31 }, slug: 'fast' }])).status, 409);
    assert.equal((await post(`/deployments/${d.id}/schedules`, [{ schedule: { interval: 'x' } }])).status, 422);
    const listed = (await ok(await call('GET', `/deployments/${d.id}/schedules`), 200)) as unknown as Json[];
    assert.deepEqual(listed.map((s) => s.id).sort(), created.map((s: Json) => s.id).sort());
    const fast = created.find((s: Json) => s.slug === 'fast');
    assert.equal((await call('PATCH', `/deployments/${d.id}/schedules/${fast.id}`, { active: false, schedule: { interval: 45 } })).status, 204);
    const patched = ((await ok(await call('GET', `/deployments/${d.id}/schedules`), 200)) as unknown as Json[]).find((s) => s.id === fast.id)!;
    assert.equal(patched.active, false);
    assert.equal(patched.schedule.interval, 45);
    assert.equal((await call('PATCH', `/deployments/${d.id}/schedules/${randomUUID()}`, { active: true })).status, 404);
    assert.equal((await call('DELETE', `/deployments/${d.id}/schedules/${fast.id}`)).status, 204);
    assert.equal((await call('DELETE', `/deployments/${d.id}/schedules/${fast.id}`)).status, 404);
    assert.equal(((await ok(await call('GET', `/deployments/${d.id}/schedules`), 200)) as unknown as Json[]).length, 1);
    assert.equal((await call('GET', `/deployments/${randomUUID()}/schedules`)).status, 404);
  });

  it('PATCH updates (204), replaces slug-matched schedules as Prefect does, and pauses/resumes through PATCH and the routes', async () => {
    const d = await deploy({ name: 'patchable', schedules: [{ schedule: { interval: 60 }, slug: 'a' }, { schedule: { interval: 120 }, slug: 'b' }] });
    const a = d.schedules.find((s: Json) => s.slug === 'a');
    const res = await call('PATCH', `/deployments/${d.id}`, { description: 'patched', tags: ['x', 'y'], schedules: [{ slug: 'a', active: false }, { slug: 'c', schedule: { interval: 5 } }] });
    assert.equal(res.status, 204);
    const after = await ok(await call('GET', `/deployments/${d.id}`), 200);
    assert.equal(after.description, 'patched');
    assert.deepEqual(after.tags, ['x', 'y']);
    assert.deepEqual(after.schedules.map((s: Json) => s.slug).sort(), ['a', 'b', 'c']);
    assert.equal(after.schedules.find((s: Json) => s.slug === 'a').id, a.id);
    assert.equal(after.schedules.find((s: Json) => s.slug === 'a').active, false);
    assert.equal((await call('PATCH', `/deployments/${d.id}`, { schedules: [{ schedule: { interval: 9 } }] })).status, 422, 'slugs are required once all schedules have one');
    assert.equal((await call('PATCH', `/deployments/${randomUUID()}`, { paused: true })).status, 404);

    assert.equal((await call('PATCH', `/deployments/${d.id}`, { paused: true })).status, 204);
    assert.equal((await ok(await call('GET', `/deployments/${d.id}`), 200)).paused, true);
    assert.equal((await post(`/deployments/${d.id}/resume_deployment`)).status, 200);
    assert.equal((await ok(await call('GET', `/deployments/${d.id}`), 200)).paused, false);
    assert.equal((await post(`/deployments/${d.id}/pause_deployment`)).status, 200);
    const paused = await ok(await call('GET', `/deployments/${d.id}`), 200);
    assert.equal(paused.paused, true);
    assert.equal(paused.updated_by.id, t.server.installation.ids.userId);
    const before = (await streamEvents(d.id)).length;
    assert.equal((await post(`/deployments/${d.id}/pause_deployment`)).status, 200);
    assert.equal((await streamEvents(d.id)).length, before, 'pausing a paused deployment records nothing');
    assert.equal((await post(`/deployments/${randomUUID()}/pause_deployment`)).status, 404);

    // PATCH parameters are checked against the schema when enforced (409, as Prefect).
    const typed = await deploy({ name: 'typed-patch', parameters: { n: 1 }, parameter_openapi_schema: SCHEMA });
    const conflict = await call('PATCH', `/deployments/${typed.id}`, { parameters: { n: 'x' } });
    assert.equal(conflict.status, 409);
    assert.match(((await conflict.json()) as Json).detail, /^Error updating deployment: Validation failed for field 'n'/);
  });

  it('filters (with flow, flow-run and work-pool joins), counts, sorts and pages', async () => {
    const other = (await ok(await post('/flows/', { name: 'reporting' }), 201)).id;
    await ok(await post('/deployments/', { flow_id: other, name: 'weekly', tags: ['report', 'a'], paused: true }), 201);
    const names = async (body: Json) => ((await ok(await post('/deployments/filter', body), 200)) as unknown as Json[]).map((d) => d.name);
    const all = await names({});
    assert.deepEqual(all, [...all].sort(), 'NAME_ASC by default');
    assert.ok(all.includes('weekly') && all.includes('nightly'));
    assert.deepEqual(await names({ flows: { name: { any_: ['reporting'] } } }), ['weekly']);
    assert.deepEqual(await names({ deployments: { tags: { all_: ['report'] } } }), ['weekly']);
    assert.deepEqual(await names({ deployments: { paused: { eq_: true }, name: { like_: 'WEEK' } } }), ['weekly']);
    assert.deepEqual(await names({ deployments: { flow_or_deployment_name: { like_: 'report' } } }), ['weekly']);
    assert.deepEqual(await names({ deployments: { id: { any_: [] } } }), []);
    assert.deepEqual(await names({ work_pools: { name: { any_: ['no-such-pool'] } } }), []);
    assert.deepEqual(await names({ sort: 'NAME_DESC', limit: 1 }), [[...all].sort().reverse()[0]]);
    assert.deepEqual((await names({ sort: 'CREATED_DESC' }))[0], 'weekly');
    assert.equal((await post('/deployments/filter', { sort: 'SIDEWAYS' })).status, 422);

    // A deployment with a run matching the flow-run filter.
    const nightly = await ok(await call('GET', '/deployments/name/etl/nightly'), 200);
    const run = await ok(await post(`/deployments/${nightly.id}/create_flow_run`, { parameters: { n: 3 }, tags: ['joined'] }), 201);
    assert.deepEqual(await names({ flow_runs: { id: { any_: [run.id] } } }), ['nightly']);
    assert.deepEqual(await names({ flow_runs: { tags: { all_: ['joined'] } } }), ['nightly']);

    const count = await ok(await post('/deployments/count', {}), 200);
    assert.equal(count, all.length);
    assert.equal(await ok(await post('/deployments/count', { flows: { name: { any_: ['reporting'] } } }), 200), 1);
    const page = await ok(await post('/deployments/paginate', { page: 2, limit: 2 }), 200);
    assert.equal(page.count, all.length);
    assert.equal(page.page, 2);
    assert.equal(page.limit, 2);
    assert.equal(page.pages, Math.ceil(all.length / 2));
    assert.deepEqual(page.results.map((d: Json) => d.name), [...all].sort().slice(2, 4));
  });

  it('create_flow_run merges parameters, unions tags, inherits labels and queue, records the creator; honours idempotency keys; 409 on schema violations; 404 for unknown deployments', async () => {
    const d = await deploy({ name: 'runnable', parameters: { n: 1, who: 'team' }, parameter_openapi_schema: SCHEMA, tags: ['dep'], labels: { tier: 'gold' }, job_variables: { image: 'a', cpu: 1 }, version: '7' });
    const run = await ok(await post(`/deployments/${d.id}/create_flow_run`, { parameters: { n: 5 }, tags: ['adhoc'], labels: { mine: 'yes' }, job_variables: { cpu: 2 }, context: {}, state: null, name: null, idempotency_key: null }), 201);
    assert.equal(run.deployment_id, d.id);
    assert.equal(run.flow_id, flowId);
    assert.deepEqual(run.parameters, { n: 5, who: 'team' });
    assert.deepEqual([...run.tags].sort(), ['adhoc', 'dep']);
    assert.equal(run.labels['prefect.deployment.id'], d.id);
    assert.equal(run.labels['prefect.flow.id'], flowId);
    assert.equal(run.labels.tier, 'gold');
    assert.equal(run.labels.mine, 'yes');
    assert.deepEqual(run.job_variables, { image: 'a', cpu: 2 });
    assert.equal(run.deployment_version, '7');
    assert.equal(run.state.type, 'SCHEDULED');
    assert.equal(run.state.name, 'Scheduled');
    assert.equal(typeof run.name, 'string');
    assert.ok(run.name.length > 0);
    assert.equal(run.created_by.id, t.server.installation.ids.userId);
    assert.equal(run.work_queue_name, null);

    const scheduledAt = '2030-01-01T00:00:00.000000Z';
    const keyed = await ok(await post(`/deployments/${d.id}/create_flow_run`, { name: 'my-run', idempotency_key: 'k1', state: { type: 'SCHEDULED', state_details: { scheduled_time: scheduledAt } } }), 201);
    assert.equal(keyed.name, 'my-run');
    assert.equal(keyed.next_scheduled_start_time, scheduledAt);
    const same = await ok(await post(`/deployments/${d.id}/create_flow_run`, { idempotency_key: 'k1' }), 200);
    assert.equal(same.id, keyed.id);

    const violation = await post(`/deployments/${d.id}/create_flow_run`, { parameters: { n: 'five' } });
    assert.equal(violation.status, 409);
    assert.match(((await violation.json()) as Json).detail, /^Error creating flow run: Validation failed for field 'n'/);
    const missing = await post(`/deployments/${(await deploy({ name: 'needs-n', parameter_openapi_schema: SCHEMA })).id}/create_flow_run`, {});
    assert.equal(missing.status, 409, 'required parameters are required when a run is created');
    assert.match(((await missing.json()) as Json).detail, /'n' is a required property/);
    assert.equal((await post(`/deployments/${d.id}/create_flow_run`, { parameters: { n: 'five' }, enforce_parameter_schema: false })).status, 201);
    assert.equal((await post(`/deployments/${randomUUID()}/create_flow_run`, {})).status, 404);
    assert.equal((await post(`/deployments/${d.id}/create_flow_run`, { work_queue_name: 'elsewhere' })).status, 422, 'a queue needs a pool');
  });

  it('get_scheduled_flow_runs answers the due SCHEDULED runs in order and makes the deployments READY', async () => {
    const d = await deploy({ name: 'served' });
    const at = (iso: string) => ({ state: { type: 'SCHEDULED', state_details: { scheduled_time: iso } } });
    const late = await ok(await post(`/deployments/${d.id}/create_flow_run`, at('2026-01-02T00:00:00.000000Z')), 201);
    const early = await ok(await post(`/deployments/${d.id}/create_flow_run`, at('2026-01-01T00:00:00.000000Z')), 201);
    await ok(await post(`/deployments/${d.id}/create_flow_run`, at('2099-01-01T00:00:00.000000Z')), 201);
    const running = await ok(await post(`/deployments/${d.id}/create_flow_run`, at('2026-01-01T00:00:00.000000Z')), 201);
    await setState(running.id, 'PENDING');
    const runs = (await ok(await post('/deployments/get_scheduled_flow_runs', { deployment_ids: [d.id], scheduled_before: '2026-06-01 00:00:00+00:00' }), 200)) as unknown as Json[];
    assert.deepEqual(runs.map((r) => r.id), [early.id, late.id]);
    const limited = (await ok(await post('/deployments/get_scheduled_flow_runs', { deployment_ids: [d.id], limit: 1 }), 200)) as unknown as Json[];
    assert.deepEqual(limited.map((r) => r.id), [early.id]);
    const polled = await ok(await call('GET', `/deployments/${d.id}`), 200);
    assert.equal(polled.status, 'READY');
    assert.ok(polled.last_polled);
    assert.equal((await ok(await call('GET', '/deployments/name/etl/nightly'), 200)).status, 'NOT_READY');
    assert.equal((await post('/deployments/get_scheduled_flow_runs', { deployment_ids: ['nope'] })).status, 422);
    assert.deepEqual(await ok(await post('/deployments/get_scheduled_flow_runs', { deployment_ids: [randomUUID()] }), 200), []);
  });

  for (const strategy of ['ENQUEUE', 'CANCEL_NEW'] as const) {
    it(`holds a deployment to concurrency_limit 1 with ${strategy}, through a backing global limit released when the run ends`, async () => {
      const d = await deploy({ name: `limited-${strategy}`, concurrency_limit: 1, concurrency_options: { collision_strategy: strategy } });
      assert.equal(d.global_concurrency_limit.name, `deployment:${d.id}`);
      assert.equal(d.global_concurrency_limit.limit, 1);
      assert.equal(d.global_concurrency_limit.active_slots, 0);
      assert.deepEqual(d.concurrency_options, { collision_strategy: strategy, grace_period_seconds: null });
      const first = await ok(await post(`/deployments/${d.id}/create_flow_run`, {}), 201);
      const second = await ok(await post(`/deployments/${d.id}/create_flow_run`, {}), 201);

      const a = await setState(first.id, 'PENDING');
      assert.equal(a.status, 'ACCEPT');
      assert.ok(a.state.state_details.deployment_concurrency_lease_id, 'the slot is held under a lease recorded on the state');
      assert.equal((await ok(await call('GET', `/deployments/${d.id}`), 200)).global_concurrency_limit.active_slots, 1);

      const b = await setState(second.id, 'PENDING');
      assert.equal(b.status, 'REJECT');
      if (strategy === 'ENQUEUE') {
        assert.equal(b.state.type, 'SCHEDULED');
        assert.equal(b.state.name, 'AwaitingConcurrencySlot');
      } else {
        assert.equal(b.state.type, 'CANCELLED');
      }
      assert.equal((await ok(await call('GET', `/deployments/${d.id}`), 200)).global_concurrency_limit.active_slots, 1, 'a refused run holds no slot');

      assert.equal((await setState(first.id, 'RUNNING')).status, 'ACCEPT');
      assert.equal((await setState(first.id, 'COMPLETED')).status, 'ACCEPT');
      assert.equal((await ok(await call('GET', `/deployments/${d.id}`), 200)).global_concurrency_limit.active_slots, 0, 'the slot is released when the run ends');
      if (strategy === 'ENQUEUE') assert.equal((await setState(second.id, 'PENDING')).status, 'ACCEPT', 'the enqueued run gets the freed slot');

      // Lifting the limit removes the backing limit.
      assert.equal((await call('PATCH', `/deployments/${d.id}`, { concurrency_limit: null })).status, 204);
      assert.equal((await ok(await call('GET', `/deployments/${d.id}`), 200)).global_concurrency_limit, null);
    });
  }

  it('deletes (204), after which the deployment is 404 and its events carry the actor', async () => {
    const d = await deploy({ name: 'doomed', concurrency_limit: 2 });
    assert.equal((await call('DELETE', `/deployments/${d.id}`)).status, 204);
    assert.equal((await call('GET', `/deployments/${d.id}`)).status, 404);
    assert.equal((await call('DELETE', `/deployments/${d.id}`)).status, 404);
    const limits = (await ok(await post('/v2/concurrency_limits/filter', {}), 200)) as unknown as Json[];
    assert.ok(!limits.some((l) => l.name === `deployment:${d.id}`), 'the backing limit goes with it');
    const events = await streamEvents(d.id);
    assert.deepEqual(events.map((e) => e.type), ['DeploymentCreated', 'DeploymentDeleted']);
    for (const e of events) {
      assert.equal((e.metadata as { actor: { id: string } }).actor.id, t.server.installation.ids.userId);
      assert.equal((e.data as { deploymentId: string }).deploymentId, d.id);
    }
    // Deployed again: a new life on the same stream, with the same id.
    const back = await deploy({ name: 'doomed' });
    assert.equal(back.id, d.id);
  });

  it('publishes prefect.deployment.created / updated / deleted events with the flow as related resource', async () => {
    const d = await deploy({ name: 'announced', tags: ['one'] });
    assert.equal((await call('PATCH', `/deployments/${d.id}`, { tags: ['two'] })).status, 204);
    assert.equal((await call('DELETE', `/deployments/${d.id}`)).status, 204);
    const find = async () => {
      const res = await post('/events/filter', { filter: { resource: { id: [`prefect.deployment.${d.id}`] }, order: 'ASC' } });
      return ((await ok(res, 200)).events as Json[]) ?? [];
    };
    const deadline = Date.now() + 10_000;
    let events = await find();
    while (events.length < 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      events = await find();
    }
    assert.deepEqual(events.map((e) => e.event), ['prefect.deployment.created', 'prefect.deployment.updated', 'prefect.deployment.deleted']);
    assert.equal(events[0]!.resource['prefect.resource.name'], 'announced');
    assert.deepEqual(events[1]!.payload, { updated_fields: ['tags'], updates: { tags: { from: ['one'], to: ['two'] } } });
    for (const e of events) assert.ok(e.related.some((r: Json) => r['prefect.resource.id'] === `prefect.flow.${flowId}` && r['prefect.resource.role'] === 'flow'));
  });

  it('keeps workspaces apart: another workspace gets 404 for our deployment', async () => {
    const other = await createOtherTenant(t);
    const eve = (path: string, init: RequestInit = {}) => t.fetch(`${other.api}${path}`, { ...init, key: other.key, headers: { 'content-type': 'application/json' } });

    const ours = await ok(await call('GET', '/deployments/name/etl/nightly'), 200);
    assert.equal((await eve(`/deployments/${ours.id}`)).status, 404);
    assert.equal((await eve(`/deployments/${ours.id}`, { method: 'PATCH', body: JSON.stringify({ paused: true }) })).status, 404);
    assert.equal((await eve(`/deployments/${ours.id}`, { method: 'DELETE' })).status, 404);
    assert.equal((await eve(`/deployments/${ours.id}/create_flow_run`, { method: 'POST', body: '{}' })).status, 404);
    assert.deepEqual(await (await eve('/deployments/filter', { method: 'POST', body: '{}' })).json(), []);
    assert.deepEqual(await (await eve('/deployments/get_scheduled_flow_runs', { method: 'POST', body: JSON.stringify({ deployment_ids: [ours.id] }) })).json(), []);
    assert.equal((await ok(await call('GET', `/deployments/${ours.id}`), 200)).paused, false);
  });
});
