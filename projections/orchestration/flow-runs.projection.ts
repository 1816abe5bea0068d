import type { EventMetadata, Projection, RecordedEvent } from '../../src/shared/ddd';
import { FLOW_RUNS, FLOW_RUN_STATES, type FlowRunDoc, type FlowRunEvent, type RunStateDoc } from '../../src/contexts/orchestration';
import { applyStateChange, stateHistoryRow, toStateDoc as state } from './run-state';


export const flowRunsProjection: Projection<FlowRunDoc> = {
  name: 'flow_runs',
  version: 1,
  collection: FLOW_RUNS,
  indexes: [
    { name: 'flow_runs_scope_flow', fields: [{ field: '_workspace' }, { field: 'flow_id' }] },
    { name: 'flow_runs_scope_state', fields: [{ field: '_workspace' }, { field: 'state_type' }] },
    // Workers' and runners' polls: SCHEDULED runs due by a time, earliest first.
    { name: 'flow_runs_scope_state_next', fields: [{ field: '_workspace' }, { field: 'state_type' }, { field: 'next_scheduled_start_time' }] },
    { name: 'flow_runs_scope_expected', fields: [{ field: '_workspace' }, { field: 'expected_start_time' }] },
    { name: 'flow_runs_parent', fields: [{ field: 'parent_task_run_id' }] },
    { name: 'flow_runs_idempotency', fields: [{ field: '_workspace' }, { field: 'flow_id' }, { field: 'idempotency_key' }] },
  ],
  eventTypes: ['FlowRunCreated', 'FlowRunStateChanged', 'FlowRunUpdated', 'FlowRunLabelsUpdated', 'FlowRunDeleted'],
  keys: (e) => [(e.data as { flowRunId: string }).flowRunId],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as FlowRunEvent;
    const meta = event.metadata as EventMetadata;
    switch (e.type) {
      case 'FlowRunCreated': {
        const d = e.data;
        return {
          _id: d.flowRunId,
          _account: meta.accountId,
          _workspace: meta.workspaceId,
          id: d.flowRunId,
          created: d.created,
          updated: d.created,
          name: d.name,
          flow_id: d.flow_id,
          state_id: d.state.id,
          deployment_id: d.deployment_id,
          deployment_version: d.deployment_version,
          work_queue_id: d.work_queue_id,
          work_queue_name: d.work_queue_name,
          work_pool_id: d.work_pool_id,
          work_pool_name: d.work_pool_name,
          flow_version: d.flow_version,
          parameters: { ...d.parameters },
          idempotency_key: d.idempotency_key,
          context: { ...d.context },
          empirical_policy: { ...d.empirical_policy, pause_keys: [...d.empirical_policy.pause_keys] },
          tags: [...d.tags],
          tags_count: d.tags.length,
          labels: { ...d.labels },
          parent_task_run_id: d.parent_task_run_id,
          parent_flow_run_id: null,
          state_type: d.state_type,
          state_name: d.state_name,
          run_count: d.run_count,
          expected_start_time: d.expected_start_time,
          next_scheduled_start_time: d.next_scheduled_start_time,
          start_time: d.start_time,
          end_time: d.end_time,
          total_run_time: d.total_run_time,
          auto_scheduled: d.auto_scheduled,
          infrastructure_document_id: d.infrastructure_document_id,
          infrastructure_pid: d.infrastructure_pid,
          created_by: d.created_by ? { id: d.created_by.id ?? '', type: d.created_by.type ?? '', display_value: d.created_by.display_value ?? '' } : null,
          job_variables: { ...(d.job_variables ?? {}) },
          state: state(d.state),
        };
      }
      case 'FlowRunStateChanged': {
        if (!doc) return doc;
        const d = e.data;
        const changed = applyStateChange(doc, d);
        return d.empirical_policy ? { ...changed, empirical_policy: { ...d.empirical_policy, pause_keys: [...d.empirical_policy.pause_keys] } } : changed;
      }
      case 'FlowRunUpdated': {
        if (!doc) return doc;
        const c = e.data.changes;
        return {
          ...doc,
          updated: e.data.updatedAt,
          ...(c.name !== undefined ? { name: c.name } : {}),
          ...(c.flow_version !== undefined ? { flow_version: c.flow_version } : {}),
          ...(c.parameters !== undefined ? { parameters: { ...c.parameters } } : {}),
          ...(c.empirical_policy !== undefined ? { empirical_policy: { ...c.empirical_policy, pause_keys: [...c.empirical_policy.pause_keys] } } : {}),
          ...(c.tags !== undefined ? { tags: [...c.tags], tags_count: c.tags.length } : {}),
          ...(c.infrastructure_pid !== undefined ? { infrastructure_pid: c.infrastructure_pid } : {}),
          ...(c.job_variables !== undefined ? { job_variables: { ...(c.job_variables ?? {}) } } : {}),
        };
      }
      case 'FlowRunLabelsUpdated':
        return doc && { ...doc, labels: { ...e.data.labels }, updated: e.data.updatedAt };
      case 'FlowRunDeleted':
        return undefined;
      default:
        return doc;
    }
  },
};

/** Every state a flow run went through, with who made the change. */
export const flowRunStatesProjection: Projection<RunStateDoc> = {
  name: 'flow_run_states',
  version: 1,
  collection: FLOW_RUN_STATES,
  indexes: [{ name: 'flow_run_states_run', fields: [{ field: 'flow_run_id' }, { field: 'timestamp' }] }],
  eventTypes: ['FlowRunCreated', 'FlowRunStateChanged'],
  keys: (e) => [(e.data as { state: { id: string } }).state.id],
  evolve(_doc, event: RecordedEvent) {
    const e = event as unknown as FlowRunEvent;
    if (e.type !== 'FlowRunCreated' && e.type !== 'FlowRunStateChanged') return undefined;
    return stateHistoryRow(event, e.data.state, { flow_run_id: e.data.flowRunId });
  },
};
