import type { EventMetadata, Projection, RecordedEvent } from '../../src/shared/ddd';
import { TASK_RUNS, TASK_RUN_STATES, type RunStateDoc, type TaskRunDoc, type TaskRunEvent } from '../../src/contexts/orchestration';
import { applyStateChange, stateHistoryRow, toStateDoc as state } from './run-state';

type Body = Extract<TaskRunEvent, { type: 'TaskRunCreated' }>['data'];


function fromBody(id: string, b: Omit<Body, 'taskRunId' | 'state_type' | 'state_name' | 'state_timestamp'>, meta: EventMetadata, created: string | undefined): TaskRunDoc {
  return {
    _id: id,
    _account: meta.accountId,
    _workspace: meta.workspaceId,
    id,
    created: created ?? b.created,
    updated: b.state.timestamp,
    name: b.name,
    flow_run_id: b.flow_run_id,
    task_key: b.task_key,
    dynamic_key: b.dynamic_key,
    cache_key: b.cache_key,
    cache_expiration: b.cache_expiration,
    task_version: b.task_version,
    empirical_policy: { ...b.empirical_policy },
    tags: [...b.tags],
    tags_count: b.tags.length,
    labels: { ...b.labels },
    state_id: b.state.id,
    task_inputs: { ...b.task_inputs },
    state_type: b.state.type,
    state_name: b.state.name,
    run_count: b.run_count,
    flow_run_run_count: b.flow_run_run_count,
    expected_start_time: b.expected_start_time,
    next_scheduled_start_time: b.next_scheduled_start_time,
    start_time: b.start_time,
    end_time: b.end_time,
    total_run_time: b.total_run_time,
    state: state(b.state),
  };
}

export const taskRunsProjection: Projection<TaskRunDoc> = {
  name: 'task_runs',
  version: 1,
  collection: TASK_RUNS,
  indexes: [
    { name: 'task_runs_scope_flow_run', fields: [{ field: '_workspace' }, { field: 'flow_run_id' }] },
    { name: 'task_runs_scope_state', fields: [{ field: '_workspace' }, { field: 'state_type' }] },
  ],
  eventTypes: ['TaskRunCreated', 'TaskRunStateChanged', 'TaskRunStateRecorded', 'TaskRunUpdated', 'TaskRunDeleted'],
  keys: (e) => [(e.data as { taskRunId: string }).taskRunId],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as TaskRunEvent;
    const meta = event.metadata as EventMetadata;
    switch (e.type) {
      case 'TaskRunCreated':
        return fromBody(e.data.taskRunId, e.data, meta, doc?.created);
      case 'TaskRunStateRecorded':
        // Late or duplicate client events add to the history only; the run keeps its newer state.
        return e.data.current && e.data.run ? fromBody(e.data.taskRunId, e.data.run, meta, doc?.created) : doc;
      case 'TaskRunStateChanged':
        return doc && { ...applyStateChange(doc, e.data), flow_run_run_count: e.data.flow_run_run_count };
      case 'TaskRunUpdated':
        return doc && { ...doc, ...(e.data.changes.name !== undefined ? { name: e.data.changes.name } : {}), updated: e.data.updatedAt };
      case 'TaskRunDeleted':
        return undefined;
      default:
        return doc;
    }
  },
};

export const taskRunStatesProjection: Projection<RunStateDoc> = {
  name: 'task_run_states',
  version: 1,
  collection: TASK_RUN_STATES,
  indexes: [{ name: 'task_run_states_run', fields: [{ field: 'task_run_id' }, { field: 'timestamp' }] }],
  eventTypes: ['TaskRunCreated', 'TaskRunStateChanged', 'TaskRunStateRecorded'],
  keys: (e) => [(e.data as { state: { id: string } }).state.id],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as TaskRunEvent;
    if (e.type !== 'TaskRunCreated' && e.type !== 'TaskRunStateChanged' && e.type !== 'TaskRunStateRecorded') return doc;
    return stateHistoryRow(event, e.data.state, { task_run_id: e.data.taskRunId });
  },
};
