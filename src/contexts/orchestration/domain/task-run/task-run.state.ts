import type { TaskRun } from './task-run';
import type { TaskRunEvent } from './task-run.events';

export type TaskRunState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'active';
      readonly run: TaskRun;
      /**
       * Ids of every state in the run's history, and of every subflow state mirrored onto it: a
       * client event or a mirror seen before decides nothing.
       */
      readonly seenStateIds: ReadonlySet<string>;
    }
  | { readonly status: 'deleted'; readonly taskRunId: string };

export const initialTaskRunState = (): TaskRunState => ({ status: 'absent' });

const seen = (state: TaskRunState, ...ids: string[]): ReadonlySet<string> => new Set([...(state.status === 'active' ? state.seenStateIds : []), ...ids]);

export function evolveTaskRun(state: TaskRunState, event: TaskRunEvent): TaskRunState {
  switch (event.type) {
    case 'TaskRunCreated': {
      const { taskRunId, state_type: _t, state_name: _n, state_timestamp: _s, ...body } = event.data;
      return { status: 'active', run: { id: taskRunId, ...body }, seenStateIds: new Set([body.state.id]) };
    }
    case 'TaskRunStateChanged': {
      if (state.status !== 'active') return state;
      const e = event.data;
      return {
        status: 'active',
        run: {
          ...state.run,
          state: e.state,
          run_count: e.run_count,
          flow_run_run_count: e.flow_run_run_count,
          start_time: e.start_time,
          end_time: e.end_time,
          total_run_time: e.total_run_time,
          expected_start_time: e.expected_start_time,
          next_scheduled_start_time: e.next_scheduled_start_time,
        },
        seenStateIds: seen(state, e.state.id, ...(e.mirrored_child_state_id !== undefined ? [e.mirrored_child_state_id] : [])),
      };
    }
    case 'TaskRunStateRecorded': {
      const e = event.data;
      if (e.run !== null) return { status: 'active', run: { id: e.taskRunId, ...e.run }, seenStateIds: seen(state, e.state.id) };
      return state.status === 'active' ? { ...state, seenStateIds: seen(state, e.state.id) } : state;
    }
    case 'TaskRunUpdated':
      return state.status === 'active' ? { ...state, run: { ...state.run, ...event.data.changes } } : state;
    case 'TaskRunDeleted':
      return { status: 'deleted', taskRunId: event.data.taskRunId };
    default: {
      const never: never = event;
      return never;
    }
  }
}
