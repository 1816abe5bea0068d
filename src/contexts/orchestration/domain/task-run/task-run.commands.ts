import type { JsonObject } from '../common/json';
import type { Labels } from '../flow/flow';
import type { State, StateCreate, StateType } from '../states/state';
import type { ClientTaskRunFields, TaskRunPolicyInput } from './task-run';

/** What the task rules need to know about the enclosing flow run besides its state type. */
export interface ParentFlowRunContext {
  readonly runCount: number;
  /** From the flow's PAUSED state, copied onto the task's `NotReady` state. */
  readonly pauseTimeout: string | null;
  readonly pauseReschedule: boolean;
}

/** The active tag concurrency limits on the task's tags (`tag:<tag>`), as the caller found them. */
export interface TagConcurrencyContext {
  readonly limits: readonly { readonly tag: string; readonly limit: number; readonly slotAvailable: boolean }[];
  /** How long to WAIT when a slot is not free (Prefect default 10). */
  readonly slotWaitSeconds: number;
}

export interface CreateTaskRunData {
  readonly taskRunId: string;
  /** The handler generates a slug when the client sends none. */
  readonly name: string;
  readonly flow_run_id?: string | null;
  readonly task_key: string;
  readonly dynamic_key: string;
  readonly cache_key?: string | null;
  readonly cache_expiration?: string | null;
  readonly task_version?: string | null;
  readonly empirical_policy?: TaskRunPolicyInput | null;
  readonly tags?: readonly string[] | null;
  readonly labels?: Labels | null;
  /** Labels inherited from the flow run (Prefect's system labels); the run's own win. */
  readonly inheritedLabels?: Labels | null;
  readonly task_inputs?: JsonObject | null;
  /** The first state; PENDING when absent, as in Prefect. */
  readonly state?: StateCreate | null;
  readonly stateId: string;
  readonly now: string;
}

export interface SetTaskRunStateData {
  readonly proposed: StateCreate;
  readonly force: boolean;
  readonly stateId: string;
  readonly now: string;
  /**
   * CacheRetrieval: the newest unexpired COMPLETED state cached under the proposal's cache key
   * (null: none). Absent: caching is not consulted.
   */
  readonly cachedState?: State | null;
  /**
   * PreventRunningTasksFromStoppedFlows: the enclosing flow run's state type (null: it has no state).
   * Absent: not checked.
   */
  readonly parentFlowRunStateType?: StateType | null;
  readonly parentFlowRun?: ParentFlowRunContext;
  /** SecureTaskConcurrencySlots; absent: not checked. */
  readonly tagConcurrency?: TagConcurrencyContext;
  /** A uniform sample in [0, 1) for retry jitter (the domain draws no random numbers); default 0.5. */
  readonly retryJitterSample?: number;
  /** Prefect's PREFECT_SERVER_TASKS_MAX_CACHE_KEY_LENGTH; default 2000. */
  readonly maxCacheKeyLength?: number;
}

export interface RecordClientTaskRunStateData {
  readonly taskRunId: string;
  /** From the related resource with role `flow-run`; null when the task ran outside a flow. */
  readonly flowRunId: string | null;
  /** `payload.validated_state`, with id = event id and timestamp = event `occurred`. */
  readonly state: State;
  readonly taskRunFields: ClientTaskRunFields;
  /** When the server received the event (the run's `created` if this event creates it). */
  readonly now: string;
}

export interface MirrorSubflowStateData {
  readonly childFlowRunId: string;
  /** The subflow run's state as written. */
  readonly childState: State;
  readonly stateId: string;
  readonly now: string;
}

export type TaskRunCommand =
  | { readonly type: 'CreateTaskRun'; readonly data: CreateTaskRunData }
  | { readonly type: 'SetTaskRunState'; readonly data: SetTaskRunStateData }
  | { readonly type: 'RecordClientTaskRunState'; readonly data: RecordClientTaskRunStateData }
  | { readonly type: 'MirrorSubflowState'; readonly data: MirrorSubflowStateData }
  | { readonly type: 'UpdateTaskRun'; readonly data: { readonly changes: { readonly name?: string }; readonly now: string } }
  | { readonly type: 'DeleteTaskRun'; readonly data: { readonly now: string } };

export type SetTaskRunState = Extract<TaskRunCommand, { type: 'SetTaskRunState' }>;
