import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { State } from '../../domain/states/state';
import type { FlowDoc, FlowRunDoc, TaskRunDoc } from '../../read-models';
import { flowRunStateEvent, truncatedTo } from './prefect-event-publisher.reactor';

const state = (id: string, type: State['type'], name: string, timestamp: string, extra: Partial<State> = {}): State => ({ id, type, name, timestamp, message: null, data: null, state_details: {}, ...extra });

describe('flowRunStateEvent (Prefect’s flow-run state event)', () => {
  const run = { _id: 'run-1', name: 'brave-tiger', tags: ['b', 'a'], work_queue_id: 'q-1', work_queue_name: 'default', work_pool_id: 'p-1', work_pool_name: 'pool', created_by: { id: 'auto-1', type: 'AUTOMATION', display_value: 'my automation' } } as unknown as FlowRunDoc;
  const flow = { _id: 'flow-1', name: 'etl', tags: ['a', 'c'] } as unknown as FlowDoc;
  const parentTask = { _id: 'task-1', name: 'subflow-task', tags: ['d'] } as unknown as TaskRunDoc;

  it('names the run, its flow, deployment, queue, pool, parent task, tags (sorted, once) and creator', () => {
    const e = flowRunStateEvent(
      {
        flowRunId: 'run-1',
        flowId: 'flow-1',
        deploymentId: 'dep-1',
        parentTaskRunId: 'task-1',
        initial: state('s-0', 'PENDING', 'Pending', '2026-01-01T00:00:00.000Z'),
        validated: state('s-1', 'CANCELLING', 'Cancelling', '2026-01-01T00:10:00.000Z', { message: 'stop' }),
        runCount: 1,
      },
      { run, flow, parentTask },
    );
    assert.equal(e.id, 's-1');
    assert.equal(e.event, 'prefect.flow-run.Cancelling');
    assert.equal(e.occurred, '2026-01-01T00:10:00.000000Z');
    assert.equal(e.follows, null, 'ten minutes apart: not linked');
    assert.deepEqual(e.resource, {
      'prefect.resource.id': 'prefect.flow-run.run-1',
      'prefect.resource.name': 'brave-tiger',
      'prefect.run-count': '1',
      'prefect.state-message': 'stop',
      'prefect.state-name': 'Cancelling',
      'prefect.state-timestamp': '2026-01-01T00:10:00+00:00',
      'prefect.state-type': 'CANCELLING',
    });
    assert.deepEqual(e.related, [
      { 'prefect.resource.id': 'prefect.flow.flow-1', 'prefect.resource.role': 'flow', 'prefect.resource.name': 'etl' },
      { 'prefect.resource.id': 'prefect.deployment.dep-1', 'prefect.resource.role': 'deployment' },
      { 'prefect.resource.id': 'prefect.work-queue.q-1', 'prefect.resource.role': 'work-queue', 'prefect.resource.name': 'default' },
      { 'prefect.resource.id': 'prefect.work-pool.p-1', 'prefect.resource.role': 'work-pool', 'prefect.resource.name': 'pool' },
      { 'prefect.resource.id': 'prefect.task-run.task-1', 'prefect.resource.role': 'task-run', 'prefect.resource.name': 'subflow-task' },
      { 'prefect.resource.id': 'prefect.tag.a', 'prefect.resource.role': 'tag' },
      { 'prefect.resource.id': 'prefect.tag.b', 'prefect.resource.role': 'tag' },
      { 'prefect.resource.id': 'prefect.tag.c', 'prefect.resource.role': 'tag' },
      { 'prefect.resource.id': 'prefect.tag.d', 'prefect.resource.role': 'tag' },
      { 'prefect.resource.id': 'prefect.automation.auto-1', 'prefect.resource.role': 'creator', 'prefect.resource.name': 'my automation' },
    ]);
    assert.deepEqual(e.payload, {
      intended: { from: 'PENDING', to: 'CANCELLING' },
      initial_state: { type: 'PENDING', name: 'Pending' },
      validated_state: { type: 'CANCELLING', name: 'Cancelling', message: 'stop' },
    });
  });

  it('a first state (run created) has no initial state; a paused state says whether it reschedules', () => {
    const e = flowRunStateEvent(
      { flowRunId: 'r', flowId: 'f', deploymentId: null, parentTaskRunId: null, initial: null, validated: state('s', 'PAUSED', 'Paused', '2026-01-01T00:00:00.123456Z', { state_details: { pause_reschedule: true } }), runCount: 0 },
      { run: undefined, flow: undefined, parentTask: undefined },
    );
    assert.equal(e.follows, null);
    assert.equal(e.occurred, '2026-01-01T00:00:00.123456Z');
    assert.equal(e.resource['prefect.resource.name'], undefined);
    assert.deepEqual(e.related, [{ 'prefect.resource.id': 'prefect.flow.f', 'prefect.resource.role': 'flow' }]);
    assert.deepEqual(e.payload, { intended: { from: null, to: 'PAUSED' }, initial_state: null, validated_state: { type: 'PAUSED', name: 'Paused', pause_reschedule: 'true' } });
  });

  it('truncates long state messages like Prefect', () => {
    assert.equal(truncatedTo(10, 'short'), 'short');
    assert.equal(truncatedTo(10, null), '');
    const long = 'a'.repeat(100) + 'b'.repeat(100);
    assert.equal(truncatedTo(20, long), `${'a'.repeat(10)}...180 additional characters...${'b'.repeat(10)}`);
  });
});
