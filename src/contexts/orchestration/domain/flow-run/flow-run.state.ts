import type { FlowRun } from './flow-run';
import type { FlowRunEvent } from './flow-run.events';

export type FlowRunState =
  | { readonly status: 'absent' }
  | { readonly status: 'active'; readonly run: FlowRun }
  | { readonly status: 'deleted'; readonly flowRunId: string };

export const initialFlowRunState = (): FlowRunState => ({ status: 'absent' });

export function evolveFlowRun(state: FlowRunState, event: FlowRunEvent): FlowRunState {
  switch (event.type) {
    case 'FlowRunCreated': {
      const { flowRunId, state_type: _t, state_name: _n, state_timestamp: _s, ...body } = event.data;
      return { status: 'active', run: { id: flowRunId, ...body } };
    }
    case 'FlowRunStateChanged': {
      if (state.status !== 'active') return state;
      const e = event.data;
      return {
        status: 'active',
        run: {
          ...state.run,
          state: e.state,
          run_count: e.run_count,
          start_time: e.start_time,
          end_time: e.end_time,
          total_run_time: e.total_run_time,
          expected_start_time: e.expected_start_time,
          next_scheduled_start_time: e.next_scheduled_start_time,
          empirical_policy: e.empirical_policy ?? state.run.empirical_policy,
        },
      };
    }
    case 'FlowRunUpdated':
      return state.status === 'active' ? { status: 'active', run: { ...state.run, ...event.data.changes } } : state;
    case 'FlowRunLabelsUpdated':
      return state.status === 'active' ? { status: 'active', run: { ...state.run, labels: event.data.labels } } : state;
    case 'FlowRunDeleted':
      return { status: 'deleted', flowRunId: event.data.flowRunId };
    default: {
      const never: never = event;
      return never;
    }
  }
}
