/**
 * The orchestration domain's public surface: deciders, orchestrate functions, messages and the state
 * model. Pure code; the context's index.ts re-exports from here.
 */

// Flows
export { flowDecider, validateObjectName, FORBIDDEN_NAME_CHARACTERS } from './flow/flow';
export type { FlowCommand, FlowEvent, FlowState, Labels } from './flow/flow';

// Shared building blocks
export type { JsonObject, JsonValue } from './common/json';
export { jsonEqual } from './common/json';
export { normaliseDateTime } from './common/time';
export { compareVersions, clientMaintainsLeases, MIN_CLIENT_VERSION_FOR_CONCURRENCY_LIMIT_LEASING } from './common/client-version';

// States
export type { State, StateCreate, StateDetails, StateDraft, StateSummary, StateType } from './states/state';
export {
  STATE_TYPES,
  STATE_DETAILS_KEYS,
  TERMINAL_STATE_TYPES,
  acceptState,
  defaultStateName,
  draftState,
  hasPersistedResult,
  isStateType,
  isTerminal,
  stateSummary,
  toStateDetailsJson,
} from './states/state';
export { parseStateCreate, parseStateDetails, parseStateType } from './states/parse-state';

// Orchestration results
export type { OrchestrationDetails, OrchestrationOutput, OrchestrationResult, SetStateStatus } from './transition/orchestration-result';
export type { RunTimes } from './transition/run-bookkeeping';

// Flow runs
export type { CreatedBy, FlowRun, FlowRunAttributes, FlowRunBody, FlowRunPolicy, FlowRunPolicyInput, FlowRunRetryType } from './flow-run/flow-run';
export { normaliseFlowRunPolicy } from './flow-run/flow-run';
export type { CreateFlowRunData, DeploymentConcurrencyContext, FlowRunChangesInput, FlowRunCommand, SetFlowRunState, SetFlowRunStateData } from './flow-run/flow-run.commands';
export type { DeploymentConcurrencyEffect, FlowRunChanges, FlowRunCreatedData, FlowRunEvent, FlowRunEventType, FlowRunStateChangedData } from './flow-run/flow-run.events';
export type { FlowRunState } from './flow-run/flow-run.state';
export { evolveFlowRun, initialFlowRunState } from './flow-run/flow-run.state';
export { decideFlowRun, flowRunDecider } from './flow-run/flow-run.decide';
export { orchestrateFlowRunState, type FlowRunOrchestrationOutput } from './flow-run/flow-run.orchestrate';
export { CoreFlowPolicy, MinimalFlowPolicy } from './flow-run/flow-run.policy';

// Task runs
export type { ClientTaskRunFields, TaskRun, TaskRunAttributes, TaskRunBody, TaskRunPolicy, TaskRunPolicyInput } from './task-run/task-run';
export { normaliseTaskRunPolicy } from './task-run/task-run';
export type {
  CreateTaskRunData,
  MirrorSubflowStateData,
  ParentFlowRunContext,
  RecordClientTaskRunStateData,
  SetTaskRunState,
  SetTaskRunStateData,
  TagConcurrencyContext,
  TaskRunCommand,
} from './task-run/task-run.commands';
export type { TaskConcurrencyEffect, TaskRunCreatedData, TaskRunEvent, TaskRunEventType, TaskRunStateChangedData, TaskRunStateRecordedData } from './task-run/task-run.events';
export type { TaskRunState } from './task-run/task-run.state';
export { evolveTaskRun, initialTaskRunState } from './task-run/task-run.state';
export { decideTaskRun, taskRunDecider } from './task-run/task-run.decide';
export { orchestrateTaskRunState, type TaskRunOrchestrationOutput } from './task-run/task-run.orchestrate';
export { BackgroundTaskPolicy, CoreTaskPolicy, MinimalTaskPolicy } from './task-run/task-run.policy';
