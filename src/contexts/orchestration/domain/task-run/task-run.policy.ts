import type { PolicyRule } from '../transition/rule';
import { copyScheduledTime, preventPendingTransitions, renameReruns, waitForScheduledTime } from '../transition/shared-rules';
import type { TaskConcurrencyEffect } from './task-run.events';
import {
  cacheInsertion,
  cacheRetrieval,
  copyTaskParametersID,
  enqueueScheduledTasks,
  handleTaskTerminalStateTransitions,
  preventRunningTasksFromStoppedFlows,
  releaseTaskConcurrencySlots,
  retryFailedTasks,
  secureTaskConcurrencySlots,
  updateFlowRunTrackerOnTasks,
  type TaskRuleContext,
  type TaskRunChange,
} from './task-run.rules';

export type TaskPolicy = readonly PolicyRule<TaskRuleContext, TaskRunChange, TaskConcurrencyEffect>[];

/** Prefect's CoreTaskPolicy, in its priority order (REST `set_state`, force=false). */
export const CoreTaskPolicy: TaskPolicy = [
  { name: 'CacheRetrieval', apply: cacheRetrieval },
  { name: 'HandleTaskTerminalStateTransitions', apply: handleTaskTerminalStateTransitions },
  { name: 'PreventRunningTasksFromStoppedFlows', apply: preventRunningTasksFromStoppedFlows },
  // after the cache: a cached state is returned even when the slots are full
  { name: 'SecureTaskConcurrencySlots', apply: secureTaskConcurrencySlots },
  { name: 'CopyScheduledTime', apply: copyScheduledTime },
  { name: 'WaitForScheduledTime', apply: waitForScheduledTime },
  { name: 'RetryFailedTasks', apply: retryFailedTasks },
  { name: 'RenameReruns', apply: renameReruns },
  { name: 'UpdateFlowRunTrackerOnTasks', apply: updateFlowRunTrackerOnTasks },
  { name: 'CacheInsertion', apply: cacheInsertion },
  { name: 'ReleaseTaskConcurrencySlots', universal: true, apply: releaseTaskConcurrencySlots },
];

/** Prefect's BackgroundTaskPolicy: proposals whose state_details say `deferred` (task workers). */
export const BackgroundTaskPolicy: TaskPolicy = [
  { name: 'PreventPendingTransitions', apply: preventPendingTransitions },
  { name: 'CacheRetrieval', apply: cacheRetrieval },
  { name: 'HandleTaskTerminalStateTransitions', apply: handleTaskTerminalStateTransitions },
  { name: 'CopyScheduledTime', apply: copyScheduledTime },
  { name: 'CopyTaskParametersID', apply: copyTaskParametersID },
  { name: 'WaitForScheduledTime', apply: waitForScheduledTime },
  { name: 'RetryFailedTasks', apply: retryFailedTasks },
  { name: 'RenameReruns', apply: renameReruns },
  { name: 'UpdateFlowRunTrackerOnTasks', apply: updateFlowRunTrackerOnTasks },
  { name: 'CacheInsertion', apply: cacheInsertion },
  { name: 'ReleaseTaskConcurrencySlots', universal: true, apply: releaseTaskConcurrencySlots },
  { name: 'EnqueueScheduledTasks', apply: enqueueScheduledTasks },
];

/** Prefect's MinimalTaskPolicy (force=true, subflow mirroring): slots are always released. */
export const MinimalTaskPolicy: TaskPolicy = [{ name: 'ReleaseTaskConcurrencySlots', universal: true, apply: releaseTaskConcurrencySlots }];
