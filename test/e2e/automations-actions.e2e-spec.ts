import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { EventMetadata, RecordedEvent } from '../../src/shared/ddd';
import { eventually } from '../support/eventually';
import { startTestServer, type TestServer } from '../support/test-server';

const json = (body: unknown, method = 'POST') => ({ method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

interface Outcome {
  automationId: string;
  actionType: string;
  reason: string | null;
}
interface FlowRun {
  id: string;
  state: { type: string; name: string; message: string | null; state_details?: Record<string, unknown> } | null;
}

describe('automations engine: the orchestration actions, each exactly once, as the automation', () => {
  let t: TestServer;
  const ws = (path: string) => `${t.workspaceApi}${path}`;
  const call = async <T>(path: string, body?: unknown, method?: string, status = [200, 201, 204]): Promise<T> => {
    const r = await t.fetch(ws(path), body === undefined ? { method: method ?? 'GET' } : json(body, method));
    const text = await r.text();
    assert.ok(status.includes(r.status), `${path} → ${r.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const post = <T>(path: string, body: unknown) => call<T>(path, body, 'POST');
  const all = async () => t.server.runtime.stores.events.readAll();
  const automation = (body: Record<string, unknown>) => post<{ id: string }>('/automations/', body);
  const emit = (event: string, resource: Record<string, string>, related: Record<string, string>[] = []) =>
    post('/events', [{ id: randomUUID(), occurred: new Date().toISOString(), event, resource, related, payload: {} }]);
  const runOf = async (deployment: string) => (await post<{ id: string }>(`/deployments/${deployment}/create_flow_run`, {})).id;
  const setState = (runId: string, type: string, name?: string) => post(`/flow_runs/${runId}/set_state`, { state: { type, ...(name ? { name } : {}) }, force: true });
  const flowRun = (id: string) => call<FlowRun>(`/flow_runs/${id}`);

  /** The automation's action outcomes, once there is one; then exactly one, executed. */
  const executedOnce = async (automationId: string): Promise<void> => {
    const outcomes = await eventually(
      async () => (await all()).filter((e) => e.type.startsWith('AutomationAction') && (e.data as Outcome).automationId === automationId) as RecordedEvent<string, Outcome>[],
      (x) => x.length > 0,
      'the action outcome',
    );
    assert.deepEqual(
      outcomes.map((e) => [e.type, e.data.reason]),
      [['AutomationActionExecuted', null]],
    );
  };
  /** The changes recorded on `stream` by the automation: exactly one, with the automation as actor. */
  const changedOnceBy = async (stream: string, a: { id: string; name: string }): Promise<RecordedEvent> => {
    const byAutomation = (await all()).filter((e) => e.stream === stream && (e.metadata as EventMetadata).actor?.type === 'automation');
    assert.equal(byAutomation.length, 1, `one change on ${stream} by an automation: ${byAutomation.map((e) => e.type).join(', ')}`);
    assert.deepEqual((byAutomation[0]!.metadata as EventMetadata).actor, { type: 'automation', id: a.id, name: a.name });
    return byAutomation[0]!;
  };
  const onEvent = (resource: string, event: string) => ({ match: { 'prefect.resource.id': resource }, expect: [event] });

  let flowId: string;
  let deploymentId: string;

  before(async () => {
    t = await startTestServer();
    flowId = (await post<{ id: string }>('/flows/', { name: 'acted-on' })).id;
    deploymentId = (await post<{ id: string }>('/deployments/', { name: 'acted-on', flow_id: flowId })).id;
  });
  after(async () => t.stop());

  /** An automation on a flow-run state event of one run, with `action`. */
  const onRunState = async (name: string, runId: string, event: string, action: Record<string, unknown>) => {
    const a = await automation({ name, trigger: { posture: 'Reactive', threshold: 1, within: 0, ...onEvent(`prefect.flow-run.${runId}`, event) }, actions: [action] });
    return { id: a.id, name };
  };

  it('cancel-flow-run cancels the flow run of the triggering event', { timeout: 60_000 }, async () => {
    const run = await runOf(deploymentId);
    const a = await onRunState('canceller', run, 'prefect.flow-run.Running', { type: 'cancel-flow-run' });
    await setState(run, 'RUNNING');
    await executedOnce(a.id);
    const r = await flowRun(run);
    assert.equal(r.state!.type, 'CANCELLING');
    assert.equal(r.state!.name, 'Cancelling');
    assert.equal(r.state!.message, `Cancelled by Automation ${a.id}`);
    await changedOnceBy(`flowRun-${run}`, a);
  });

  it('cancel-flow-run of a scheduled run without infrastructure: the run is cancelled, the action reports the rejection (as Prefect)', { timeout: 60_000 }, async () => {
    const run = await runOf(deploymentId);
    const a = await onRunState('early-canceller', run, 'prefect.flow-run.Late', { type: 'cancel-flow-run' });
    await setState(run, 'SCHEDULED', 'Late');
    const outcomes = await eventually(
      async () => (await all()).filter((e) => e.type.startsWith('AutomationAction') && (e.data as Outcome).automationId === a.id) as RecordedEvent<string, Outcome>[],
      (x) => x.length > 0,
      'the outcome',
    );
    assert.deepEqual(outcomes.map((e) => e.type), ['AutomationActionFailed']);
    assert.match(outcomes[0]!.data.reason!, /REJECT/);
    assert.equal((await flowRun(run)).state!.type, 'CANCELLED');
    await changedOnceBy(`flowRun-${run}`, a);
  });

  it('suspend-flow-run suspends the flow run of the triggering event', { timeout: 60_000 }, async () => {
    const run = await runOf(deploymentId);
    const a = await onRunState('suspender', run, 'prefect.flow-run.Running', { type: 'suspend-flow-run' });
    await setState(run, 'RUNNING');
    await executedOnce(a.id);
    const r = await flowRun(run);
    assert.equal(r.state!.type, 'PAUSED');
    assert.equal(r.state!.name, 'Suspended');
    assert.equal(r.state!.message, `Suspended by Automation ${a.id}`);
    assert.equal(r.state!.state_details?.pause_reschedule, true);
    const timeout = Date.parse(String(r.state!.state_details?.pause_timeout)) - Date.now();
    assert.ok(timeout > 30 * 60_000 && timeout <= 3600_000, `an hour to resume: ${r.state!.state_details?.pause_timeout}`);
    await changedOnceBy(`flowRun-${run}`, a);
  });

  it('resume-flow-run resumes the paused flow run of the triggering event', { timeout: 60_000 }, async () => {
    const run = await runOf(deploymentId);
    await setState(run, 'RUNNING');
    const a = await onRunState('resumer', run, 'prefect.flow-run.Suspended', { type: 'resume-flow-run' });
    await setState(run, 'PAUSED', 'Suspended');
    await executedOnce(a.id);
    const r = await flowRun(run);
    assert.notEqual(r.state!.type, 'PAUSED');
    assert.equal(r.state!.name, 'Resuming');
    await changedOnceBy(`flowRun-${run}`, a);
  });

  it('change-flow-run-state sets the given state on the flow run of the triggering event', { timeout: 60_000 }, async () => {
    const run = await runOf(deploymentId);
    const a = await onRunState('state-changer', run, 'prefect.flow-run.Running', { type: 'change-flow-run-state', state: 'FAILED', name: 'Timed out', message: 'ran too long' });
    await setState(run, 'RUNNING');
    await executedOnce(a.id);
    const r = await flowRun(run);
    assert.equal(r.state!.type, 'FAILED');
    assert.equal(r.state!.name, 'Timed out');
    assert.equal(r.state!.message, 'ran too long');
    await changedOnceBy(`flowRun-${run}`, a);
  });

  it('change-flow-run-state without a message says which automation changed it', { timeout: 60_000 }, async () => {
    const run = await runOf(deploymentId);
    const a = await onRunState('state-changer-2', run, 'prefect.flow-run.Running', { type: 'change-flow-run-state', state: 'CANCELLED' });
    await setState(run, 'RUNNING');
    await executedOnce(a.id);
    const r = await flowRun(run);
    assert.equal(r.state!.type, 'CANCELLED');
    assert.equal(r.state!.message, `State changed by Automation ${a.id}`);
    await changedOnceBy(`flowRun-${run}`, a);
  });

  it('a flow-run action on an event without a flow run fails', { timeout: 60_000 }, async () => {
    const a = await automation({ name: 'no-run', trigger: onEvent('test.no-run', 'test.go'), actions: [{ type: 'cancel-flow-run' }] });
    await emit('test.go', { 'prefect.resource.id': 'test.no-run' });
    const outcomes = await eventually(
      async () => (await all()).filter((e) => e.type.startsWith('AutomationAction') && (e.data as Outcome).automationId === a.id),
      (x) => x.length > 0,
      'the outcome',
    );
    assert.deepEqual(outcomes.map((e) => e.type), ['AutomationActionFailed']);
  });

  it('pause-work-pool and resume-work-pool (selected)', { timeout: 60_000 }, async () => {
    const pool = await post<{ id: string; name: string }>('/work_pools/', { name: 'pool-a', type: 'process' });
    const pauser = await automation({ name: 'pool-pauser', trigger: onEvent('test.pool', 'test.pool.pause'), actions: [{ type: 'pause-work-pool', source: 'selected', work_pool_id: pool.id }] });
    await emit('test.pool.pause', { 'prefect.resource.id': 'test.pool' });
    await executedOnce(pauser.id);
    assert.equal((await call<{ is_paused: boolean }>(`/work_pools/${pool.name}`)).is_paused, true);
    await changedOnceBy(`workPool-${pool.id}`, { id: pauser.id, name: 'pool-pauser' });
    const resumer = await automation({ name: 'pool-resumer', trigger: onEvent('test.pool', 'test.pool.resume'), actions: [{ type: 'resume-work-pool', source: 'selected', work_pool_id: pool.id }] });
    await emit('test.pool.resume', { 'prefect.resource.id': 'test.pool' });
    await executedOnce(resumer.id);
    assert.equal((await call<{ is_paused: boolean }>(`/work_pools/${pool.name}`)).is_paused, false);
    const byAutomations = (await all()).filter((e) => e.stream === `workPool-${pool.id}` && (e.metadata as EventMetadata).actor?.type === 'automation');
    assert.deepEqual(
      byAutomations.map((e) => (e.metadata as EventMetadata).actor),
      [
        { type: 'automation', id: pauser.id, name: 'pool-pauser' },
        { type: 'automation', id: resumer.id, name: 'pool-resumer' },
      ],
    );
  });

  it('pause-work-pool (inferred) pauses the work pool named by the triggering event', { timeout: 60_000 }, async () => {
    const pool = await post<{ id: string; name: string }>('/work_pools/', { name: 'pool-b', type: 'process' });
    const a = await automation({ name: 'pool-inferred', trigger: onEvent('test.pool-b', 'test.pool.pause'), actions: [{ type: 'pause-work-pool', source: 'inferred' }] });
    await emit('test.pool.pause', { 'prefect.resource.id': 'test.pool-b' }, [{ 'prefect.resource.id': `prefect.work-pool.${pool.id}`, 'prefect.resource.role': 'work-pool' }]);
    await executedOnce(a.id);
    assert.equal((await call<{ is_paused: boolean }>(`/work_pools/${pool.name}`)).is_paused, true);
    await changedOnceBy(`workPool-${pool.id}`, { id: a.id, name: 'pool-inferred' });
  });

  it('pause-work-queue and resume-work-queue (selected)', { timeout: 60_000 }, async () => {
    const pool = await post<{ id: string; name: string }>('/work_pools/', { name: 'pool-q', type: 'process' });
    const queue = await post<{ id: string; name: string }>(`/work_pools/${pool.name}/queues`, { name: 'queue-a' });
    const paused = async () => (await call<{ is_paused: boolean }>(`/work_pools/${pool.name}/queues/${queue.name}`)).is_paused;
    const pauser = await automation({ name: 'queue-pauser', trigger: onEvent('test.queue', 'test.queue.pause'), actions: [{ type: 'pause-work-queue', source: 'selected', work_queue_id: queue.id }] });
    await emit('test.queue.pause', { 'prefect.resource.id': 'test.queue' });
    await executedOnce(pauser.id);
    assert.equal(await paused(), true);
    await changedOnceBy(`workPool-${pool.id}`, { id: pauser.id, name: 'queue-pauser' });
    const resumer = await automation({ name: 'queue-resumer', trigger: onEvent('test.queue', 'test.queue.resume'), actions: [{ type: 'resume-work-queue', source: 'selected', work_queue_id: queue.id }] });
    await emit('test.queue.resume', { 'prefect.resource.id': 'test.queue' });
    await executedOnce(resumer.id);
    assert.equal(await paused(), false);
    const byAutomations = (await all()).filter((e) => e.stream === `workPool-${pool.id}` && (e.metadata as EventMetadata).actor?.type === 'automation');
    assert.deepEqual(
      byAutomations.map((e) => (e.metadata as EventMetadata).actor),
      [
        { type: 'automation', id: pauser.id, name: 'queue-pauser' },
        { type: 'automation', id: resumer.id, name: 'queue-resumer' },
      ],
    );
  });

  it('pause-automation and resume-automation (selected)', { timeout: 60_000 }, async () => {
    const victim = await automation({ name: 'victim', trigger: onEvent('test.victim', 'test.never'), actions: [{ type: 'do-nothing' }] });
    const enabled = async () => (await call<{ enabled: boolean }>(`/automations/${victim.id}`)).enabled;
    const pauser = await automation({ name: 'automation-pauser', trigger: onEvent('test.auto', 'test.auto.pause'), actions: [{ type: 'pause-automation', source: 'selected', automation_id: victim.id }] });
    await emit('test.auto.pause', { 'prefect.resource.id': 'test.auto' });
    await executedOnce(pauser.id);
    assert.equal(await enabled(), false);
    await changedOnceBy(`automation-${victim.id}`, { id: pauser.id, name: 'automation-pauser' });
    const resumer = await automation({ name: 'automation-resumer', trigger: onEvent('test.auto', 'test.auto.resume'), actions: [{ type: 'resume-automation', source: 'selected', automation_id: victim.id }] });
    await emit('test.auto.resume', { 'prefect.resource.id': 'test.auto' });
    await executedOnce(resumer.id);
    assert.equal(await enabled(), true);
    const byAutomations = (await all()).filter((e) => e.stream === `automation-${victim.id}` && (e.metadata as EventMetadata).actor?.type === 'automation');
    assert.deepEqual(
      byAutomations.map((e) => [e.type, (e.metadata as EventMetadata).actor]),
      [
        ['AutomationEnabledChanged', { type: 'automation', id: pauser.id, name: 'automation-pauser' }],
        ['AutomationEnabledChanged', { type: 'automation', id: resumer.id, name: 'automation-resumer' }],
      ],
    );
  });

  it('pause-automation (inferred) pauses the automation whose action failed', { timeout: 60_000 }, async () => {
    // A failing automation: its flow-run action has no flow run to act on.
    const failing = await automation({ name: 'flaky', trigger: onEvent('test.flaky', 'test.flaky.go'), actions: [{ type: 'cancel-flow-run' }] });
    const guard = await automation({
      name: 'guard',
      trigger: { match: { 'prefect.resource.id': `prefect.automation.${failing.id}` }, expect: ['prefect.automation.action.failed'] },
      actions: [{ type: 'pause-automation', source: 'inferred' }],
    });
    await emit('test.flaky.go', { 'prefect.resource.id': 'test.flaky' });
    await executedOnce(guard.id);
    assert.equal((await call<{ enabled: boolean }>(`/automations/${failing.id}`)).enabled, false);
    assert.equal((await call<{ enabled: boolean }>(`/automations/${guard.id}`)).enabled, true);
    await changedOnceBy(`automation-${failing.id}`, { id: guard.id, name: 'guard' });
  });

  it('resume-deployment (selected) resumes a paused deployment', { timeout: 60_000 }, async () => {
    const victim = (await post<{ id: string }>('/deployments/', { name: 'to-resume', flow_id: flowId })).id;
    await call(`/deployments/${victim}/pause_deployment`, {}, 'POST');
    assert.equal((await call<{ paused: boolean }>(`/deployments/${victim}`)).paused, true);
    const a = await automation({ name: 'deployment-resumer', trigger: onEvent('test.deploy', 'test.deploy.resume'), actions: [{ type: 'resume-deployment', source: 'selected', deployment_id: victim }] });
    await emit('test.deploy.resume', { 'prefect.resource.id': 'test.deploy' });
    await executedOnce(a.id);
    assert.equal((await call<{ paused: boolean }>(`/deployments/${victim}`)).paused, false);
    await changedOnceBy(`deployment-${victim}`, { id: a.id, name: 'deployment-resumer' });
  });

  it('resume-deployment (inferred) resumes the deployment of the triggering flow run', { timeout: 60_000 }, async () => {
    const victim = (await post<{ id: string }>('/deployments/', { name: 'to-resume-inferred', flow_id: flowId })).id;
    const run = await runOf(victim);
    await call(`/deployments/${victim}/pause_deployment`, {}, 'POST');
    const a = await automation({
      name: 'inferred-resumer',
      trigger: { match: { 'prefect.resource.id': `prefect.flow-run.${run}` }, expect: ['prefect.flow-run.Running'] },
      actions: [{ type: 'resume-deployment', source: 'inferred' }],
    });
    await setState(run, 'RUNNING');
    await executedOnce(a.id);
    assert.equal((await call<{ paused: boolean }>(`/deployments/${victim}`)).paused, false);
    await changedOnceBy(`deployment-${victim}`, { id: a.id, name: 'inferred-resumer' });
  });
});
