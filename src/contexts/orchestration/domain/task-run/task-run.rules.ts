import { awaitingRetryDraft, hasPersistedResult, isLaterThan, isTerminal, pausedDraft, stateAsDraft, withDetails, type State, type StateType } from '../states/state';
import { abort, accept, ACCEPT, governs, reject, types, wait, type RuleContext, type RuleOutcome } from '../transition/rule';
import { taskRetryDelaySeconds } from './retry-delay';
import type { TaskRun } from './task-run';
import type { ParentFlowRunContext, TagConcurrencyContext } from './task-run.commands';
import type { TaskConcurrencyEffect } from './task-run.events';

/**
 * The task-run rules of Prefect's CoreTaskPolicy, BackgroundTaskPolicy and MinimalTaskPolicy
 * (prefect-api.md §5.5; Prefect core_policy.py), one pure function each. They govern only task runs
 * moved through REST (`set_state`): 3.x engines orchestrate their tasks themselves and report them
 * as events (RecordClientTaskRunState).
 */

export interface TaskRuleContext extends RuleContext<TaskRun> {
  readonly initial: State;
  readonly stateId: string;
  readonly cachedState?: State | null;
  readonly parentFlowRunStateType?: StateType | null;
  readonly parentFlowRun?: ParentFlowRunContext;
  readonly tagConcurrency?: TagConcurrencyContext;
  readonly retryJitterSample: number;
  readonly maxCacheKeyLength: number;
}

/** Rules change a task run's counters only. */
export interface TaskRunChange {
  readonly run_count?: number;
  readonly flow_run_run_count?: number;
}
export type TaskRuleOutcome = RuleOutcome<TaskRunChange, TaskConcurrencyEffect>;
export type TaskRule = (ctx: TaskRuleContext) => TaskRuleOutcome;

const TERMINAL = types('COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED');

/**
 * → RUNNING with a cache key: if a COMPLETED state is cached under it (and not expired, and the
 * proposal does not ask to refresh), answer with a copy of it named `Cached` instead of running.
 */
export const cacheRetrieval: TaskRule = ({ proposed, intended, now, cachedState }) => {
  if (intended.to !== 'RUNNING' || cachedState === undefined || cachedState === null) return ACCEPT;
  const key = proposed.state_details.cache_key;
  if (key === undefined || proposed.state_details.refresh_cache === true) return ACCEPT;
  if (cachedState.type !== 'COMPLETED') return ACCEPT;
  if (cachedState.state_details.cache_key !== undefined && cachedState.state_details.cache_key !== key) return ACCEPT;
  const expiration = cachedState.state_details.cache_expiration;
  if (expiration !== undefined && !isLaterThan(expiration, now)) return ACCEPT;
  return reject({ ...stateAsDraft(cachedState), name: 'Cached' }, 'Retrieved state from cache');
};

/**
 * Leaving a terminal state: never to CANCELLING/PAUSED/CRASHED, never away from a persisted result.
 * A rerun resets run_count (so task retries start over); if the flow itself is retrying, the task's
 * RUNNING state is named `Retrying`.
 */
export const handleTaskTerminalStateTransitions: TaskRule = ({ run, initial, proposed, intended, parentFlowRun }) => {
  if (!governs(intended, TERMINAL, 'any')) return ACCEPT;
  if (proposed.type === 'CANCELLING' || proposed.type === 'PAUSED' || proposed.type === 'CRASHED') return abort(`Run is already ${initial.type}.`);
  if (initial.type === 'COMPLETED' && hasPersistedResult(initial.data)) return reject(null, 'This run is already completed.');
  const flowRetrying = proposed.type === 'RUNNING' && run.flow_run_id !== null && parentFlowRun !== undefined && run.flow_run_run_count < parentFlowRun.runCount;
  return accept({
    ...(flowRetrying ? { proposed: { ...proposed, name: 'Retrying' } } : {}),
    ...(isTerminal(proposed.type) ? {} : { before: { run_count: 0 } }),
  });
};

/**
 * → RUNNING only while the enclosing flow run is RUNNING. A paused flow's task is told to pause
 * too (`NotReady`, carrying the flow's pause timeout); otherwise the task aborts.
 */
