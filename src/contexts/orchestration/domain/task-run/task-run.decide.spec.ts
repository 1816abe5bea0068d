import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import type { CreateTaskRunData } from './task-run.commands';
import { decideTaskRun, taskRunDecider } from './task-run.decide';
import type { TaskRunEvent } from './task-run.events';
import { initialTaskRunState } from './task-run.state';

const spec = deciderSpec(taskRunDecider);
const now = '2026-11-27T10:00:00.000000Z';
const later = '2026-11-27T10:05:00.000000Z';
const create: CreateTaskRunData = { taskRunId: 'tr1', name: 'my-subflow-0', flow_run_id: 'fr1', task_key: 'my_subflow-1a2b', dynamic_key: '0', stateId: 's0', now };
const created: TaskRunEvent = {
  type: 'TaskRunCreated',
  data: {
    taskRunId: 'tr1',
    name: 'my-subflow-0',
    flow_run_id: 'fr1',
    task_key: 'my_subflow-1a2b',
    dynamic_key: '0',
    cache_key: null,
    cache_expiration: null,
    task_version: null,
    empirical_policy: { max_retries: 0, retry_delay_seconds: 0, retries: null, retry_delay: null, retry_jitter_factor: null },
    tags: [],
    labels: { 'prefect.flow-run.id': 'fr1' },
    task_inputs: {},
    state: { id: 's0', type: 'PENDING', name: 'Pending', timestamp: now, message: null, data: null, state_details: { flow_run_id: 'fr1', task_run_id: 'tr1' } },
    run_count: 0,
    flow_run_run_count: 0,
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

describe('task run decider', () => {
  it('creates a tracking task run PENDING (POST /task_runs/)', () => spec.given([]).when({ type: 'CreateTaskRun', data: create }).then([created]));

  it('creates a task run in the state given', () => {
    const [e] = decideTaskRun({ type: 'CreateTaskRun', data: { ...create, flow_run_id: null, state: { type: 'RUNNING' }, labels: { a: 1 }, inheritedLabels: { a: 0, b: 2 } } }, initialTaskRunState());
    const d = e!.data as Extract<TaskRunEvent, { type: 'TaskRunCreated' }>['data'];
    assert.deepEqual([d.state_type, d.run_count, d.start_time, d.labels, d.state.state_details], ['RUNNING', 1, now, { a: 1, b: 2 }, { task_run_id: 'tr1' }]);
  });

  it('creating the same id again decides nothing; a deleted one conflicts', () => {
    spec.given([created]).when({ type: 'CreateTaskRun', data: create }).thenNothing();
    spec.given([created, { type: 'TaskRunDeleted', data: { taskRunId: 'tr1', deletedAt: later } }]).when({ type: 'CreateTaskRun', data: create }).thenThrows('CONFLICT');
  });

  it('refuses a run without a name', () => spec.given([]).when({ type: 'CreateTaskRun', data: { ...create, name: '' } }).thenThrows('VALIDATION_FAILED'));

  it('renames; the same name again decides nothing', () => {
    spec.given([created]).when({ type: 'UpdateTaskRun', data: { changes: { name: 'renamed' }, now: later } }).then([{ type: 'TaskRunUpdated', data: { taskRunId: 'tr1', changes: { name: 'renamed' }, updatedAt: later } }]);
    spec.given([created]).when({ type: 'UpdateTaskRun', data: { changes: { name: 'my-subflow-0' }, now: later } }).thenNothing();
    spec.given([]).when({ type: 'UpdateTaskRun', data: { changes: { name: 'x' }, now: later } }).thenThrows('NOT_FOUND');
  });

  it('deletes once; deleting again or mirroring onto a missing run is not found', () => {
    const deleted: TaskRunEvent = { type: 'TaskRunDeleted', data: { taskRunId: 'tr1', deletedAt: later } };
    spec.given([created]).when({ type: 'DeleteTaskRun', data: { now: later } }).then([deleted]);
    spec.given([created, deleted]).when({ type: 'DeleteTaskRun', data: { now: later } }).thenThrows('NOT_FOUND');
    const childState = { id: 'c1', type: 'RUNNING' as const, name: 'Running', timestamp: later, message: null, data: null, state_details: {} };
    spec.given([]).when({ type: 'MirrorSubflowState', data: { childFlowRunId: 'fr2', childState, stateId: 'm1', now: later } }).thenThrows('NOT_FOUND');
  });

  it('a REST state set that writes nothing decides nothing', () =>
    spec.given([created]).when({ type: 'SetTaskRunState', data: { proposed: { type: 'RUNNING' }, force: false, stateId: 's1', now: later, parentFlowRunStateType: 'COMPLETED' } }).thenNothing());
});
