import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StateCreate } from '../states/state';
import type { FlowRun } from './flow-run';
import type { CreateFlowRunData, DeploymentConcurrencyContext } from './flow-run.commands';
import { decideFlowRun } from './flow-run.decide';
import type { FlowRunEvent, FlowRunStateChangedData } from './flow-run.events';
import { orchestrateFlowRunState } from './flow-run.orchestrate';
import { evolveFlowRun, initialFlowRunState } from './flow-run.state';

const T0 = '2026-11-27T10:00:00.000000Z';
const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString().replace('Z', '000Z');

interface ProposeOptions {
  readonly force?: boolean;
  readonly clientVersion?: string | null;
  readonly deploymentConcurrency?: DeploymentConcurrencyContext;
}

/** A flow run driven through commands, keeping its event history like the store would. */
class Sim {
  readonly events: FlowRunEvent[] = [];
  private n = 0;
  constructor(create: Partial<CreateFlowRunData> = {}, createdAt = 0) {
    this.events.push(...decideFlowRun({ type: 'CreateFlowRun', data: { flowRunId: 'fr1', flow_id: 'f1', name: 'brave-tiger', stateId: 'init', now: at(createdAt), ...create } }, initialFlowRunState()));
  }
  get state() {
    return this.events.reduce(evolveFlowRun, initialFlowRunState());
  }
  get run(): FlowRun {
    const s = this.state;
    assert.equal(s.status, 'active');
    return (s as { run: FlowRun }).run;
  }
  propose(proposed: StateCreate, atSeconds: number, o: ProposeOptions = {}) {
    const out = orchestrateFlowRunState(this.state, {
      type: 'SetFlowRunState',
      data: { proposed, force: o.force ?? false, stateId: `s${++this.n}`, now: at(atSeconds), clientVersion: o.clientVersion === undefined ? '3.9.1' : o.clientVersion, ...(o.deploymentConcurrency ? { deploymentConcurrency: o.deploymentConcurrency } : {}) },
    });
    this.events.push(...out.events);
    return out;
  }
  lastChange(): FlowRunStateChangedData {
    const e = this.events[this.events.length - 1]!;
    assert.equal(e.type, 'FlowRunStateChanged');
    return e.data as FlowRunStateChangedData;
  }
}

describe('orchestrating a flow run: the local run of prefect-api.md §2', () => {
  it('PENDING → RUNNING → COMPLETED: accepted, counted, timed', () => {
    const sim = new Sim();
    assert.equal(sim.run.state.type, 'PENDING');
    assert.equal(sim.run.expected_start_time, at(0));

    const running = sim.propose({ type: 'RUNNING', state_details: { transition_id: 'tr-1' } }, 1);
    assert.equal(running.output.written, true);
    assert.deepEqual(running.output.result.details, { type: 'accept_details' });
    assert.equal(running.output.result.status, 'ACCEPT');
    assert.deepEqual(running.output.result.state, {
      id: 's1',
      type: 'RUNNING',
      name: 'Running',
      timestamp: at(1),
      message: null,
      data: null,
      state_details: { transition_id: 'tr-1', flow_run_id: 'fr1' },
    });
    assert.deepEqual([sim.run.run_count, sim.run.start_time], [1, at(1)]);
    const change = sim.lastChange();
    assert.deepEqual([change.status, change.forced, change.state_type, change.state_name, change.state_timestamp, change.initial_state.id], ['ACCEPT', false, 'RUNNING', 'Running', at(1), 'init']);

    sim.propose({ type: 'COMPLETED' }, 4.5);
    const run = sim.run;
    assert.deepEqual([run.state.type, run.run_count, run.start_time, run.end_time, run.total_run_time], ['COMPLETED', 1, at(1), at(4.5), 3.5]);
  });
});