export const preventRunningTasksFromStoppedFlows: TaskRule = ({ run, intended, parentFlowRunStateType, parentFlowRun }) => {
  if (intended.to !== 'RUNNING' || run.flow_run_id === null || parentFlowRunStateType === undefined) return ACCEPT;
  if (parentFlowRunStateType === 'RUNNING') return ACCEPT;
  if (parentFlowRunStateType === 'PAUSED') {
    return reject(
      pausedDraft('NotReady', parentFlowRun?.pauseTimeout ?? null, parentFlowRun?.pauseReschedule ?? false),
      `The flow is paused, new tasks can execute after resuming flow run: ${run.flow_run_id}.`,
    );
  }
  return abort('The enclosing flow must be running to begin task execution.');
};

/**
 * → RUNNING takes a slot on every tag concurrency limit of the task (all or nothing): a limit of 0
 * would never free up, so it aborts; a full one makes the client wait.
 */
export const secureTaskConcurrencySlots: TaskRule = ({ intended, tagConcurrency }) => {
  if (intended.to !== 'RUNNING' || tagConcurrency === undefined || tagConcurrency.limits.length === 0) return ACCEPT;
  const zero = tagConcurrency.limits.find((l) => l.limit === 0);
  if (zero !== undefined) return abort(`The concurrency limit on tag "${zero.tag}" is 0 and will deadlock if the task tries to run again.`);
  const tags = tagConcurrency.limits.map((l) => l.tag);
  if (tagConcurrency.limits.some((l) => !l.slotAvailable)) {
    return wait(Math.round(tagConcurrency.slotWaitSeconds), `Concurrency limit reached for tags: ${tags.join(', ')}`);
  }
  return accept({ effects: [{ type: 'TaskTagSlotsAcquired', tags }] });
};

/**
 * RUNNING → FAILED with retries left (and the client not saying `retriable: false`) becomes
 * SCHEDULED `AwaitingRetry`, delayed by the policy's retry delay for this attempt.
 */
export const retryFailedTasks: TaskRule = ({ run, proposed, intended, now, retryJitterSample }) => {
  if (!governs(intended, types('RUNNING'), types('FAILED'))) return ACCEPT;
  if (proposed.state_details.retriable === false) return ACCEPT;
  const { retries } = run.empirical_policy;
  if (retries === null || run.run_count > retries) return ACCEPT;
  const delay = taskRetryDelaySeconds(run.empirical_policy, run.run_count, retryJitterSample);
  return reject(awaitingRetryDraft(now, delay, proposed.message, proposed.data), 'Retrying');
};

/** → RUNNING records which flow-run attempt the task belongs to. */
export const updateFlowRunTrackerOnTasks: TaskRule = ({ run, intended, parentFlowRun }) => {
  if (intended.to !== 'RUNNING' || run.flow_run_id === null || parentFlowRun === undefined) return ACCEPT;
  return accept({ after: { flow_run_run_count: parentFlowRun.runCount } });
};

/**
 * → COMPLETED with an over-long cache key: Prefect answers REJECT but still writes the proposal (the
 * cache itself is a read model over written COMPLETED states with a cache key).
 */
export const cacheInsertion: TaskRule = ({ proposed, intended, maxCacheKeyLength }) => {
  if (intended.to !== 'COMPLETED') return ACCEPT;
  const key = proposed.state_details.cache_key;
  if (key === undefined || key.length <= maxCacheKeyLength) return ACCEPT;
  return reject(proposed, `Cache key exceeded maximum allowed length of ${maxCacheKeyLength} characters.`);
};

/** Background (deferred) tasks: the parameters id travels from SCHEDULED/PENDING to PENDING/RUNNING. */
export const copyTaskParametersID: TaskRule = ({ initial, proposed, intended }) => {
  if (!governs(intended, types('SCHEDULED', 'PENDING'), types('PENDING', 'RUNNING'))) return ACCEPT;
  if (proposed.state_details.task_parameters_id !== undefined) return ACCEPT;
  return accept({ proposed: { ...proposed, state_details: withDetails(proposed.state_details, { task_parameters_id: initial.state_details.task_parameters_id }) } });
};

/**
 * Prefect pushes a deferred task entering SCHEDULED onto the task-worker queue here. Ours is read
 * off the TaskRunStateChanged event by the task-worker side, so the rule only keeps its place.
 */
export const enqueueScheduledTasks: TaskRule = () => ACCEPT;

/** Universal: leaving RUNNING/CANCELLING gives the tag slots back. */
export const releaseTaskConcurrencySlots: TaskRule = ({ run, initial, proposed }) => {
  const holding = types('RUNNING', 'CANCELLING');
  if (run.tags.length === 0 || !holding.has(initial.type) || holding.has(proposed.type)) return ACCEPT;
  return accept({ effects: [{ type: 'TaskTagSlotsReleased', tags: [...run.tags] }] });
};
