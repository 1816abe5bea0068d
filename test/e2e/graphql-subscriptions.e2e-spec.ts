import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { decodeFeedCursor } from '../../src/infrastructure/graphql/live-feed';
import type { EventMetadata } from '../../src/shared/ddd';
import { addAccountMember, createOtherTenant, type OtherTenant } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';
import { RecordedSubscription } from '../support/graphql-ws';

interface StateEvent {
  cursor: string;
  flowRunId: string;
  state: { id: string; type: string; name: string };
  occurredAt: string;
  actor: { id: string; type: string } | null;
  flowRun: { id: string; stateType: string } | null;
}

const STATE_EVENT = 'cursor flowRunId state { id type name } occurredAt actor { id type } flowRun { id stateType }';

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('GraphQL subscriptions: live run states and logs, cursors, per-event authorization', () => {
  let t: TestServer;
  let flowId: string;
  const clients: Client[] = [];
  const ws = (p: string) => `${t.workspaceApi}${p}`;
  const send = (method: string, url: string, body?: unknown, key?: string) =>
    t.fetch(url, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' }, ...(key ? { key } : {}) });
  const client = (key = t.apiKey) => {
    const c = createClient({ url: `${t.server.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${key}` }, retryAttempts: 0, lazy: true });
    clients.push(c);
    return c;
  };
  const ids = () => t.server.installation.ids;
  const subscribeStates = (c: Client, extra: { filter?: Record<string, unknown>; after?: string; accountId?: string; workspaceId?: string } = {}) =>
    new RecordedSubscription<StateEvent>(
      c,
      `subscription S($a: ID!, $w: ID!, $f: FlowRunStateFilter, $after: String) { flowRunStateChanged(accountId: $a, workspaceId: $w, filter: $f, after: $after) { ${STATE_EVENT} } }`,
      { a: extra.accountId ?? ids().accountId, w: extra.workspaceId ?? ids().workspaceId, f: extra.filter ?? null, after: extra.after ?? null },
      'flowRunStateChanged',
    );
  const createRun = async (base = t.workspaceApi, key?: string, extra: Record<string, unknown> = {}, flow = flowId) => {
    const res = await send('POST', `${base}/flow_runs/`, { flow_id: flow, state: { type: 'PENDING', name: 'Pending' }, ...extra }, key);
    assert.equal(res.status, 201);
    return ((await res.json()) as { id: string }).id;
  };
  const setState = async (runId: string, type: string, base = t.workspaceApi, key?: string) => {
    const res = await send('POST', `${base}/flow_runs/${runId}/set_state`, { state: { type, message: null, data: null, state_details: { transition_id: randomUUID() } }, force: false }, key);
    assert.equal(res.status, 201, await res.clone().text());
    assert.equal(((await res.json()) as { status: string }).status, 'ACCEPT');
  };
  const history = async (runId: string, base = t.workspaceApi, key?: string) => (await (await send('GET', `${base}/flow_run_states/?flow_run_id=${runId}`, undefined, key)).json()) as { id: string; type: string }[];
  const of = (sub: RecordedSubscription<StateEvent>, runId: string) => sub.items.filter((e) => e.flowRunId === runId);
  const memberId = async (userId: string) => {
    const list = (await (await send('POST', `${t.api}/accounts/${ids().accountId}/account_memberships/filter`, {})).json()) as { id: string; user_id: string }[];
    return list.find((m) => m.user_id === userId)!.id;
  };

  before(async () => {
    t = await startTestServer();
    flowId = ((await (await send('POST', ws('/flows/'), { name: 'live', tags: [], labels: {} })).json()) as { id: string }).id;
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t?.stop();
  });

  it('delivers every state change of a run driven over REST, in order, with increasing cursors, the actor and the run', async () => {
    const sub = subscribeStates(client());
    await new Promise((r) => setTimeout(r, 100));
    const run = await createRun();
    await setState(run, 'RUNNING');
    await setState(run, 'COMPLETED');
    await until('three states', () => of(sub, run).length === 3);
    const got = of(sub, run);
    assert.deepEqual(got.map((e) => e.state.id), (await history(run)).map((s) => s.id));
    assert.deepEqual(got.map((e) => e.state.type), ['PENDING', 'RUNNING', 'COMPLETED']);
    const positions = got.map((e) => decodeFeedCursor(e.cursor));
    assert.ok(positions.every((p, i) => i === 0 || p > positions[i - 1]!), `increasing cursors ${positions.join(',')}`);
    for (const e of got) {
      assert.equal(e.actor?.id, ids().userId);
      assert.equal(e.flowRun?.id, run);
      assert.ok(!Number.isNaN(Date.parse(e.occurredAt)));
    }
    // The recorded events are the ones delivered.
    const recorded = await t.server.runtime.stores.events.readStream(`flowRun-${run}`);
    assert.deepEqual(recorded.map((e) => e.position), positions);
    assert.equal((recorded[1]!.metadata as EventMetadata).actor.id, ids().userId);
    sub.dispose();
  });

  it('applies the filter (run ids, state types, flows, tags)', async () => {
    const c = client();
    const other = ((await (await send('POST', ws('/flows/'), { name: 'live-other', tags: [], labels: {} })).json()) as { id: string }).id;
    const a = await createRun(t.workspaceApi, undefined, { tags: ['blue'] });
    const byRun = subscribeStates(c, { filter: { flowRunIds: [a] } });
    const completed = subscribeStates(c, { filter: { stateTypes: ['COMPLETED'] } });
    const byFlow = subscribeStates(c, { filter: { flowIds: [other] } });
    const byTag = subscribeStates(c, { filter: { tags: ['blue'] } });
    await new Promise((r) => setTimeout(r, 100));
    const b = await createRun(t.workspaceApi, undefined, { tags: ['red'] }, other);
    await setState(b, 'RUNNING');
    await setState(a, 'RUNNING');
    await setState(b, 'COMPLETED');
    await setState(a, 'COMPLETED');
    await until('the filtered events', () => byRun.items.length === 2 && completed.items.length === 2 && byFlow.items.length === 3 && byTag.items.length === 2);
    assert.deepEqual(byRun.items.map((e) => [e.flowRunId, e.state.type]), [[a, 'RUNNING'], [a, 'COMPLETED']]);
    assert.deepEqual(completed.items.map((e) => e.flowRunId), [b, a]);
    assert.deepEqual(byFlow.items.map((e) => [e.flowRunId, e.state.type]), [[b, 'PENDING'], [b, 'RUNNING'], [b, 'COMPLETED']]);
    assert.deepEqual(byTag.items.map((e) => [e.flowRunId, e.state.type]), [[a, 'RUNNING'], [a, 'COMPLETED']]);
    for (const s of [byRun, completed, byFlow, byTag]) s.dispose();
  });

  it('resumes after a reconnect from the last cursor: exactly the missed changes, none lost, none repeated', async () => {
    const witness = subscribeStates(client());
    const first = client();
    const sub = subscribeStates(first);
    await new Promise((r) => setTimeout(r, 100));
    const run = await createRun();
    await setState(run, 'RUNNING');
    await until('two states', () => of(sub, run).length === 2);
    const last = sub.items[sub.items.length - 1]!.cursor;
    await first.dispose();
    const missed = await createRun();
    await setState(run, 'COMPLETED');
    await setState(missed, 'RUNNING');
    await until('the witness saw all', () => of(witness, missed).length === 2 && of(witness, run).length === 3);
    const resumed = subscribeStates(client(), { after: last });
    const sentinel = await createRun();
    await until('the sentinel after the missed ones', () => resumed.items.some((e) => e.flowRunId === sentinel));
    await until('the witness saw the sentinel', () => of(witness, sentinel).length === 1);
    const fromWitness = witness.items.slice(witness.items.findIndex((e) => e.cursor === last) + 1);
    assert.ok(fromWitness.length >= 4);
    assert.deepEqual(resumed.items.map((e) => e.state.id), fromWitness.map((e) => e.state.id));
    assert.equal(new Set(resumed.items.map((e) => e.cursor)).size, resumed.items.length, 'no event twice');
    // An old cursor (from before everything here) replays from the store in order.
    const replay = subscribeStates(client(), { after: witness.items[0]!.cursor, filter: { flowRunIds: [run] } });
    await until('the replay', () => replay.items.length === 2);
    assert.deepEqual(replay.items.map((e) => e.state.type), ['RUNNING', 'COMPLETED']);
    for (const s of [witness, resumed, replay]) s.dispose();
  });

  it('refuses a cursor it never gave out with VALIDATION_FAILED', async () => {
    const bad = subscribeStates(client(), { after: 'not-a-cursor' });
    const ahead = subscribeStates(client(), { after: Buffer.from('p:999999999').toString('base64url') });
    await until('both refused', () => bad.done && ahead.done);
    assert.equal(bad.errors[0]?.extensions?.code, 'VALIDATION_FAILED');
    assert.equal(ahead.errors[0]?.extensions?.code, 'VALIDATION_FAILED');
  });

  it('stops delivering at once to a member removed from the account mid-subscription (the owner still gets a later sentinel)', async () => {
    const { userId, key } = await addAccountMember(t, 'mia', 'member', { workspaceRole: 'developer' });
    const owner = subscribeStates(client());
    const mia = subscribeStates(client(key));
    await new Promise((r) => setTimeout(r, 100));
    const run = await createRun();
    await until('mia sees the run', () => of(mia, run).length === 1);
    assert.equal((await send('DELETE', `${t.api}/accounts/${ids().accountId}/account_memberships/${await memberId(userId)}`)).status, 204);
    await setState(run, 'RUNNING');
    await setState(run, 'COMPLETED');
    const sentinel = await createRun();
    await until('the owner sees the sentinel', () => of(owner, sentinel).length === 1);
    await until('mia’s subscription ended', () => mia.done);
    assert.deepEqual(mia.items.map((e) => e.flowRunId), [run], 'nothing after the removal');
    assert.equal(mia.errors[0]?.extensions?.code, 'NOT_FOUND');
    owner.dispose();
  });

  it('stops delivering to a user whose workspace access is revoked', async () => {
    const { userId, key } = await addAccountMember(t, 'rex', 'member', { workspaceRole: 'viewer' });
    const owner = subscribeStates(client());
    const rex = subscribeStates(client(key));
    await new Promise((r) => setTimeout(r, 100));
    const run = await createRun();
    await until('rex sees the run', () => of(rex, run).length === 1);
    assert.equal((await send('DELETE', ws(`/user_access/${userId}`))).status, 204);
    await setState(run, 'RUNNING');
    const sentinel = await createRun();
    await until('the owner sees the sentinel', () => of(owner, sentinel).length === 1);
    await until('rex’s subscription ended', () => rex.done);
    assert.deepEqual(rex.items.map((e) => e.flowRunId), [run]);
    assert.equal(rex.errors[0]?.extensions?.code, 'NOT_FOUND');
    owner.dispose();
  });

  it('closes the socket of a revoked API key with 4403, after the last event it was allowed', async () => {
    const eve = await createOtherTenant(t, 'eve');
    const second = (await (await send('POST', `${t.api}/users/${eve.userId}/api_keys`, { name: 'live', expiration: null }, eve.key)).json()) as { id: string; key: string };
    const onEve = { accountId: eve.accountId, workspaceId: eve.workspaceId };
    const flow = ((await (await send('POST', `${eve.api}/flows/`, { name: 'eve-live', tags: [], labels: {} }, eve.key)).json()) as { id: string }).id;
    const witness = subscribeStates(client(eve.key), onEve);
    const revoked = subscribeStates(client(second.key), onEve);
    await new Promise((r) => setTimeout(r, 100));
    const run = await createRun(eve.api, eve.key, {}, flow);
    await until('the key’s subscription sees the run', () => of(revoked, run).length === 1);
    assert.equal((await send('DELETE', `${t.api}/users/${eve.userId}/api_keys/${second.id}`, undefined, eve.key)).status, 204);
    await setState(run, 'RUNNING', eve.api, eve.key);
    const sentinel = await createRun(eve.api, eve.key, {}, flow);
    await until('the witness sees the sentinel', () => of(witness, sentinel).length === 1);
    await until('the revoked key’s subscription ended', () => revoked.done);
    assert.deepEqual(revoked.items.map((e) => e.flowRunId), [run]);
    assert.equal(revoked.closeCode, 4403, JSON.stringify(revoked.errors));
    witness.dispose();
  });

  it('never delivers another workspace’s events, and refuses to subscribe to a workspace without access (NOT_FOUND)', async () => {
    const zed: OtherTenant = await createOtherTenant(t, 'zed');
    const flow = ((await (await send('POST', `${zed.api}/flows/`, { name: 'zed-live', tags: [], labels: {} }, zed.key)).json()) as { id: string }).id;
    const mine = subscribeStates(client());
    const theirs = subscribeStates(client(zed.key), { accountId: zed.accountId, workspaceId: zed.workspaceId });
    const intruder = subscribeStates(client(), { accountId: zed.accountId, workspaceId: zed.workspaceId });
    await new Promise((r) => setTimeout(r, 100));
    const foreign = await createRun(zed.api, zed.key, {}, flow);
    await setState(foreign, 'RUNNING', zed.api, zed.key);
    const sentinel = await createRun();
    await until('zed sees its run', () => of(theirs, foreign).length === 2);
    await until('the owner sees the sentinel', () => of(mine, sentinel).length === 1);
    assert.equal(of(mine, foreign).length, 0);
    assert.equal(of(theirs, sentinel).length, 0);
    await until('the intruder is refused', () => intruder.done);
    assert.equal(intruder.errors[0]?.extensions?.code, 'NOT_FOUND');
    assert.equal(intruder.items.length, 0);
    mine.dispose();
    theirs.dispose();
  });

  it('streams the task-run state changes of one flow run', async () => {
    const run = await createRun();
    await setState(run, 'RUNNING');
    const other = await createRun();
    const sub = new RecordedSubscription<{ cursor: string; taskRunId: string; flowRunId: string; state: { type: string }; taskRun: { id: string } | null }>(
      client(),
      'subscription T($a: ID!, $w: ID!, $r: ID!) { taskRunStateChanged(accountId: $a, workspaceId: $w, flowRunId: $r) { cursor taskRunId flowRunId state { type } taskRun { id } } }',
      { a: ids().accountId, w: ids().workspaceId, r: run },
      'taskRunStateChanged',
    );
    await new Promise((r) => setTimeout(r, 100));
    const task = async (flowRun: string) => {
      const res = await send('POST', ws('/task_runs/'), { name: 't', flow_run_id: flowRun, task_key: `k-${randomUUID()}`, dynamic_key: '0', state: { type: 'PENDING' }, empirical_policy: null, tags: [], task_inputs: {} });
      assert.equal(res.status, 201);
      return ((await res.json()) as { id: string }).id;
    };
    const mineTask = await task(run);
    await task(other);
    const res = await send('POST', ws(`/task_runs/${mineTask}/set_state`), { state: { type: 'RUNNING' }, force: false });
    assert.equal(res.status, 201, await res.clone().text());
    await until('two task states', () => sub.items.length === 2);
    assert.deepEqual(sub.items.map((e) => [e.taskRunId, e.flowRunId, e.state.type, e.taskRun?.id]), [[mineTask, run, 'PENDING', mineTask], [mineTask, run, 'RUNNING', mineTask]]);
    sub.dispose();
  });

  it('streams a flow run’s log lines in write order, and resumes from a log cursor', async () => {
    const run = await createRun();
    const other = await createRun();
    const line = (flowRun: string, i: number) => ({ name: 'prefect.flow_runs', level: 20, message: `line ${i}`, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), flow_run_id: flowRun, task_run_id: null });
    const query = 'subscription L($a: ID!, $w: ID!, $r: ID!, $after: String) { flowRunLogs(accountId: $a, workspaceId: $w, flowRunId: $r, after: $after) { cursor log { id message flowRunId } } }';
    type LogEvent = { cursor: string; log: { id: string; message: string; flowRunId: string } };
    const c = client();
    const sub = new RecordedSubscription<LogEvent>(c, query, { a: ids().accountId, w: ids().workspaceId, r: run, after: null }, 'flowRunLogs');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((await send('POST', ws('/logs/'), [line(run, 0), line(other, 1), line(run, 2)])).status, 201);
    await until('two lines', () => sub.items.length === 2);
    assert.deepEqual(sub.items.map((e) => [e.log.message, e.log.flowRunId]), [['line 0', run], ['line 2', run]]);
    const last = sub.items[1]!.cursor;
    sub.dispose();
    assert.equal((await send('POST', ws('/logs/'), [line(run, 3), line(run, 1)])).status, 201);
    const resumed = new RecordedSubscription<LogEvent>(c, query, { a: ids().accountId, w: ids().workspaceId, r: run, after: last }, 'flowRunLogs');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((await send('POST', ws('/logs/'), [line(run, 4)])).status, 201);
    await until('the missed lines and the new one', () => resumed.items.length === 3);
    assert.deepEqual(resumed.items.map((e) => e.log.message), ['line 3', 'line 1', 'line 4'], 'write order, a late line with an older timestamp included');
    resumed.dispose();
  });
});