describe('global transforms', () => {
  it('give every state a unique, increasing timestamp (1 ms past the current one when the clock has not moved)', () => {
    const sim = new Sim();
    sim.propose({ type: 'RUNNING' }, 0);
    assert.equal(sim.run.state.timestamp, '2026-11-27T10:00:00.001000Z');
    sim.propose({ type: 'COMPLETED' }, -5);
    assert.equal(sim.run.state.timestamp, '2026-11-27T10:00:00.002000Z');
    assert.equal(sim.run.total_run_time, 0.001);
  });

  it('count runs on entering RUNNING and accumulate RUNNING time across a pause', () => {
    const sim = new Sim();
    sim.propose({ type: 'RUNNING' }, 1);
    sim.propose({ type: 'PAUSED', state_details: { pause_key: 'approve' } }, 3);
    assert.deepEqual(sim.run.empirical_policy.pause_keys, ['approve']);
    sim.propose({ type: 'RUNNING' }, 10);
    // Prefect marks the run `resuming` after the resume is written, so the engine's own RUNNING
    // proposal that follows is not counted as a new run.
    assert.equal(sim.run.empirical_policy.resuming, true);
    const countAfterResume = sim.run.run_count;
    sim.propose({ type: 'RUNNING' }, 11);
    assert.equal(sim.run.run_count, countAfterResume);
    assert.equal(sim.run.empirical_policy.resuming, false);
    sim.propose({ type: 'COMPLETED' }, 12);
    assert.equal(sim.run.total_run_time, 2 + 1 + 1);
    assert.equal(sim.run.start_time, at(1));
  });

  it('keep run_count across a suspend: the rescheduled run resumes without counting a new run', () => {
    const sim = new Sim({ deployment_id: 'd1' });
    sim.propose({ type: 'RUNNING' }, 1);
    sim.propose({ type: 'PAUSED', name: 'Suspended', state_details: { pause_reschedule: true, pause_key: 'k' } }, 2);
    // POST /flow_runs/{id}/resume of a suspended run proposes SCHEDULED `Resuming`
    sim.propose({ type: 'SCHEDULED', name: 'Resuming', state_details: { scheduled_time: at(5) } }, 5);
    assert.equal(sim.run.empirical_policy.resuming, true);
    sim.propose({ type: 'PENDING' }, 6);
    sim.propose({ type: 'RUNNING' }, 7);
    assert.deepEqual([sim.run.run_count, sim.run.empirical_policy.resuming, sim.run.empirical_policy.pause_keys], [1, false, ['k']]);
  });

  it('set start and end when a run fails before running, and clear end when it leaves the final state', () => {
    const sim = new Sim({ deployment_id: 'd1' });
    sim.propose({ type: 'FAILED' }, 2);
    assert.deepEqual([sim.run.start_time, sim.run.end_time, sim.run.run_count], [at(2), at(2), 0]);
    sim.propose({ type: 'SCHEDULED', state_details: { scheduled_time: at(100) } }, 3);
    assert.deepEqual([sim.run.end_time, sim.run.next_scheduled_start_time, sim.run.empirical_policy.retry_type], [null, at(100), 'reschedule']);
    sim.propose({ type: 'PENDING' }, 101);
    assert.equal(sim.run.next_scheduled_start_time, null);
    assert.equal(sim.run.state.state_details.scheduled_time, at(100));
  });

  it('fill state_details.flow_run_id, and task_run_id with the parent task run for subflows', () => {
    const sim = new Sim({ parent_task_run_id: 'tr-parent' });
    assert.deepEqual(sim.run.state.state_details, { flow_run_id: 'fr1', task_run_id: 'tr-parent' });
    sim.propose({ type: 'RUNNING', state_details: { flow_run_id: 'someone-else' } }, 1);
    assert.deepEqual(sim.lastChange().state.state_details, { flow_run_id: 'fr1', task_run_id: 'tr-parent' });
    assert.equal(sim.lastChange().parent_task_run_id, 'tr-parent');
  });
});

describe('client retries are idempotent by transition_id', () => {
  it('answers a repeated proposal with the current state and writes nothing (HTTP 200)', () => {
    const sim = new Sim();
    const first = sim.propose({ type: 'RUNNING', state_details: { transition_id: 'tr-1' } }, 1);
    const again = sim.propose({ type: 'RUNNING', state_details: { transition_id: 'tr-1' } }, 2);
    assert.deepEqual(again.events, []);
    assert.equal(again.output.written, false);
    assert.equal(again.output.result.status, 'REJECT');
    assert.deepEqual(again.output.result.details, { type: 'reject_details', reason: 'This run has already made this state transition.' });
    assert.deepEqual(again.output.result.state, first.output.result.state);
    assert.equal(sim.run.run_count, 1);
  });

  it('keeps the transition id on a replacement state, so a retried FAILED gets the same AwaitingRetry back', () => {
    const sim = new Sim({ empirical_policy: { retries: 1 } });
    sim.propose({ type: 'RUNNING' }, 1);
    const first = sim.propose({ type: 'FAILED', state_details: { transition_id: 'tr-f' } }, 2);
    const again = sim.propose({ type: 'FAILED', state_details: { transition_id: 'tr-f' } }, 3);
    assert.equal(again.output.written, false);
    assert.deepEqual(again.output.result.state, first.output.result.state);
  });
});

