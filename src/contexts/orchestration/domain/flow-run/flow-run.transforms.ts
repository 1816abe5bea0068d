import { fromMillis, toMillis } from '../common/time';
import { isTerminal, withDetails, type State, type StateDraft } from '../states/state';
import { advanceRunTimes, runTimesOf, type RunTimes } from '../transition/run-bookkeeping';
import type { FlowRun, FlowRunPolicy } from './flow-run';

/** The parts of a flow run the global transforms read and maintain. */
export type FlowRunBookkeeping = Pick<FlowRun, 'id' | 'parent_task_run_id' | 'empirical_policy' | 'run_count'> & RunTimes;

export interface WrittenFlowRunState {
  readonly state: State;
  readonly run_count: number;
  readonly times: RunTimes;
  readonly empirical_policy: FlowRunPolicy;
}

/**
 * A state's timestamp is the server's `now`, moved 1 ms past the current state's when it is not
 * later, so that a run's states never share a timestamp and always sort in the order written (our
 * timestamps have millisecond precision; Prefect bumps by 1 µs on a collision).
 */
export function uniqueTimestamp(now: string, initial: State | null): string {
  if (initial === null || toMillis(now) > toMillis(initial.timestamp)) return now;
  return fromMillis(toMillis(initial.timestamp) + 1);
}

/**
 * Prefect's GlobalFlowPolicy, applied to every state that is written (accepted, or a rule's
 * replacement): unique timestamp, run times, `state_details.flow_run_id` (and the parent task run id
 * for subflows), run_count on entering RUNNING unless resuming from a pause, and clearing `resuming`
 * once the run is RUNNING or final. Mirroring a subflow's state onto its parent task run happens in
 * the task-run aggregate (MirrorSubflowState), fed from the FlowRunStateChanged event.
 */
export function writeFlowRunState(run: FlowRunBookkeeping, initial: State | null, draft: StateDraft, stateId: string, now: string): WrittenFlowRunState {
  const timestamp = uniqueTimestamp(now, initial);
  const state_details = withDetails(draft.state_details, {
    flow_run_id: run.id,
    ...(run.parent_task_run_id !== null ? { task_run_id: run.parent_task_run_id } : {}),
  });
  const state: State = { id: stateId, type: draft.type, name: draft.name, timestamp, message: draft.message, data: draft.data, state_details };

  let policy = run.empirical_policy;
  const run_count = state.type === 'RUNNING' && !policy.resuming ? run.run_count + 1 : run.run_count;
  if ((state.type === 'RUNNING' || isTerminal(state.type)) && policy.resuming) policy = { ...policy, resuming: false };

  return { state, run_count, times: advanceRunTimes(runTimesOf(run), initial, state), empirical_policy: policy };
}
