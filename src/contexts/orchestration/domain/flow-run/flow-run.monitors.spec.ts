import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import type { CreateFlowRunData } from './flow-run.commands';
import { decideFlowRun, flowRunDecider } from './flow-run.decide';
import type { FlowRunEvent, FlowRunStateChangedData } from './flow-run.events';
import { ZOMBIE_CRASH_MESSAGE } from './flow-run.monitors';
import { initialFlowRunState, type FlowRunState } from './flow-run.state';

const spec = deciderSpec(flowRunDecider);
const t0 = '2026-11-27T10:00:00.000000Z';
const slot = '2026-11-27T10:05:00.000000Z';
const later = '2026-11-27T10:06:00.000000Z';
const base: CreateFlowRunData = { flowRunId: 'fr1', flow_id: 'f1', name: 'brave-tiger', stateId: 's0', now: t0, deployment_id: 'd1', auto_scheduled: true };
const scheduled = decideFlowRun(
  { type: 'CreateFlowRun', data: { ...base, state: { type: 'SCHEDULED', name: 'Scheduled', message: 'Flow run scheduled', state_details: { scheduled_time: slot } } } },
  initialFlowRunState(),
);
const fold = (events: readonly FlowRunEvent[]): FlowRunState => events.reduce(flowRunDecider.evolve, flowRunDecider.initialState());
const next = (history: readonly FlowRunEvent[], type: 'PENDING' | 'RUNNING' | 'COMPLETED', stateId: string, now: string): FlowRunEvent[] => [
  ...history,
  ...decideFlowRun({ type: 'SetFlowRunState', data: { proposed: { type }, force: true, stateId, now, clientVersion: null } }, fold(history)),
];
const late = { type: 'MarkFlowRunLate' as const, data: { dueBefore: later, stateId: 'late1', now: later } };
const changed = (events: FlowRunEvent[]) => events.map((e) => e.data as FlowRunStateChangedData);

describe('MarkFlowRunLate', () => {
  it('a Scheduled run that is due becomes SCHEDULED/Late, keeping its scheduled time', () => {
    const [e, ...rest] = changed(decideFlowRun(late, fold(scheduled)));
    assert.equal(rest.length, 0);
    assert.deepEqual([e!.state.id, e!.state.type, e!.state.name, e!.state.state_details.scheduled_time], ['late1', 'SCHEDULED', 'Late', slot]);
    assert.deepEqual([e!.initial_state.name, e!.status, e!.forced, e!.next_scheduled_start_time, e!.expected_start_time], ['Scheduled', 'ACCEPT', false, slot, slot]);
    assert.deepEqual([e!.state_type, e!.state_name, e!.state_timestamp], ['SCHEDULED', 'Late', later]);
  });

  it('decides nothing for a run not yet due, already Late, claimed by a worker, or gone', () => {
    spec.given(scheduled).when({ type: 'MarkFlowRunLate', data: { ...late.data, dueBefore: '2026-11-27T10:04:59.999999Z' } }).thenNothing();
    const marked = [...scheduled, ...decideFlowRun(late, fold(scheduled))];
    spec.given(marked).when({ ...late, data: { ...late.data, stateId: 'late2' } }).thenNothing();
    spec.given(next(scheduled, 'PENDING', 'p1', later)).when(late).thenNothing();
    spec.given([]).when(late).thenNothing();
    spec.given([...scheduled, { type: 'FlowRunDeleted', data: { flowRunId: 'fr1', deletedAt: later } }]).when(late).thenNothing();
  });

  it('only a run named Scheduled: AwaitingRetry or AwaitingConcurrencySlot runs stay as they are', () => {
    const awaiting = decideFlowRun(
      { type: 'CreateFlowRun', data: { ...base, state: { type: 'SCHEDULED', name: 'AwaitingConcurrencySlot', state_details: { scheduled_time: slot } } } },
      initialFlowRunState(),
    );
    spec.given(awaiting).when(late).thenNothing();
  });
});

describe('CrashZombieFlowRun', () => {
  const running = next(next(scheduled, 'PENDING', 'p1', slot), 'RUNNING', 'r1', slot);
  const crash = { type: 'CrashZombieFlowRun' as const, data: { runningStateId: 'r1', message: ZOMBIE_CRASH_MESSAGE, stateId: 'c1', now: later } };

  it('a RUNNING run still in the judged state becomes CRASHED with the message', () => {
    const [e] = changed(decideFlowRun(crash, fold(running)));
    assert.deepEqual([e!.state.id, e!.state.type, e!.state.name, e!.state.message], ['c1', 'CRASHED', 'Crashed', 'Flow run marked as crashed due to missing heartbeats.']);
    assert.deepEqual([e!.initial_state.id, e!.end_time, e!.status], ['r1', later, 'ACCEPT']);
  });

  it('gives back a deployment concurrency slot the run held', () => {
    const withLease = decideFlowRun(
      { type: 'SetFlowRunState', data: { proposed: { type: 'RUNNING', state_details: { deployment_concurrency_lease_id: 'lease1' } }, force: true, stateId: 'r2', now: slot, clientVersion: null } },
      fold(running),
    );
    const [e] = changed(decideFlowRun({ ...crash, data: { ...crash.data, runningStateId: 'r2' } }, fold([...running, ...withLease])));
    assert.deepEqual(e!.concurrency, [{ type: 'DeploymentSlotReleased', leaseId: 'lease1' }]);
  });

  it('decides nothing when the run moved on (another state, even another RUNNING one) or is gone', () => {
    spec.given(next(running, 'COMPLETED', 'done', later)).when(crash).thenNothing();
    spec.given(scheduled).when(crash).thenNothing();
    spec.given(running).when({ ...crash, data: { ...crash.data, runningStateId: 'older' } }).thenNothing();
    spec.given([]).when(crash).thenNothing();
  });
});
