import { NotFoundError } from '../../../../shared/errors';
import { draftState, stateSummary, type StateDraft } from '../states/state';
import { orchestrationDetails, type OrchestrationOutput } from '../transition/orchestration-result';
import { runPolicy } from '../transition/run-policy';
import type { TaskRun } from './task-run';
import type { MirrorSubflowStateData, SetTaskRunState } from './task-run.commands';
import type { TaskConcurrencyEffect, TaskRunEvent } from './task-run.events';
import { BackgroundTaskPolicy, CoreTaskPolicy, MinimalTaskPolicy, type TaskPolicy } from './task-run.policy';
import type { TaskRuleContext, TaskRunChange } from './task-run.rules';
import type { TaskRunState } from './task-run.state';
import { writeTaskRunState } from './task-run.transforms';

export type TaskRunOrchestrationOutput = OrchestrationOutput<TaskConcurrencyEffect>;

/** Prefect's defaults for what the command may leave out. */
const DEFAULT_MAX_CACHE_KEY_LENGTH = 2000;
const MEDIAN_SAMPLE = 0.5;

const applyChange = (run: TaskRun, change: TaskRunChange): TaskRun => ({ ...run, ...change });

/**
 * `POST /task_runs/{id}/set_state`: CoreTaskPolicy (BackgroundTaskPolicy for deferred proposals,
 * MinimalTaskPolicy when forced), then the global transforms. Events only when a state is written.
 */
export function orchestrateTaskRunState(state: TaskRunState, command: SetTaskRunState): { readonly events: TaskRunEvent[]; readonly output: TaskRunOrchestrationOutput } {
  if (state.status !== 'active') throw new NotFoundError('Task run not found');
  const c = command.data;
  const proposed = draftState(c.proposed, c.now);
  // As in Prefect, a deferred proposal takes the background policy even when forced.
  const policy = proposed.state_details.deferred === true ? BackgroundTaskPolicy : c.force ? MinimalTaskPolicy : CoreTaskPolicy;
  const ctx: TaskRuleContext = {
    run: state.run,
    initial: state.run.state,
    proposed,
    intended: { from: state.run.state.type, to: proposed.type },
    now: c.now,
    stateId: c.stateId,
    retryJitterSample: c.retryJitterSample ?? MEDIAN_SAMPLE,
    maxCacheKeyLength: c.maxCacheKeyLength ?? DEFAULT_MAX_CACHE_KEY_LENGTH,
    ...(c.cachedState !== undefined ? { cachedState: c.cachedState } : {}),
    ...(c.parentFlowRunStateType !== undefined ? { parentFlowRunStateType: c.parentFlowRunStateType } : {}),
    ...(c.parentFlowRun !== undefined ? { parentFlowRun: c.parentFlowRun } : {}),
    ...(c.tagConcurrency !== undefined ? { tagConcurrency: c.tagConcurrency } : {}),
  };
  return orchestrateTask(state.run, policy, ctx, { stateId: c.stateId, now: c.now, forced: c.force });
}

/**
 * Copies a subflow's written state onto its tracking task run (Prefect's UpdateSubflowParentTask: a
 * fresh copy, forced, `child_flow_run_id` set). Always written; the mirror of a child state already
 * mirrored decides nothing.
 */
export function mirrorSubflowState(state: TaskRunState, data: MirrorSubflowStateData): TaskRunEvent[] {
  if (state.status !== 'active') throw new NotFoundError('Task run not found');
  if (state.seenStateIds.has(data.childState.id)) return [];
  const child = data.childState;
  const proposed: StateDraft = { type: child.type, name: child.name, message: child.message, data: child.data, state_details: { ...child.state_details, child_flow_run_id: data.childFlowRunId } };
  const ctx: TaskRuleContext = {
    run: state.run,
    initial: state.run.state,
    proposed,
    intended: { from: state.run.state.type, to: proposed.type },
    now: data.now,
    stateId: data.stateId,
    retryJitterSample: MEDIAN_SAMPLE,
    maxCacheKeyLength: DEFAULT_MAX_CACHE_KEY_LENGTH,
  };
  return orchestrateTask(state.run, MinimalTaskPolicy, ctx, { stateId: data.stateId, now: data.now, forced: true, mirroredChildStateId: child.id }).events;
}

function orchestrateTask(
  run: TaskRun,
  policy: TaskPolicy,
  ctx: TaskRuleContext,
  opts: { readonly stateId: string; readonly now: string; readonly forced: boolean; readonly mirroredChildStateId?: string },
): { readonly events: TaskRunEvent[]; readonly output: TaskRunOrchestrationOutput } {
  const decided = runPolicy(policy, ctx, applyChange);
  if (decided.proposed === null) {
    return {
      events: [],
      output: { result: { state: run.state, status: decided.status, details: orchestrationDetails(decided.status, decided.reason, decided.delaySeconds) }, written: false, effects: [] },
    };
  }
  const before = decided.before.reduce(applyChange, run);
  const written = writeTaskRunState(before, run.state, decided.proposed, opts.stateId, opts.now);
  const after = decided.after.reduce(applyChange, { ...before, run_count: written.run_count });
  const status = decided.status === 'REJECT' ? 'REJECT' : 'ACCEPT';
  const event: TaskRunEvent = {
    type: 'TaskRunStateChanged',
    data: {
      taskRunId: run.id,
      flow_run_id: run.flow_run_id,
      initial_state: run.state,
      state: written.state,
      ...stateSummary(written.state),
      status,
      reason: decided.reason,
      forced: opts.forced,
      run_count: after.run_count,
      flow_run_run_count: after.flow_run_run_count,
      ...written.times,
      ...(opts.mirroredChildStateId !== undefined ? { mirrored_child_state_id: opts.mirroredChildStateId } : {}),
      ...(decided.effects.length > 0 ? { concurrency: decided.effects } : {}),
    },
  };
  return {
    events: [event],
    output: { result: { state: written.state, status, details: orchestrationDetails(status, decided.reason, 0) }, written: true, effects: decided.effects },
  };
}
