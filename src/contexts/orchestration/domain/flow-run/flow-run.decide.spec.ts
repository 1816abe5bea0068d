import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { normaliseFlowRunPolicy } from './flow-run';
import type { CreateFlowRunData } from './flow-run.commands';
import { decideFlowRun, flowRunDecider } from './flow-run.decide';
import type { FlowRunEvent } from './flow-run.events';
import { initialFlowRunState } from './flow-run.state';

const spec = deciderSpec(flowRunDecider);
const now = '2026-11-27T10:00:00.000000Z';
const later = '2026-11-27T10:05:00.000000Z';
const create: CreateFlowRunData = { flowRunId: 'fr1', flow_id: 'f1', name: 'brave-tiger', stateId: 's0', now };
const pendingState = { id: 's0', type: 'PENDING' as const, name: 'Pending', timestamp: now, message: null, data: null, state_details: { flow_run_id: 'fr1' } };
const created: FlowRunEvent = {
  type: 'FlowRunCreated',
  data: {
    flowRunId: 'fr1',
    flow_id: 'f1',
    name: 'brave-tiger',
    flow_version: null,
    parameters: {},
    context: {},
    tags: [],
    labels: { 'prefect.flow.id': 'f1' },
    parent_task_run_id: null,
    empirical_policy: { max_retries: 0, retry_delay_seconds: 0, retries: null, retry_delay: null, pause_keys: [], resuming: false, retry_type: null },
    idempotency_key: null,
    deployment_id: null,
    deployment_version: null,
    work_queue_name: null,
    work_pool_name: null,
    work_queue_id: null,
    work_pool_id: null,
    job_variables: null,
    infrastructure_pid: null,
    infrastructure_document_id: null,
    created_by: null,
    auto_scheduled: false,
    state: pendingState,
    run_count: 0,
    start_time: null,
    end_time: null,
    total_run_time: 0,
    expected_start_time: now,
    next_scheduled_start_time: null,
    created: now,
    state_type: 'PENDING',
    state_name: 'Pending',
    state_timestamp: now,
  },
};