describe('flow retries', () => {
  it('a failure with retries left becomes AwaitingRetry; RUNNING waits for it, then reruns', () => {
    const sim = new Sim({ empirical_policy: { retries: 1, retry_delay: 10 } });
    sim.propose({ type: 'RUNNING' }, 1);
    const failed = sim.propose({ type: 'FAILED', message: 'Flow run encountered an exception' }, 2);
    assert.equal(failed.output.result.status, 'REJECT');
    assert.equal(failed.output.written, true);
    assert.deepEqual(failed.output.result.details, { type: 'reject_details', reason: 'Retrying' });
    assert.deepEqual(
      [failed.output.result.state?.type, failed.output.result.state?.name, failed.output.result.state?.message, failed.output.result.state?.state_details.scheduled_time],
      ['SCHEDULED', 'AwaitingRetry', 'Flow run encountered an exception', at(12)],
    );
    const change = sim.lastChange();
    assert.deepEqual([change.status, change.reason, change.empirical_policy?.retry_type], ['REJECT', 'Retrying', 'in_process']);
    assert.deepEqual([sim.run.total_run_time, sim.run.end_time, sim.run.next_scheduled_start_time], [1, null, at(12)]);

    const early = sim.propose({ type: 'RUNNING' }, 5.2);
    assert.deepEqual(early.output.result.details, { type: 'wait_details', delay_seconds: 7, reason: 'Scheduled time is in the future' });
    assert.equal(early.output.result.state?.name, 'AwaitingRetry');
    assert.deepEqual([early.events, early.output.written], [[], false]);

    sim.propose({ type: 'RUNNING' }, 12);
    assert.deepEqual([sim.run.state.name, sim.run.run_count], ['Running', 2]);
    const final = sim.propose({ type: 'FAILED' }, 13);
    assert.equal(final.output.result.status, 'ACCEPT');
    assert.deepEqual([sim.run.state.type, sim.run.empirical_policy.retry_type, sim.run.end_time], ['FAILED', null, at(13)]);
  });
});

describe('terminal-state guards', () => {
  it('abort a crash report for a finished run and write nothing', () => {
    const sim = new Sim();
    sim.propose({ type: 'RUNNING' }, 1);
    sim.propose({ type: 'COMPLETED' }, 2);
    const crash = sim.propose({ type: 'CRASHED' }, 3);
    assert.deepEqual(crash.output.result, { state: sim.run.state, status: 'ABORT', details: { type: 'abort_details', reason: 'Run is already in terminal state COMPLETED.' } });
    assert.deepEqual(crash.events, []);
  });

  it('keep a persisted result, even against force', () => {
    const sim = new Sim();
    sim.propose({ type: 'RUNNING' }, 1);
    sim.propose({ type: 'COMPLETED', data: { storage_key: 'k', serializer: { type: 'json' } } }, 2);
    assert.equal(sim.propose({ type: 'RUNNING' }, 3).output.result.status, 'REJECT');
    const forced = sim.propose({ type: 'COMPLETED' }, 4, { force: true });
    assert.deepEqual([forced.output.result.status, forced.output.written], ['REJECT', false]);
  });

  it('allow an ad-hoc rerun of a finished run straight to RUNNING', () => {
    const sim = new Sim();
    sim.propose({ type: 'RUNNING' }, 1);
    sim.propose({ type: 'COMPLETED' }, 2);
    const rerun = sim.propose({ type: 'RUNNING' }, 3);
    assert.equal(rerun.output.result.status, 'ACCEPT');
    assert.deepEqual([sim.run.run_count, sim.run.end_time, sim.run.start_time], [2, null, at(1)]);
  });
});

describe('force=true uses the minimal policy', () => {
  it('lets a worker reset a RUNNING run to PENDING and cancel or crash anything', () => {
    const sim = new Sim();
    sim.propose({ type: 'RUNNING' }, 1);
    assert.equal(sim.propose({ type: 'PENDING' }, 2).output.result.status, 'ABORT');
    const reset = sim.propose({ type: 'PENDING' }, 2, { force: true });
    assert.deepEqual([reset.output.result.status, reset.output.written, sim.lastChange().forced], ['ACCEPT', true, true]);
    sim.propose({ type: 'CRASHED' }, 3, { force: true });
    assert.equal(sim.run.state.type, 'CRASHED');
    assert.equal(sim.propose({ type: 'CANCELLED' }, 4, { force: true }).output.result.status, 'ACCEPT');
  });

  it('still skips CANCELLING for a scheduled run with no infrastructure', () => {
    const sim = new Sim({ state: { type: 'SCHEDULED', state_details: { scheduled_time: at(60) } } });
    const cancel = sim.propose({ type: 'CANCELLING' }, 1, { force: true });
    assert.deepEqual([cancel.output.result.status, cancel.output.result.state?.type], ['REJECT', 'CANCELLED']);
    assert.equal(sim.run.end_time, at(1));
  });
});

