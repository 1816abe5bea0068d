import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { RunQueries } from '../../src/contexts/orchestration/api/run-queries';
import { decodeCursor, encodeCursor } from '../../src/infrastructure/graphql/connections';
import { startTestServer, type TestServer } from '../support/test-server';
import { addWorkspaceMember, createOtherTenant, type OtherTenant } from '../support/tenants';

type Json = Record<string, unknown>;
interface GraphqlResponse<D = Json> {
  data?: D | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string } }[];
}
interface Page<N = Json> {
  totalCount: number;
  nodes: N[];
  edges: { cursor: string; node: N }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('GraphQL orchestration queries (dashboard, runs, everything in a workspace)', () => {
  let t: TestServer;
  let A: string; // accountId
  let W: string; // workspaceId
  let etlId: string;
  let otherFlowId: string;
  let failedRunId: string;
  const runIds: string[] = [];
  let viewerKey: string;
  let developerKey: string;
  let eve: OtherTenant;
  const t0 = Date.now();

  const rest = async <T = unknown>(method: string, path: string, body?: unknown, key?: string): Promise<T> => {
    const res = await t.fetch(`${t.workspaceApi}${path}`, { method, key, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    assert.ok(res.status < 300, `${method} ${path} → ${res.status} ${await res.clone().text()}`);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const gql = async <D = Json>(query: string, variables: Json = {}, key?: string): Promise<GraphqlResponse<D>> => {
    const res = await t.fetch(`${t.server.url}/graphql`, { method: 'POST', key, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: { A, W, ...variables } }) });
    assert.equal(res.status, 200);
    return (await res.json()) as GraphqlResponse<D>;
  };
  /** The data of a query that must succeed. */
  const data = async <D = Json>(query: string, variables: Json = {}, key?: string): Promise<D> => {
    const r = await gql<D>(query, variables, key);
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    return r.data!;
  };
  const codeOf = (r: GraphqlResponse<unknown>) => r.errors?.[0]?.extensions?.code;

  const createRun = async (flowId: string, state: Json, extra: Json = {}) =>
    (await rest<{ id: string }>('POST', '/flow_runs/', { flow_id: flowId, parameters: {}, tags: [], state: { message: null, data: null, state_details: {}, ...state }, ...extra })).id;
  const setState = (id: string, type: string, name: string, key?: string) =>
    rest('POST', `/flow_runs/${id}/set_state`, { state: { type, name, message: null, data: null, state_details: { transition_id: randomUUID() } }, force: false }, key);

  before(async () => {
    t = await startTestServer();
    ({ accountId: A, workspaceId: W } = t.server.installation.ids);
    viewerKey = await addWorkspaceMember(t, 'viewer', 'ga-viewer');
    developerKey = await addWorkspaceMember(t, 'developer', 'ga-dev');
    eve = await createOtherTenant(t, 'ga-eve');

    etlId = (await rest<{ id: string }>('POST', '/flows/', { name: 'ga-etl', tags: ['etl'], labels: {} })).id;
    otherFlowId = (await rest<{ id: string }>('POST', '/flows/', { name: 'ga-report', tags: [], labels: {} })).id;
    // 12 pending runs, alternating flows.
    for (let i = 0; i < 12; i++) runIds.push(await createRun(i % 2 === 0 ? etlId : otherFlowId, { type: 'PENDING', name: 'Pending' }, { name: `ga-run-${String(i).padStart(2, '0')}`, tags: i < 4 ? ['nightly'] : [] }));
    // 3 failed: one of them moved to RUNNING by the developer (another actor), all to FAILED by the owner.
    for (let i = 0; i < 3; i++) {
      const id = await createRun(etlId, { type: 'PENDING', name: 'Pending' }, { name: `ga-failed-${i}` });
      await setState(id, 'RUNNING', 'Running', i === 0 ? developerKey : undefined);
      await setState(id, 'FAILED', 'Failed');
      runIds.push(id);
      if (i === 0) failedRunId = id;
    }
    // 2 late runs (expected 10 minutes ago) and 3 upcoming ones (in 2, 3 and 4 hours).
    for (let i = 0; i < 2; i++) runIds.push(await createRun(otherFlowId, { type: 'SCHEDULED', name: 'Late', state_details: { scheduled_time: iso(t0 - 10 * 60_000 - i * 1000) } }, { name: `ga-late-${i}` }));
    for (let i = 0; i < 3; i++) runIds.push(await createRun(etlId, { type: 'SCHEDULED', name: 'Scheduled', state_details: { scheduled_time: iso(t0 + (4 - i) * HOUR) } }, { name: `ga-upcoming-${i}` }));

    // Task runs and logs of the failed run.
    for (let i = 0; i < 3; i++) await rest('POST', '/task_runs/', { name: `task-${i}`, flow_run_id: failedRunId, task_key: `k${i}`, dynamic_key: String(i), state: { type: 'PENDING' }, empirical_policy: null, tags: [], task_inputs: {} });
    await rest('POST', '/logs/', Array.from({ length: 5 }, (_, i) => ({ name: 'prefect.flow_runs', level: 20, message: `line ${i}`, timestamp: iso(t0 + i * 1000), flow_run_id: failedRunId, task_run_id: null })));

    // The rest of the workspace.
    await rest('POST', '/work_pools/', { name: 'ga-pool', type: 'process' });
    await rest('POST', '/work_pools/ga-pool/queues', { name: 'ga-high', priority: 1 });
    await rest('POST', '/work_pools/ga-pool/workers/heartbeat', { name: 'ga-worker', heartbeat_interval_seconds: 30 });
    await rest('POST', '/deployments/', { flow_id: etlId, name: 'ga-dep', work_pool_name: 'ga-pool', schedules: [{ schedule: { interval: 3600 }, active: false }] });
    const type = await rest<{ id: string }>('POST', '/block_types/', { name: 'GA Creds', slug: 'ga-creds' });
    const schema = await rest<{ id: string }>('POST', '/block_schemas/', { fields: { title: 'GA Creds', properties: { user: { type: 'string' }, password: { type: 'string' } }, secret_fields: ['password'] }, block_type_id: type.id });
    await rest('POST', '/block_documents/', { name: 'ga-secret', data: { user: 'alice', password: 's3cr3t-ga' }, block_schema_id: schema.id, block_type_id: type.id });
    await rest('POST', '/variables/', { name: 'ga_var', value: { n: 1, list: ['a'] }, tags: ['x'] });
    await rest('POST', '/artifacts/', { key: 'ga-art', type: 'markdown', data: '# hi', flow_run_id: failedRunId });
    await rest('POST', '/v2/concurrency_limits/', { name: 'ga-limit', limit: 3, active: true, slot_decay_per_second: 0 });
  });
  after(async () => {
    await t?.stop();
  });

  it('pages flowRuns with first/after: totalCount, hasNextPage, cursors, in REST’s order; a bad cursor or first is VALIDATION_FAILED', async () => {
    const restIds = (await rest<{ id: string }[]>('POST', '/flow_runs/filter', { sort: 'ID_DESC' })).map((r) => r.id);
    assert.equal(restIds.length, 20);
    const q = `query($A: ID!, $W: ID!, $after: String) { flowRuns(accountId: $A, workspaceId: $W, sort: ID_DESC, first: 7, after: $after) {
      totalCount nodes { id } edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    const seen: string[] = [];
    let cursor: string | null = null;
    const pages: Page[] = [];
    do {
      const page: Page = (await data<{ flowRuns: Page }>(q, { after: cursor })).flowRuns;
      pages.push(page);
      assert.equal(page.totalCount, 20);
      assert.deepEqual(page.edges.map((e) => e.node.id), page.nodes.map((n) => n.id));
      seen.push(...page.nodes.map((n) => n.id as string));
      cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (cursor);
    assert.deepEqual(pages.map((p) => p.nodes.length), [7, 7, 6]);
    assert.deepEqual(pages.map((p) => p.pageInfo.hasPreviousPage), [false, true, true]);
    assert.equal(pages[2]!.pageInfo.hasNextPage, false);
    assert.equal(decodeCursor(pages[1]!.pageInfo.startCursor!), 7);
    assert.deepEqual(seen, restIds);

    assert.equal(codeOf(await gql(q, { after: 'not-a-cursor' })), 'VALIDATION_FAILED');
    assert.equal(codeOf(await gql('query($A: ID!, $W: ID!) { flowRuns(accountId: $A, workspaceId: $W, first: 201) { totalCount } }')), 'VALIDATION_FAILED');
    const beyond = (await data<{ flowRuns: Page }>(q, { after: encodeCursor(40) })).flowRuns;
    assert.deepEqual([beyond.nodes.length, beyond.pageInfo.hasNextPage, beyond.pageInfo.endCursor], [0, false, null]);
  });

  it('filters flowRuns as REST filters them (state, tags, flow name, expected start time)', async () => {
    const cases: [Json, Json][] = [
      [{ state: { type: ['FAILED'] } }, { flow_runs: { state: { type: { any_: ['FAILED'] } } } }],
      [{ tags: ['nightly'] }, { flow_runs: { tags: { all_: ['nightly'] } } }],
      [{ flowName: { any: ['ga-report'] }, state: { name: ['Late'] } }, { flows: { name: { any_: ['ga-report'] } }, flow_runs: { state: { name: { any_: ['Late'] } } } }],
      [{ expectedStartTimeAfter: iso(t0 + HOUR) }, { flow_runs: { expected_start_time: { after_: iso(t0 + HOUR) } } }],
      [{ name: { like: 'GA-FAILED' }, flowId: { any: [etlId] } }, { flow_runs: { name: { like_: 'GA-FAILED' }, flow_id: { any_: [etlId] } } }],
    ];
    for (const [filter, body] of cases) {
      const page = (await data<{ flowRuns: Page }>('query($A: ID!, $W: ID!, $f: FlowRunFilter) { flowRuns(accountId: $A, workspaceId: $W, filter: $f, sort: NAME_ASC) { totalCount nodes { name } } }', { f: filter })).flowRuns;
      const expected = (await rest<{ name: string }[]>('POST', '/flow_runs/filter', { ...body, sort: 'NAME_ASC' })).map((r) => r.name);
      assert.ok(expected.length > 0, JSON.stringify(filter));
      assert.deepEqual(page.nodes.map((n) => n.name), expected, JSON.stringify(filter));
      assert.equal(page.totalCount, await rest<number>('POST', '/flow_runs/count', body));
    }
  });

  it('reads a flowRun as REST does, with its task runs and logs paged in order, and the state timeline with who made each change', async () => {
    const restRun = await rest<Json & { state: Json }>('GET', `/flow_runs/${failedRunId}`);
    const q = `query($A: ID!, $W: ID!, $id: ID!, $after: String) { flowRun(accountId: $A, workspaceId: $W, id: $id) {
      id name flowId stateType stateName runCount startTime endTime totalRunTime estimatedRunTime expectedStartTime tags parameters createdBy
      state { id type name timestamp details }
      flow { id name tags }
      taskRuns(first: 2) { totalCount nodes { name flowRunId flowRun { id } } pageInfo { hasNextPage endCursor } }
      logs(first: 2, after: $after) { totalCount nodes { message level timestamp flowRunId } pageInfo { hasNextPage endCursor } }
      stateTimeline { type name fromType status forced revision actor { id type name } }
    } }`;
    const run = (await data<{ flowRun: Json & Record<string, any> }>(q, { id: failedRunId })).flowRun;
    assert.equal(run.id, restRun.id);
    assert.equal(run.name, restRun.name);
    assert.equal(run.flowId, restRun.flow_id);
    assert.equal(run.stateType, restRun.state_type);
    assert.equal(run.runCount, restRun.run_count);
    assert.equal(run.startTime, restRun.start_time);
    assert.equal(run.endTime, restRun.end_time);
    assert.equal(run.totalRunTime, restRun.total_run_time);
    assert.equal(run.estimatedRunTime, restRun.estimated_run_time);
    assert.deepEqual(run.createdBy, restRun.created_by);
    assert.equal(run.state.id, restRun.state.id);
    assert.deepEqual(run.state.details, restRun.state.state_details);
    assert.deepEqual(run.flow, { id: etlId, name: 'ga-etl', tags: ['etl'] });

    const restTasks = await rest<{ name: string }[]>('POST', '/task_runs/filter', { task_runs: { flow_run_id: { any_: [failedRunId] } }, sort: 'EXPECTED_START_TIME_ASC' });
    assert.equal(run.taskRuns.totalCount, 3);
    assert.deepEqual(run.taskRuns.nodes.map((n: Json) => n.name), restTasks.slice(0, 2).map((r) => r.name));
    assert.deepEqual(run.taskRuns.nodes.map((n: Json) => (n.flowRun as Json).id), [failedRunId, failedRunId]);
    assert.equal(run.taskRuns.pageInfo.hasNextPage, true);

    const messages: string[] = run.logs.nodes.map((n: Json) => n.message);
    let logCursor = run.logs.pageInfo.endCursor as string;
    while (logCursor) {
      const next = (await data<{ flowRun: { logs: Page<{ message: string }> } }>(q, { id: failedRunId, after: logCursor })).flowRun.logs;
      messages.push(...next.nodes.map((n) => n.message));
      logCursor = next.pageInfo.hasNextPage ? next.pageInfo.endCursor! : '';
    }
    const restLogs = await rest<{ message: string }[]>('POST', '/logs/filter', { logs: { flow_run_id: { any_: [failedRunId] } }, sort: 'TIMESTAMP_ASC' });
    assert.deepEqual(messages, ['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
    assert.deepEqual(messages, restLogs.map((l) => l.message));

    const timeline = run.stateTimeline as { type: string; fromType: string | null; status: string; revision: number; actor: { id: string; type: string; name: string } }[];
    assert.deepEqual(timeline.map((c) => [c.type, c.fromType, c.status]), [['PENDING', null, 'CREATED'], ['RUNNING', 'PENDING', 'ACCEPT'], ['FAILED', 'RUNNING', 'ACCEPT']]);
    // The actors are the ones in the event metadata: the owner created it and failed it, the developer started it.
    const stream = await t.server.runtime.stores.events.readStream(`flowRun-${failedRunId}`);
    const actorsInStore = stream.filter((e) => e.type === 'FlowRunCreated' || e.type === 'FlowRunStateChanged').map((e) => (e.metadata as { actor: { id: string } }).actor.id);
    assert.deepEqual(timeline.map((c) => c.actor.id), actorsInStore);
    assert.equal(timeline[0]!.actor.id, t.server.installation.ids.userId);
    assert.notEqual(timeline[1]!.actor.id, t.server.installation.ids.userId);
    assert.equal(timeline[1]!.actor.type, 'user');
    assert.equal(timeline[2]!.actor.id, t.server.installation.ids.userId);

    const missing = await gql('query($A: ID!, $W: ID!, $id: ID!) { flowRun(accountId: $A, workspaceId: $W, id: $id) { id } }', { id: randomUUID() });
    assert.equal(codeOf(missing), 'NOT_FOUND');
  });

  it('batches the flows of 20 runs into one read (DataLoader): flowsByIds is called once for the whole list', async () => {
    const queries = t.server.app.get(RunQueries);
    const original = queries.flowsByIds.bind(queries);
    const calls: (readonly string[])[] = [];
    queries.flowsByIds = async (scope, ids) => {
      calls.push(ids);
      return original(scope, ids);
    };
    try {
      const page = (await data<{ flowRuns: Page<{ id: string; flowId: string; flow: { name: string } }> }>('query($A: ID!, $W: ID!) { flowRuns(accountId: $A, workspaceId: $W, first: 20) { nodes { id flowId flow { name } } } }')).flowRuns;
      assert.equal(page.nodes.length, 20);
      for (const n of page.nodes) assert.equal(n.flow.name, n.flowId === etlId ? 'ga-etl' : 'ga-report');
      assert.equal(calls.length, 1);
      assert.deepEqual([...calls[0]!].sort(), [etlId, otherFlowId].sort());
    } finally {
      queries.flowsByIds = original;
    }
  });

  it('the dashboard: late and failed counts equal REST /flow_runs/count with the equivalent filter, history equals /flow_runs/history', async () => {
    const from = iso(t0 - HOUR);
    const to = iso(t0 + 6 * HOUR);
    const q = `query($A: ID!, $W: ID!, $window: TimeWindow, $since: DateTime) { flowRunsDashboard(accountId: $A, workspaceId: $W, window: $window, since: $since, recent: 5, upcoming: 2, historyIntervalSeconds: 3600) {
      from to lateCount failedCount recentRuns { id name expectedStartTime } upcomingRuns { name expectedStartTime stateType }
      history { intervalStart intervalEnd states { stateType stateName countRuns } } } }`;
    const d = (await data<{ flowRunsDashboard: Record<string, any> }>(q, { window: { from, to } })).flowRunsDashboard;
    const lateRest = await rest<number>('POST', '/flow_runs/count', { flow_runs: { state: { name: { any_: ['Late'] } }, expected_start_time: { after_: from, before_: to } } });
    const failedRest = await rest<number>('POST', '/flow_runs/count', { flow_runs: { state: { type: { any_: ['FAILED'] } }, expected_start_time: { after_: from, before_: to } } });
    assert.equal(d.lateCount, lateRest);
    assert.equal(d.failedCount, failedRest);
    assert.deepEqual([d.lateCount, d.failedCount], [2, 3]);

    // Upcoming: SCHEDULED in the future, soonest first (the upcoming runs are 2, 3 and 4 hours ahead).
    assert.deepEqual(d.upcomingRuns.map((r: Json) => r.name), ['ga-upcoming-2', 'ga-upcoming-1']);
    assert.ok(d.upcomingRuns.every((r: Json) => r.stateType === 'SCHEDULED' && Date.parse(r.expectedStartTime as string) > t0));
    // Recent: newest first, none in the future.
    const recentRest = await rest<{ id: string }[]>('POST', '/flow_runs/filter', { flow_runs: { expected_start_time: { after_: from, before_: iso(Date.now()) } }, sort: 'EXPECTED_START_TIME_DESC', limit: 5 });
    assert.equal(d.recentRuns.length, 5);
    const times = d.recentRuns.map((r: Json) => Date.parse(r.expectedStartTime as string));
    assert.deepEqual(times, [...times].sort((a: number, b: number) => b - a));
    assert.deepEqual(new Set(d.recentRuns.map((r: Json) => r.expectedStartTime)), new Set((await Promise.all(recentRest.map((r) => rest<Json>('GET', `/flow_runs/${r.id}`)))).map((r) => r.expected_start_time)));

    const history = await rest<{ interval_start: string; states: { state_type: string; state_name: string; count_runs: number }[] }[]>('POST', '/flow_runs/history', { history_start: from, history_end: to, history_interval_seconds: 3600 });
    assert.equal(d.history.length, history.length);
    assert.equal(d.history.length, 7);
    const norm = (states: { t: string; n: string; c: number }[]) => states.map((s) => `${s.t}/${s.n}=${s.c}`).sort();
    d.history.forEach((bucket: { intervalStart: string; states: { stateType: string; stateName: string; countRuns: number }[] }, i: number) => {
      assert.equal(Date.parse(bucket.intervalStart), Date.parse(history[i]!.interval_start));
      assert.deepEqual(norm(bucket.states.map((s) => ({ t: s.stateType, n: s.stateName, c: s.countRuns }))), norm(history[i]!.states.map((s) => ({ t: s.state_type, n: s.state_name, c: s.count_runs }))));
    });
    const total = d.history.flatMap((b: { states: { countRuns: number }[] }) => b.states).reduce((n: number, s: { countRuns: number }) => n + s.countRuns, 0);
    assert.equal(total, 20);

    // `since` is the window from then to now; REST counts agree there too.
    const since = (await data<{ flowRunsDashboard: { from: string; to: string; failedCount: number; lateCount: number } }>(q, { since: from })).flowRunsDashboard;
    assert.equal(since.failedCount, await rest<number>('POST', '/flow_runs/count', { flow_runs: { state: { type: { any_: ['FAILED'] } }, expected_start_time: { after_: since.from, before_: since.to } } }));
    assert.equal(since.lateCount, 2);
    assert.equal(codeOf(await gql(q, { window: { from, to }, since: from })), 'VALIDATION_FAILED');
    assert.equal(codeOf(await gql(q, { window: { from: to, to: from } })), 'VALIDATION_FAILED');
  });

  it('flows, deployments (with schedules), work pools (with queues and workers) read as REST reads them', async () => {
    const r = await data<Record<string, any>>(`query($A: ID!, $W: ID!) {
      flows(accountId: $A, workspaceId: $W) { totalCount nodes { id name tags createdAt flowRuns(first: 1) { totalCount } deployments { nodes { name } } } }
      deployments(accountId: $A, workspaceId: $W) { totalCount nodes { id name flowId status paused workPoolName schedules { id active schedule maxScheduledRuns } flow { name } workPool { name } } }
      workPools(accountId: $A, workspaceId: $W) { totalCount nodes { id name type status isPaused defaultQueueId
        queues { totalCount nodes { name priority status workPoolName } } workers { totalCount nodes { name status heartbeatIntervalSeconds } } } }
    }`);
    const restFlows = await rest<Json[]>('POST', '/flows/filter', {});
    assert.deepEqual(r.flows.nodes.map((f: Json) => [f.id, f.name, f.createdAt]), restFlows.map((f) => [f.id, f.name, f.created]));
    assert.equal(r.flows.totalCount, await rest<number>('POST', '/flows/count', {}));
    const etl = r.flows.nodes.find((f: Json) => f.name === 'ga-etl');
    assert.equal(etl.flowRuns.totalCount, await rest<number>('POST', '/flow_runs/count', { flow_runs: { flow_id: { any_: [etlId] } } }));
    assert.deepEqual(etl.deployments.nodes, [{ name: 'ga-dep' }]);

    const [restDep] = await rest<(Json & { schedules: Json[] })[]>('POST', '/deployments/filter', {});
    const [dep] = r.deployments.nodes;
    assert.deepEqual([dep.id, dep.name, dep.flowId, dep.status, dep.paused, dep.workPoolName], [restDep!.id, restDep!.name, restDep!.flow_id, restDep!.status, restDep!.paused, restDep!.work_pool_name]);
    assert.deepEqual(dep.schedules.map((s: Json) => [s.id, s.active, s.schedule]), restDep!.schedules.map((s) => [s.id, s.active, s.schedule]));
    assert.deepEqual([dep.flow.name, dep.workPool.name], ['ga-etl', 'ga-pool']);

    const restPools = await rest<Json[]>('POST', '/work_pools/filter', {});
    const pool = r.workPools.nodes.find((p: Json) => p.name === 'ga-pool');
    const restPool = restPools.find((p) => p.name === 'ga-pool')!;
    assert.deepEqual([pool.id, pool.type, pool.status, pool.isPaused, pool.defaultQueueId], [restPool.id, restPool.type, restPool.status, restPool.is_paused, restPool.default_queue_id]);
    const restQueues = await rest<Json[]>('POST', '/work_pools/ga-pool/queues/filter', {});
    assert.deepEqual(pool.queues.nodes.map((q: Json) => [q.name, q.priority, q.status]), restQueues.map((q) => [q.name, q.priority, q.status]));
    const restWorkers = await rest<Json[]>('POST', '/work_pools/ga-pool/workers/filter', {});
    assert.deepEqual(pool.workers.nodes.map((w: Json) => [w.name, w.status]), restWorkers.map((w) => [w.name, w.status]));
    assert.deepEqual(pool.workers.nodes.map((w: Json) => w.name), ['ga-worker']);

    const notFlow = await gql('query($A: ID!, $W: ID!, $id: ID!) { flow(accountId: $A, workspaceId: $W, id: $id) { name } }', { id: restDep!.id });
    assert.equal(codeOf(notFlow), 'NOT_FOUND');
    const both = await data<Record<string, any>>('query($A: ID!, $W: ID!, $id: ID!) { deployment(accountId: $A, workspaceId: $W, id: $id) { name } workPool(accountId: $A, workspaceId: $W, name: "ga-pool") { name } }', { id: restDep!.id });
    assert.deepEqual(both, { deployment: { name: 'ga-dep' }, workPool: { name: 'ga-pool' } });
  });

  it('block documents are always masked (even for a caller REST would reveal them to); block types, variables, artifacts, limits as REST', async () => {
    const r = await data<Record<string, any>>(`query($A: ID!, $W: ID!) {
      blockDocuments(accountId: $A, workspaceId: $W, filter: { blockTypeSlug: ["ga-creds"] }) { totalCount nodes { id name data blockTypeName blockType { slug } } }
      blockTypes(accountId: $A, workspaceId: $W, first: 200) { totalCount nodes { slug name } }
      variables(accountId: $A, workspaceId: $W, filter: { name: { like: "ga_" } }) { totalCount nodes { name value tags } }
      artifacts(accountId: $A, workspaceId: $W) { totalCount nodes { id key type data flowRunId } }
      concurrencyLimits(accountId: $A, workspaceId: $W) { totalCount nodes { name limit active activeSlots } }
    }`);
    const [doc] = r.blockDocuments.nodes;
    assert.deepEqual(doc.data, { user: 'alice', password: '********' });
    const restMasked = await rest<Json>('GET', `/block_documents/${doc.id}`);
    assert.deepEqual(doc.data, restMasked.data);
    const revealed = await rest<Json>('GET', `/block_documents/${doc.id}?include_secrets=true`);
    assert.deepEqual(revealed.data, { user: 'alice', password: 's3cr3t-ga' }, 'the owner may see secrets over REST');
    assert.ok(!JSON.stringify(r).includes('s3cr3t-ga'));
    assert.deepEqual(doc.blockType, { slug: 'ga-creds' });

    const restTypes = await rest<Json[]>('POST', '/block_types/filter', {});
    assert.deepEqual(r.blockTypes.nodes.map((b: Json) => b.slug), restTypes.map((b) => b.slug));
    assert.deepEqual(r.variables.nodes, [{ name: 'ga_var', value: { n: 1, list: ['a'] }, tags: ['x'] }]);
    assert.deepEqual((await rest<Json[]>('POST', '/variables/filter', { variables: { name: { like_: 'ga_' } } })).map((v) => v.value), [{ n: 1, list: ['a'] }]);
    const restArtifacts = await rest<Json[]>('POST', '/artifacts/filter', {});
    assert.deepEqual(r.artifacts.nodes.map((a: Json) => [a.id, a.key, a.type, a.data, a.flowRunId]), restArtifacts.map((a) => [a.id, a.key, a.type, a.data, a.flow_run_id]));
    const restLimits = await rest<Json[]>('POST', '/v2/concurrency_limits/filter', {});
    assert.deepEqual(r.concurrencyLimits.nodes.map((l: Json) => [l.name, l.limit, l.active, l.activeSlots]), restLimits.map((l) => [l.name, l.limit, l.active, l.active_slots]));
    assert.equal(r.concurrencyLimits.totalCount, restLimits.length);
  });

  it('a Viewer reads; an actor of another workspace gets NOT_FOUND', async () => {
    const q = 'query($A: ID!, $W: ID!) { flowRuns(accountId: $A, workspaceId: $W, first: 1) { totalCount } deployments(accountId: $A, workspaceId: $W) { totalCount } workPools(accountId: $A, workspaceId: $W) { totalCount } variables(accountId: $A, workspaceId: $W) { totalCount } }';
    const viewer = await data<Record<string, { totalCount: number }>>(q, {}, viewerKey);
    assert.equal(viewer.flowRuns!.totalCount, 20);
    assert.equal(viewer.deployments!.totalCount, 1);

    const foreign = await gql(q, {}, eve.key);
    assert.equal(foreign.data, null);
    assert.ok(foreign.errors!.length > 0 && foreign.errors!.every((e) => e.extensions?.code === 'NOT_FOUND'), JSON.stringify(foreign.errors));
    // In her own workspace, our run does not exist.
    const ownWs = await gql('query($A: ID!, $W: ID!, $id: ID!) { flowRun(accountId: $A, workspaceId: $W, id: $id) { id } }', { A: eve.accountId, W: eve.workspaceId, id: failedRunId }, eve.key);
    assert.equal(codeOf(ownWs), 'NOT_FOUND');
    const empty = await data<{ flowRuns: { totalCount: number } }>('query($A: ID!, $W: ID!) { flowRuns(accountId: $A, workspaceId: $W) { totalCount } }', { A: eve.accountId, W: eve.workspaceId }, eve.key);
    assert.equal(empty.flowRuns.totalCount, 0);
  });

  it('refuses a query nested past the depth limit (flowRun → taskRuns → nodes → flowRun …) with VALIDATION_FAILED', async () => {
    let inner = 'id';
    for (let i = 0; i < 5; i++) inner = `id taskRuns(first: 1) { nodes { flowRun { ${inner} } } }`;
    const deep = await gql(`query($A: ID!, $W: ID!, $id: ID!) { flowRun(accountId: $A, workspaceId: $W, id: $id) { ${inner} } }`, { id: failedRunId });
    assert.equal(deep.data, undefined);
    assert.equal(codeOf(deep), 'VALIDATION_FAILED');
    assert.match(deep.errors![0]!.message, /depth/i);
    // Three levels are fine.
    let shallow = 'id';
    for (let i = 0; i < 2; i++) shallow = `id taskRuns(first: 1) { nodes { flowRun { ${shallow} } } }`;
    const ok = await data<{ flowRun: { id: string } }>(`query($A: ID!, $W: ID!, $id: ID!) { flowRun(accountId: $A, workspaceId: $W, id: $id) { ${shallow} } }`, { id: failedRunId });
    assert.equal(ok.flowRun.id, failedRunId);
  });
});
