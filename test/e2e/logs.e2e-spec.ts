import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createOtherTenant } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';
import { TestSocket, toWs, waitFor } from '../support/ws-client';

interface Log {
  id: string;
  created: string;
  updated: string;
  name: string;
  level: number;
  message: string;
  timestamp: string;
  flow_run_id: string | null;
  task_run_id: string | null;
}

describe('run logs: POST /logs/, /logs/filter, /logs/out', () => {
  let t: TestServer;
  const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const ws = (path: string) => `${t.workspaceApi}${path}`;
  const filter = async (body: unknown, base = t.workspaceApi, key?: string): Promise<Log[]> => {
    const res = await t.fetch(`${base}/logs/filter`, { ...json(body), ...(key ? { key } : {}) });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as Log[];
  };
  const line = (flowRunId: string, i: number, over: Record<string, unknown> = {}) => ({
    name: 'prefect.flow_runs',
    level: 20,
    message: `line ${i}`,
    timestamp: new Date(Date.UTC(2026, 0, 1, 12, 0, 0) + i).toISOString().replace('Z', '250Z'),
    flow_run_id: flowRunId,
    task_run_id: null,
    ...over,
  });

  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t?.stop();
  });

  it('takes 1,000 lines in one POST (201, empty body), then pages them with /logs/filter in both orders', async () => {
    const flowRunId = randomUUID();
    const taskRunId = randomUUID();
    const lines = Array.from({ length: 1000 }, (_, i) =>
      line(flowRunId, i, { level: i % 10 === 0 ? 40 : 20, task_run_id: i % 2 === 0 ? taskRunId : null, name: i % 2 === 0 ? 'prefect.task_runs' : 'prefect.flow_runs' }),
    );
    const res = await t.fetch(ws('/logs/'), json(lines));
    assert.equal(res.status, 201);
    assert.equal(await res.text(), '');

    const byRun = { logs: { flow_run_id: { any_: [flowRunId] } } };
    const asc: Log[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = await filter({ ...byRun, limit: 200, offset, sort: 'TIMESTAMP_ASC' });
      asc.push(...page);
      if (page.length < 200) break;
    }
    assert.equal(asc.length, 1000);
    assert.deepEqual(asc.map((l) => l.message), lines.map((l) => l.message));
    const first = asc[0]!;
    assert.deepEqual(Object.keys(first).sort(), ['created', 'flow_run_id', 'id', 'level', 'message', 'name', 'task_run_id', 'timestamp', 'updated']);
    assert.equal(first.timestamp, lines[0]!.timestamp, 'microseconds are kept');
    assert.equal(first.task_run_id, taskRunId);
    assert.equal(new Set(asc.map((l) => l.id)).size, 1000);

    const desc = await filter({ ...byRun, limit: 5, sort: 'TIMESTAMP_DESC' });
    assert.deepEqual(desc.map((l) => l.message), ['line 999', 'line 998', 'line 997', 'line 996', 'line 995']);
    // Defaults: TIMESTAMP_ASC, limit 200; nulls mean the default.
    assert.equal((await filter({ ...byRun, limit: null, offset: null, sort: null })).length, 200);
    assert.equal((await filter({ ...byRun, offset: 990 })).length, 10);

    const errors = await filter({ logs: { flow_run_id: { any_: [flowRunId] }, level: { ge_: 40 } }, limit: 200 });
    assert.equal(errors.length, 100);
    const flowOnly = await filter({ logs: { flow_run_id: { any_: [flowRunId] }, task_run_id: { is_null_: true } }, limit: 200 });
    assert.ok(flowOnly.every((l) => l.task_run_id === null) && flowOnly.length === 200);
    const forTask = await filter({ logs: { task_run_id: { any_: [taskRunId] } }, limit: 3 });
    assert.deepEqual(forTask.map((l) => l.message), ['line 0', 'line 2', 'line 4']);
    const window = await filter({ logs: { flow_run_id: { any_: [flowRunId] }, timestamp: { after_: lines[10]!.timestamp, before_: lines[12]!.timestamp } } });
    assert.deepEqual(window.map((l) => l.message), ['line 10', 'line 11', 'line 12']);
    const text = await filter({ logs: { flow_run_id: { any_: [flowRunId] }, text: { query: '"line 99" -task_runs' } } });
    assert.deepEqual(text.map((l) => l.message), ['line 99', 'line 991', 'line 993', 'line 995', 'line 997', 'line 999']);
  });

  it('answers bad input with 422 in Prefect’s shape and writes nothing of that request', async () => {
    const flowRunId = randomUUID();
    const notList = await t.fetch(ws('/logs/'), json({ name: 'x' }));
    assert.equal(notList.status, 422);
    const bad = await t.fetch(ws('/logs/'), json([line(flowRunId, 0), { ...line(flowRunId, 1), level: 'loud' }, { ...line(flowRunId, 2), timestamp: 'then', flow_run_id: 'nope' }]));
    assert.equal(bad.status, 422);
    const body = (await bad.json()) as { exception_message: string; exception_detail: { loc: unknown[] }[] };
    assert.equal(body.exception_message, 'Invalid request received.');
    assert.deepEqual(body.exception_detail.map((d) => d.loc), [
      ['body', 1, 'level'],
      ['body', 2, 'timestamp'],
      ['body', 2, 'flow_run_id'],
    ]);
    assert.deepEqual(await filter({ logs: { flow_run_id: { any_: [flowRunId] } } }), []);
    assert.equal((await t.fetch(ws('/logs/filter'), json({ limit: 201 }))).status, 422);
    assert.equal((await t.fetch(ws('/logs/filter'), json({ sort: 'LOUDEST' }))).status, 422);
    assert.equal((await t.fetch(ws('/logs/filter'), json({ logs: { flow_run_id: { any_: ['not-a-uuid'] } } }))).status, 422);
    assert.equal((await t.fetch(ws('/logs/'), { ...json([line(flowRunId, 0)]), key: null })).status, 401);
  });

  it('accepts a request of about 4 MB (the client’s batch size)', async () => {
    const flowRunId = randomUUID();
    const big = Array.from({ length: 4 }, (_, i) => line(flowRunId, i, { message: String(i).repeat(1_000_000) }));
    assert.equal((await t.fetch(ws('/logs/'), json(big))).status, 201);
    const stored = await filter({ logs: { flow_run_id: { any_: [flowRunId] } } });
    assert.deepEqual(stored.map((l) => l.message.length), [1_000_000, 1_000_000, 1_000_000, 1_000_000]);
  });

  it('keeps workspaces apart', async () => {
    const { key, api: theirs } = await createOtherTenant(t, 'mallory', { email: 'm@example.com', name: 'M', workspaceHandle: 'm', keyName: 'm' });
    assert.deepEqual(await filter({}, theirs, key), []);
    assert.equal((await t.fetch(ws('/logs/filter'), { ...json({}), key })).status, 404);
    const s = await TestSocket.open(toWs(ws('/logs/out')), { protocols: ['prefect'] });
    s.send({ type: 'auth', token: key });
    const closed = await s.expectClose();
    assert.deepEqual([closed.code, closed.reason], [1008, 'Workspace not found']);
  });

  it('/logs/out streams matching lines live (OSS layout, "<user>:<key>" token); bad tokens and filters are refused', async () => {
    const flowRunId = randomUUID();
    const s = await TestSocket.open(`${toWs(t.api)}/logs/out`, { protocols: ['prefect'] });
    s.send({ type: 'auth', token: `api:${t.apiKey}` });
    assert.deepEqual(await s.next(), { type: 'auth_success' });
    s.send({ type: 'filter', filter: { flow_run_id: { any_: [flowRunId] }, level: { ge_: 20 }, timestamp: { after_: new Date(Date.UTC(2025, 0, 1)).toISOString() } } });
    // Logs have no backfill and the filter is not acknowledged: probe until lines arrive.
    const probe = await waitFor(async () => {
      await t.fetch(ws('/logs/'), json([line(flowRunId, 0, { message: 'probe' })]));
      return s.next<{ type: string; log: Log }>(200).then((m) => m, () => undefined);
    }, 'the live log subscription');
    assert.equal(probe.type, 'log');
    assert.equal(probe.log.message, 'probe');
    await s.ping();
    s.drain();
    const other = randomUUID();
    await t.fetch(ws('/logs/'), json([line(other, 1, { message: 'other run' }), line(flowRunId, 2, { message: 'debug', level: 10 }), line(flowRunId, 3, { message: 'wanted' })]));
    const m = await s.next<{ type: string; log: Log }>();
    assert.equal(m.type, 'log');
    assert.equal(m.log.message, 'wanted');
    assert.equal(m.log.flow_run_id, flowRunId);
    assert.ok(m.log.id && m.log.created);
    await s.ping();
    assert.deepEqual(s.drain(), []);
    await s.close();

    const cloud = await TestSocket.open(toWs(ws('/logs/out')), { protocols: ['prefect'] });
    cloud.send({ type: 'auth', token: t.apiKey });
    assert.deepEqual(await cloud.next(), { type: 'auth_success' });
    cloud.send({ type: 'filter', filter: { level: { ge_: 'loud' } } });
    const invalid = await cloud.expectClose();
    assert.equal(invalid.code, 1002);
    assert.match(invalid.reason, /^Invalid filter: /);

    const refused = await TestSocket.open(toWs(ws('/logs/out')), { protocols: ['prefect'] });
    refused.send({ type: 'auth', token: 'api:pnu_wrong' });
    assert.deepEqual(await refused.expectClose(), { code: 1008, reason: 'Invalid token' });
  });
});