describe('workers submitting runs (PENDING sub-states)', () => {
  it('accepts Pending → Submitting → InfrastructurePending but aborts a second submission', () => {
    const sim = new Sim({ deployment_id: 'd1', state: { type: 'SCHEDULED', state_details: { scheduled_time: at(0) } } });
    sim.propose({ type: 'PENDING' }, 1);
    assert.equal(sim.run.state.state_details.scheduled_time, at(0));
    assert.equal(sim.propose({ type: 'PENDING', name: 'Submitting' }, 2).output.result.status, 'ACCEPT');
    assert.equal(sim.run.state.state_details.scheduled_time, at(0));
    assert.equal(sim.propose({ type: 'PENDING', name: 'InfrastructurePending' }, 3).output.result.status, 'ACCEPT');
    const second = sim.propose({ type: 'PENDING' }, 4);
    assert.deepEqual(second.output.result.details, { type: 'abort_details', reason: 'This run is in a PENDING state and cannot transition to a PENDING state.' });
  });

  it('makes an early start wait for the scheduled time, rounded to whole seconds', () => {
    const sim = new Sim({ state: { type: 'SCHEDULED', state_details: { scheduled_time: at(30) } } });
    assert.equal(sim.run.expected_start_time, at(30));
    assert.deepEqual(sim.propose({ type: 'RUNNING' }, 0.4).output.result.details, { type: 'wait_details', delay_seconds: 30, reason: 'Scheduled time is in the future' });
    assert.deepEqual(sim.propose({ type: 'RUNNING' }, 0.6).output.result.details, { type: 'wait_details', delay_seconds: 29, reason: 'Scheduled time is in the future' });
    assert.equal(sim.propose({ type: 'RUNNING' }, 29.6).output.result.status, 'ACCEPT');
  });
});

describe('deployment concurrency effects', () => {
  const dc = (o: Partial<DeploymentConcurrencyContext> = {}): DeploymentConcurrencyContext => ({ limit: 1, collisionStrategy: 'ENQUEUE', slotAvailable: true, slotWaitSeconds: 30, leaseId: 'L1', ...o });

  it('records the slot taken at PENDING and released when the run finishes', () => {
    const sim = new Sim({ deployment_id: 'd1', state: { type: 'SCHEDULED', state_details: { scheduled_time: at(0) } } });
    const pending = sim.propose({ type: 'PENDING' }, 1, { deploymentConcurrency: dc() });
    assert.deepEqual(pending.output.effects, [{ type: 'DeploymentSlotAcquired', leaseId: 'L1' }]);
    assert.deepEqual(sim.lastChange().concurrency, [{ type: 'DeploymentSlotAcquired', leaseId: 'L1' }]);
    sim.propose({ type: 'RUNNING' }, 2, { deploymentConcurrency: dc() });
    assert.equal(sim.run.state.state_details.deployment_concurrency_lease_id, 'L1');
    assert.equal(sim.lastChange().concurrency, undefined);
    const done = sim.propose({ type: 'COMPLETED' }, 3);
    assert.deepEqual(done.output.effects, [{ type: 'DeploymentSlotReleased', leaseId: 'L1' }]);
  });

  it('re-queues when full and drops the slot effects of a transition that writes nothing', () => {
    const sim = new Sim({ deployment_id: 'd1', state: { type: 'SCHEDULED', state_details: { scheduled_time: at(0) } } });
    const full = sim.propose({ type: 'PENDING' }, 1, { deploymentConcurrency: dc({ slotAvailable: false }) });
    assert.deepEqual([full.output.result.state?.name, full.output.result.state?.state_details.scheduled_time, full.output.effects], ['AwaitingConcurrencySlot', at(31), []]);
    sim.propose({ type: 'PENDING' }, 31, { deploymentConcurrency: dc() });
    const dup = sim.propose({ type: 'PENDING' }, 32, { deploymentConcurrency: dc() });
    assert.deepEqual([dup.output.result.status, dup.output.effects], ['ABORT', []]);
  });

  it('releases the slot when a retry sends a running run back to SCHEDULED', () => {
    const sim = new Sim({ deployment_id: 'd1', empirical_policy: { retries: 2 }, state: { type: 'SCHEDULED', state_details: { scheduled_time: at(0) } } });
    sim.propose({ type: 'PENDING' }, 1, { deploymentConcurrency: dc() });
    sim.propose({ type: 'RUNNING' }, 2);
    const failed = sim.propose({ type: 'FAILED' }, 3);
    assert.equal(failed.output.result.state?.name, 'AwaitingRetry');
    assert.deepEqual(failed.output.effects, [{ type: 'DeploymentSlotReleased', leaseId: 'L1' }]);
  });
});

describe('decider and orchestrate agree', () => {
  it('decide(SetFlowRunState) returns exactly the events of orchestrateFlowRunState', () => {
    const sim = new Sim();
    const command = { type: 'SetFlowRunState' as const, data: { proposed: { type: 'RUNNING' as const }, force: false, stateId: 'x', now: at(1), clientVersion: null } };
    assert.deepEqual(decideFlowRun(command, sim.state), orchestrateFlowRunState(sim.state, command).events);
  });
});
