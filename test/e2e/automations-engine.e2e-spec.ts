import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { after, before, describe, it } from 'node:test';
import type { EventMetadata, RecordedEvent } from '../../src/shared/ddd';
import { freePort } from '../support/free-port';
import { startPraetorProcess } from '../support/praetor-process';
import { startTestServer, type TestServer } from '../support/test-server';
import { eventually } from '../support/eventually';

const json = (body: unknown, method = 'POST') => ({ method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Firing {
  firingId: string;
  automationId: string;
  triggeringLabels: Record<string, string>;
  triggeringEvent: { id: string; event: string } | null;
  occasion: string;
}

describe('automations engine: triggers on the event stream, actions exactly once', () => {
  let t: TestServer;
  const ws = (path: string) => `${t.workspaceApi}${path}`;
  const post = async <T>(path: string, body: unknown, status = [200, 201]): Promise<T> => {
    const r = await t.fetch(ws(path), json(body));
    const text = await r.text();
    assert.ok(status.includes(r.status), `${path} → ${r.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const all = async () => t.server.runtime.stores.events.readAll();
  const firingsOf = async (automationId: string) => (await all()).filter((e) => e.type === 'AutomationTriggered' && (e.data as Firing).automationId === automationId) as RecordedEvent<string, Firing>[];
  const automation = (body: Record<string, unknown>) => post<{ id: string }>('/automations/', { actions: [{ type: 'do-nothing' }], ...body });
  const emit = (event: string, resource: Record<string, string>, related: Record<string, string>[] = []) =>
    post('/events', [{ id: randomUUID(), occurred: new Date().toISOString(), event, resource, related, payload: {} }], [200, 201, 204]);

  let flowId: string;
  let deploymentId: string;
  let targetId: string;
  const runOf = async (deployment: string) => (await post<{ id: string }>(`/deployments/${deployment}/create_flow_run`, {})).id;
  const setState = (runId: string, type: string) => post(`/flow_runs/${runId}/set_state`, { state: { type }, force: true });

  before(async () => {
    t = await startTestServer();
    flowId = (await post<{ id: string }>('/flows/', { name: 'watched' })).id;
    deploymentId = (await post<{ id: string }>('/deployments/', { name: 'nightly', flow_id: flowId })).id;
    targetId = (await post<{ id: string }>('/deployments/', { name: 'remediate', flow_id: flowId })).id;
  });
  after(async () => t.stop());

  it('a reactive trigger on prefect.flow-run.Failed runs a deployment exactly once, as the automation', { timeout: 60_000 }, async () => {
    const a = await automation({
      name: 'on-failure',
      trigger: { type: 'event', match: { 'prefect.resource.id': 'prefect.flow-run.*' }, match_related: { 'prefect.resource.id': `prefect.deployment.${deploymentId}` }, expect: ['prefect.flow-run.Failed'], posture: 'Reactive', threshold: 1, within: 0 },
      actions: [{ type: 'run-deployment', source: 'selected', deployment_id: targetId, parameters: { reason: { __prefect_kind: 'jinja', template: '{{ event.event }}' } } }],
    });
    const run = await runOf(deploymentId);
    await setState(run, 'RUNNING');
    await setState(run, 'FAILED');
    const outcomes = await eventually(
      async () => (await all()).filter((e) => e.type.startsWith('AutomationAction') && (e.data as { automationId: string }).automationId === a.id),
      (x) => x.length > 0,
      'the action outcome',
    );
    assert.deepEqual(outcomes.map((e) => e.type), ['AutomationActionExecuted']);
    assert.deepEqual((outcomes[0]!.metadata as EventMetadata).actor, { type: 'automation', id: a.id, name: 'on-failure' });
    const runs = await post<{ id: string; parameters: Record<string, unknown>; created_by: { type: string; id: string } | null }[]>('/flow_runs/filter', { deployments: { id: { any_: [targetId] } } });
    assert.equal(runs.length, 1);
    assert.deepEqual(runs[0]!.parameters, { reason: 'prefect.flow-run.Failed' });
    assert.equal(runs[0]!.created_by?.type, 'AUTOMATION');
    assert.equal(runs[0]!.created_by?.id, a.id);
    const firings = await firingsOf(a.id);
    assert.equal(firings.length, 1);
    assert.equal(firings[0]!.data.triggeringEvent?.event, 'prefect.flow-run.Failed');
    // Prefect's lifecycle events are visible to event readers.
    const lifecycle = await eventually(
      async () => (await post<{ events: { event: string; related: Record<string, string>[]; payload: Record<string, unknown> }[] }>('/events/filter', { filter: { event: { prefix: ['prefect.automation.'] }, resource: { id: [`prefect.automation.${a.id}`] } }, limit: 50 })).events,
      (x) => x.some((e) => e.event === 'prefect.automation.action.executed'),
      'lifecycle events',
    );
    const names = lifecycle.map((e) => e.event).sort();
    assert.deepEqual(names, ['prefect.automation.action.executed', 'prefect.automation.action.triggered', 'prefect.automation.triggered']);
    const executed = lifecycle.find((e) => e.event === 'prefect.automation.action.executed')!;
    assert.equal(executed.payload.action_index, 0);
    assert.equal(executed.payload.action_type, 'run-deployment');
    assert.ok(executed.related.some((r) => r['prefect.resource.role'] === 'flow-run' && r['prefect.resource.id'] === `prefect.flow-run.${runs[0]!.id}`));
    assert.ok(executed.related.some((r) => r['prefect.resource.role'] === 'triggering-event'));
  });

  it('threshold within a window: fires on the third event, not before', { timeout: 60_000 }, async () => {
    const a = await automation({ name: 'three-pings', trigger: { match: { 'prefect.resource.id': 'test.pinger.1' }, expect: ['test.ping'], threshold: 3, within: 60 } });
    const sentinel = await automation({ name: 'ping-sentinel', trigger: { match: { 'prefect.resource.id': 'test.pinger.1' }, expect: ['test.ping.sentinel'] } });
    await emit('test.ping', { 'prefect.resource.id': 'test.pinger.1' });
    await emit('test.ping', { 'prefect.resource.id': 'test.pinger.1' });
    await emit('test.ping.sentinel', { 'prefect.resource.id': 'test.pinger.1' });
    await eventually(() => firingsOf(sentinel.id), (x) => x.length === 1, 'sentinel firing');
    assert.equal((await firingsOf(a.id)).length, 0, 'two of three events must not fire');
    await emit('test.ping', { 'prefect.resource.id': 'test.pinger.1' });
    await eventually(() => firingsOf(a.id), (x) => x.length === 1, 'firing on the third event');
  });

  it('for_each buckets count per resource', { timeout: 60_000 }, async () => {
    const a = await automation({ name: 'per-resource', trigger: { match: { 'prefect.resource.id': 'test.bucket.*' }, expect: ['test.tick'], for_each: ['prefect.resource.id'], threshold: 2, within: 60 } });
    await emit('test.tick', { 'prefect.resource.id': 'test.bucket.a' });
    await emit('test.tick', { 'prefect.resource.id': 'test.bucket.b' });
    await emit('test.tick', { 'prefect.resource.id': 'test.bucket.a' });
    const first = await eventually(() => firingsOf(a.id), (x) => x.length === 1, 'bucket a fires');
    assert.deepEqual(first[0]!.data.triggeringLabels, { 'prefect.resource.id': 'test.bucket.a' });
    await emit('test.tick', { 'prefect.resource.id': 'test.bucket.b' });
    const both = await eventually(() => firingsOf(a.id), (x) => x.length === 2, 'bucket b fires');
    assert.deepEqual(both[1]!.data.triggeringLabels, { 'prefect.resource.id': 'test.bucket.b' });
  });

  it('match_related with wildcards and negation', { timeout: 60_000 }, async () => {
    const a = await automation({
      name: 'prod-tags',
      trigger: { match: { 'prefect.resource.id': 'test.job.*' }, match_related: { 'prefect.resource.role': 'tag', 'prefect.resource.id': ['prefect.tag.prod*', '!prefect.tag.prod-canary'] }, expect: ['test.job.done'] },
    });
    const tag = (name: string) => [{ 'prefect.resource.id': `prefect.tag.${name}`, 'prefect.resource.role': 'tag' }];
    await emit('test.job.done', { 'prefect.resource.id': 'test.job.1' }, tag('prod-canary'));
    await emit('test.job.done', { 'prefect.resource.id': 'test.job.2' }, tag('dev'));
    await emit('test.job.done', { 'prefect.resource.id': 'test.job.3' }, [{ 'prefect.resource.id': 'prefect.tag.prod-eu', 'prefect.resource.role': 'other' }]);
    await emit('test.job.done', { 'prefect.resource.id': 'test.job.4' }, tag('prod-eu'));
    const firings = await eventually(() => firingsOf(a.id), (x) => x.length >= 1, 'the prod-eu job fires');
    // Events are evaluated in order, so when job 4 fired, jobs 1-3 had been evaluated: none fired.
    assert.deepEqual(firings.map((f) => f.data.triggeringEvent && (f.data.triggeringEvent as unknown as { resource: Record<string, string> }).resource['prefect.resource.id']), ['test.job.4']);
  });

  it('a proactive trigger fires when a run does not complete within N seconds, and not for a run that does', { timeout: 90_000 }, async () => {
    const a = await automation({
      name: 'slow-runs',
      trigger: {
        posture: 'Proactive',
        match: { 'prefect.resource.id': 'prefect.flow-run.*' },
        match_related: { 'prefect.resource.id': `prefect.deployment.${deploymentId}`, 'prefect.resource.role': 'deployment' },
        after: ['prefect.flow-run.Running'],
        expect: ['prefect.flow-run.Completed'],
        for_each: ['prefect.resource.id'],
        threshold: 1,
        within: 10,
      },
    });
    const quick = await runOf(deploymentId);
    await setState(quick, 'RUNNING');
    const slow = await runOf(deploymentId);
    await setState(slow, 'RUNNING');
    await setState(quick, 'COMPLETED');
    const firings = await eventually(() => firingsOf(a.id), (x) => x.length >= 1, 'the slow run fires', 60_000);
    // The quick run's window ended before the slow one's, and windows are checked in one pass.
    assert.deepEqual(firings.map((f) => f.data.triggeringLabels['prefect.resource.id']), [`prefect.flow-run.${slow}`]);
    assert.match(firings[0]!.data.occasion, /^window:/);
  });

  it('a compound trigger fires when all of its triggers have fired', { timeout: 60_000 }, async () => {
    const a = await automation({
      name: 'both',
      trigger: { type: 'compound', require: 'all', within: 60, triggers: [{ match: { 'prefect.resource.id': 'test.pair' }, expect: ['test.left'] }, { match: { 'prefect.resource.id': 'test.pair' }, expect: ['test.right'] }] },
    });
    const sentinel = await automation({ name: 'pair-sentinel', trigger: { match: { 'prefect.resource.id': 'test.pair' }, expect: ['test.pair.sentinel'] } });
    await emit('test.left', { 'prefect.resource.id': 'test.pair' });
    await emit('test.left', { 'prefect.resource.id': 'test.pair' });
    await emit('test.pair.sentinel', { 'prefect.resource.id': 'test.pair' });
    await eventually(() => firingsOf(sentinel.id), (x) => x.length === 1, 'sentinel');
    assert.equal((await firingsOf(a.id)).length, 0);
    await emit('test.right', { 'prefect.resource.id': 'test.pair' });
    await eventually(() => firingsOf(a.id), (x) => x.length === 1, 'compound fires');
  });

  it('a sequence trigger fires only when its triggers fire in order', { timeout: 60_000 }, async () => {
    const a = await automation({
      name: 'in-order',
      trigger: { type: 'sequence', within: 60, triggers: [{ match: { 'prefect.resource.id': 'test.seq' }, expect: ['test.first'] }, { match: { 'prefect.resource.id': 'test.seq' }, expect: ['test.second'] }] },
    });
    const sentinel = await automation({ name: 'seq-sentinel', trigger: { match: { 'prefect.resource.id': 'test.seq' }, expect: ['test.seq.sentinel'] } });
    await emit('test.second', { 'prefect.resource.id': 'test.seq' });
    await emit('test.first', { 'prefect.resource.id': 'test.seq' });
    await emit('test.seq.sentinel', { 'prefect.resource.id': 'test.seq' });
    await eventually(() => firingsOf(sentinel.id), (x) => x.length === 1, 'sentinel');
    assert.equal((await firingsOf(a.id)).length, 0, 'second before first must not fire');
    await emit('test.second', { 'prefect.resource.id': 'test.seq' });
    await eventually(() => firingsOf(a.id), (x) => x.length === 1, 'sequence fires');
  });

  it('a metric trigger on successes fires when the success rate of a deployment\'s runs drops below the threshold', { timeout: 60_000 }, async () => {
    const watched = (await post<{ id: string }>('/deployments/', { name: 'metric-watched', flow_id: flowId })).id;
    const a = await automation({
      name: 'success-rate',
      trigger: { type: 'metric', posture: 'Metric', match: { 'prefect.resource.id': 'prefect.flow-run.*' }, match_related: { 'prefect.resource.id': `prefect.deployment.${watched}`, 'prefect.resource.role': 'deployment' }, metric: { name: 'successes', threshold: 0.9, operator: '<', range: 300, firing_for: 0 } },
    });
    const ok = await runOf(watched);
    await setState(ok, 'RUNNING');
    await setState(ok, 'COMPLETED');
    const bad = await runOf(watched);
    await setState(bad, 'RUNNING');
    await setState(bad, 'FAILED');
    const firings = await eventually(() => firingsOf(a.id), (x) => x.length >= 1, 'the metric fires');
    assert.equal(firings.length, 1);
    assert.match(firings[0]!.data.occasion, /^breach:/);
  });

  it('a disabled automation never fires', { timeout: 60_000 }, async () => {
    const off = await automation({ name: 'off', enabled: false, trigger: { match: { 'prefect.resource.id': 'test.quiet' }, expect: ['test.noise'] } });
    const on = await automation({ name: 'on', trigger: { match: { 'prefect.resource.id': 'test.quiet' }, expect: ['test.noise'] } });
    await emit('test.noise', { 'prefect.resource.id': 'test.quiet' });
    await eventually(() => firingsOf(on.id), (x) => x.length === 1, 'the enabled twin fires');
    assert.equal((await firingsOf(off.id)).length, 0);
  });

  it('pause-deployment runs as the automation and the deployment is paused', { timeout: 60_000 }, async () => {
    const victim = (await post<{ id: string }>('/deployments/', { name: 'to-pause', flow_id: flowId })).id;
    const a = await automation({ name: 'pauser', trigger: { match: { 'prefect.resource.id': 'test.pauser' }, expect: ['test.pause'] }, actions: [{ type: 'pause-deployment', source: 'selected', deployment_id: victim }] });
    await emit('test.pause', { 'prefect.resource.id': 'test.pauser' });
    await eventually(async () => (await all()).filter((e) => e.type === 'AutomationActionExecuted' && (e.data as { automationId: string }).automationId === a.id), (x) => x.length === 1, 'executed');
    const d = (await (await t.fetch(ws(`/deployments/${victim}`))).json()) as { paused: boolean };
    assert.equal(d.paused, true);
    const change = (await all()).filter((e) => e.stream === `deployment-${victim}`).at(-1)!;
    assert.deepEqual((change.metadata as EventMetadata).actor, { type: 'automation', id: a.id, name: 'pauser' });
  });
});

describe('automations engine: trigger state and the checkpoint survive a restart', () => {
  it('a threshold half-counted before a restart completes after it', { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'praetor-automation-restart-'));
    const env = { PRAETOR_BOOTSTRAP_API_KEY: `pnu_${'r'.repeat(36)}` };
    let t = await startTestServer(env, dir);
    try {
      const call = async <T>(path: string, body: unknown): Promise<T> => {
        const r = await t.fetch(`${t.workspaceApi}${path}`, json(body));
        const text = await r.text();
        assert.ok(r.status < 300, `${path} → ${r.status} ${text}`);
        return (text ? JSON.parse(text) : undefined) as T;
      };
      const emit = (event: string) => call('/events', [{ id: randomUUID(), occurred: new Date().toISOString(), event, resource: { 'prefect.resource.id': 'test.restart' }, related: [], payload: {} }]);
      const a = await call<{ id: string }>('/automations/', { name: 'two-across-restart', trigger: { match: { 'prefect.resource.id': 'test.restart' }, expect: ['test.half'], threshold: 2, within: 600 }, actions: [{ type: 'do-nothing' }] });
      const sentinel = await call<{ id: string }>('/automations/', { name: 'restart-sentinel', trigger: { match: { 'prefect.resource.id': 'test.restart' }, expect: ['test.restart.sentinel'] }, actions: [{ type: 'do-nothing' }] });
      const firings = async (id: string) => (await t.server.runtime.stores.events.readAll()).filter((e) => e.type === 'AutomationTriggered' && (e.data as Firing).automationId === id);
      await emit('test.half');
      await emit('test.restart.sentinel');
      await eventually(() => firings(sentinel.id), (x) => x.length === 1, 'the first half was evaluated');
      assert.equal((await firings(a.id)).length, 0);
      await t.stop({ keepData: true });
      t = await startTestServer(env, dir);
      await emit('test.half');
      const fired = await eventually(() => firings(a.id), (x) => x.length >= 1, 'the second half fires after the restart');
      assert.equal(fired.length, 1);
      // The firing and its outcome are in the firings read model.
      const doc = await eventually(
        async () => t.server.runtime.stores.readStore.get<{ _id: string; automation_id: string; actions: { status: string }[] }>('automation_firings', (fired[0]!.data as Firing).firingId),
        (d) => d?.actions[0]?.status === 'executed',
        'the firing read model',
      );
      assert.equal(doc!.automation_id, a.id);
    } finally {
      await t.stop();
    }
  });
});

describe('automations engine: SIGKILL between the firing and its action', () => {
  const dir = mkdtempSync(join(tmpdir(), 'praetor-automation-kill9-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the action runs exactly once after a restart: one run, one AutomationActionExecuted', { timeout: 180_000 }, async (ctx) => {
    const port = await freePort();
    const key = `pnu_${'a'.repeat(36)}`;
    const env = { PRAETOR_PORT: String(port), PRAETOR_DATA_DIR: dir, PRAETOR_LOG_LEVEL: 'warn', PRAETOR_BOOTSTRAP_API_KEY: key };
    const first = await startPraetorProcess(env);
    const api = first.env.PREFECT_API_URL!;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const call = async <T>(path: string, body?: unknown): Promise<T> => {
      const r = await fetch(`${api}${path}`, { method: body === undefined ? 'GET' : 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await r.text();
      assert.ok(r.status < 300, `${path} → ${r.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    };
    const flow = await call<{ id: string }>('/flows/', { name: 'crashy' });
    const target = await call<{ id: string }>('/deployments/', { name: 'after-crash', flow_id: flow.id });
    const a = await call<{ id: string }>('/automations/', {
      name: 'crash-me',
      trigger: { match: { 'prefect.resource.id': 'test.crash' }, expect: ['test.crash.now'] },
      actions: [{ type: 'run-deployment', source: 'selected', deployment_id: target.id }],
    });
    const db = new Database(join(dir, 'events.sqlite'), { readonly: true, fileMustExist: true });
    const types = () => (db.prepare("SELECT type FROM events WHERE type LIKE 'Automation%' AND data LIKE ?").all(`%${a.id}%`) as { type: string }[]).map((r) => r.type);
    try {
      await call('/events', [{ id: randomUUID(), occurred: new Date().toISOString(), event: 'test.crash.now', resource: { 'prefect.resource.id': 'test.crash' }, related: [], payload: {} }]);
      // Kill the moment the firing is durable, before (most likely) the executor acted on it.
      const deadline = Date.now() + 30_000;
      while (!types().includes('AutomationTriggered')) {
        assert.ok(Date.now() < deadline, 'the firing was never recorded');
        await sleep(2);
      }
      first.child.kill('SIGKILL');
      await first.exited();
      const atKill = types();
      ctx.diagnostic(`recorded at the kill: ${atKill.join(', ')}`);
      const second = await startPraetorProcess(env);
      try {
        await eventually(async () => types(), (x) => x.includes('AutomationActionExecuted'), 'the action ran after the restart', 60_000);
        const runs = await call<{ id: string }[]>('/flow_runs/filter', { deployments: { id: { any_: [target.id] } } });
        assert.equal(runs.length, 1, `one run (types at kill: ${atKill.join(',')})`);
        const after = types();
        assert.equal(after.filter((x) => x === 'AutomationTriggered').length, 1);
        assert.equal(after.filter((x) => x === 'AutomationActionExecuted').length, 1);
        assert.equal(after.filter((x) => x === 'AutomationActionFailed').length, 0);
      } finally {
        second.child.kill('SIGKILL');
        await second.exited();
      }
    } finally {
      db.close();
    }
  });
});
