import { withDetails, type State, type StateDraft } from '../states/state';
import { advanceRunTimes, runTimesOf, type RunTimes } from '../transition/run-bookkeeping';
import type { TaskRun } from './task-run';

export type TaskRunBookkeeping = Pick<TaskRun, 'id' | 'flow_run_id' | 'run_count'> & RunTimes;

export interface WrittenTaskRunState {
  readonly state: State;
  readonly run_count: number;
  readonly times: RunTimes;
}

/**
 * Prefect's GlobalTaskPolicy, applied to every task state that is written: run times,
 * `state_details.flow_run_id`/`task_run_id` pointing at this run, and run_count on entering RUNNING.
 * (Unlike flow runs, Prefect does not de-duplicate task state timestamps.)
 */
export function writeTaskRunState(run: TaskRunBookkeeping, initial: State | null, draft: StateDraft, stateId: string, now: string): WrittenTaskRunState {
  const state_details = withDetails(draft.state_details, { flow_run_id: run.flow_run_id ?? undefined, task_run_id: run.id });
  const state: State = { id: stateId, type: draft.type, name: draft.name, timestamp: now, message: draft.message, data: draft.data, state_details };
  return {
    state,
    run_count: state.type === 'RUNNING' ? run.run_count + 1 : run.run_count,
    times: advanceRunTimes(runTimesOf(run), initial, state),
  };
}