describe('flow run decider', () => {
  it('creates a run PENDING when no state is given, with every FlowRun field', () => spec.given([]).when({ type: 'CreateFlowRun', data: create }).then([created]));

  it('creates a run in the state given, with its bookkeeping', () => {
    const [event] = decideFlowRun(
      {
        type: 'CreateFlowRun',
        data: {
          ...create,
          deployment_id: 'd1',
          work_pool_name: 'P',
          auto_scheduled: true,
          tags: ['etl'],
          labels: { team: 'data' },
          inheritedLabels: { 'prefect.deployment.id': 'd1', team: 'platform' },
          empirical_policy: { max_retries: 2, retry_delay_seconds: 5 },
          state: { type: 'SCHEDULED', state_details: { scheduled_time: later } },
        },
      },
      initialFlowRunState(),
    );
    assert.equal(event?.type, 'FlowRunCreated');
    const d = event!.data as Extract<FlowRunEvent, { type: 'FlowRunCreated' }>['data'];
    assert.deepEqual(d.labels, { 'prefect.deployment.id': 'd1', team: 'data', 'prefect.flow.id': 'f1' });
    assert.deepEqual([d.empirical_policy.retries, d.empirical_policy.retry_delay], [2, 5]);
    assert.deepEqual([d.state_type, d.state.state_details.scheduled_time, d.expected_start_time, d.next_scheduled_start_time], ['SCHEDULED', later, later, later]);
    assert.deepEqual([d.auto_scheduled, d.work_pool_name, d.deployment_id, d.tags], [true, 'P', 'd1', ['etl']]);
  });

  it('creating the same run again decides nothing; re-creating a deleted one conflicts', () => {
    spec.given([created]).when({ type: 'CreateFlowRun', data: create }).thenNothing();
    spec.given([created, { type: 'FlowRunDeleted', data: { flowRunId: 'fr1', deletedAt: later } }]).when({ type: 'CreateFlowRun', data: create }).thenThrows('CONFLICT');
  });

  it('refuses a run without a name', () =>
    spec.given([]).when({ type: 'CreateFlowRun', data: { ...create, name: ' ' } }).thenThrows('VALIDATION_FAILED'));

  it('setting the state of a missing or deleted run is not found', () => {
    const set = { type: 'SetFlowRunState' as const, data: { proposed: { type: 'RUNNING' as const }, force: false, stateId: 's1', now, clientVersion: null } };
    spec.given([]).when(set).thenThrows('NOT_FOUND');
    spec.given([created, { type: 'FlowRunDeleted', data: { flowRunId: 'fr1', deletedAt: later } }]).when(set).thenThrows('NOT_FOUND');
  });

  it('a state set that writes nothing decides nothing', () =>
    spec
      .given([created])
      .when({ type: 'SetFlowRunState', data: { proposed: { type: 'PENDING' }, force: false, stateId: 's1', now: later, clientVersion: null } })
      .thenNothing());

  it('updates only what changes; an update that changes nothing decides nothing', () => {
    spec
      .given([created])
      .when({ type: 'UpdateFlowRun', data: { changes: { name: 'renamed', tags: [], infrastructure_pid: '4242', empirical_policy: { retries: 3 } }, now: later } })
      .then([
        {
          type: 'FlowRunUpdated',
          data: { flowRunId: 'fr1', changes: { name: 'renamed', infrastructure_pid: '4242', empirical_policy: normaliseFlowRunPolicy({ retries: 3 }) }, updatedAt: later },
        },
      ]);
    spec.given([created]).when({ type: 'UpdateFlowRun', data: { changes: { name: 'brave-tiger', parameters: {} }, now: later } }).thenNothing();
    spec.given([created]).when({ type: 'UpdateFlowRun', data: { changes: { name: '' }, now: later } }).thenThrows('VALIDATION_FAILED');
    spec.given([]).when({ type: 'UpdateFlowRun', data: { changes: { name: 'x' }, now: later } }).thenThrows('NOT_FOUND');
  });

  it('an update is folded into the run', () => {
    const updated: FlowRunEvent = { type: 'FlowRunUpdated', data: { flowRunId: 'fr1', changes: { infrastructure_pid: '4242' }, updatedAt: later } };
    // a SCHEDULED run with infrastructure goes through CANCELLING instead of straight to CANCELLED
    const scheduled = decideFlowRun({ type: 'CreateFlowRun', data: { ...create, state: { type: 'SCHEDULED' } } }, initialFlowRunState());
    const cancel = { type: 'SetFlowRunState' as const, data: { proposed: { type: 'CANCELLING' as const }, force: false, stateId: 's1', now: later, clientVersion: null } };
    const [withPid] = flowRunDecider.decide(cancel, [...scheduled, updated].reduce(flowRunDecider.evolve, flowRunDecider.initialState()));
    const [withoutPid] = flowRunDecider.decide(cancel, scheduled.reduce(flowRunDecider.evolve, flowRunDecider.initialState()));
    assert.equal((withPid!.data as { state: { type: string } }).state.type, 'CANCELLING');
    assert.equal((withoutPid!.data as { state: { type: string } }).state.type, 'CANCELLED');
  });

  it('merges labels; a merge that changes nothing decides nothing', () => {
    spec
      .given([created])
      .when({ type: 'UpdateFlowRunLabels', data: { labels: { __OTEL_TRACEPARENT: '00-abc-01' }, now: later } })
      .then([{ type: 'FlowRunLabelsUpdated', data: { flowRunId: 'fr1', labels: { 'prefect.flow.id': 'f1', __OTEL_TRACEPARENT: '00-abc-01' }, updatedAt: later } }]);
    spec.given([created]).when({ type: 'UpdateFlowRunLabels', data: { labels: { 'prefect.flow.id': 'f1' }, now: later } }).thenNothing();
  });

  it('deletes a run once; deleting again is not found', () => {
    const deleted: FlowRunEvent = { type: 'FlowRunDeleted', data: { flowRunId: 'fr1', deletedAt: later } };
    spec.given([created]).when({ type: 'DeleteFlowRun', data: { now: later } }).then([deleted]);
    spec.given([created, deleted]).when({ type: 'DeleteFlowRun', data: { now: later } }).thenThrows('NOT_FOUND');
  });
});
