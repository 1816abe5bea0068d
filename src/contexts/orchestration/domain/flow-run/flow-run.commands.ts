import type { JsonObject } from '../common/json';
import type { Labels } from '../flow/flow';
import type { StateCreate } from '../states/state';
import type { CreatedBy, FlowRunPolicyInput } from './flow-run';

/**
 * What the deployment-concurrency rules need to know about the run's deployment, gathered by the
 * caller (the domain reads nothing). Absent: those rules do nothing.
 */
export interface DeploymentConcurrencyContext {
  /** The deployment's concurrency limit; null when it has none. */
  readonly limit: number | null;
  readonly collisionStrategy: 'ENQUEUE' | 'CANCEL_NEW';
  /** Whether a slot can be taken now (the caller reserves it; see DeploymentSlotAcquired). */
  readonly slotAvailable: boolean;
  /** How long an enqueued run waits before trying again (Prefect default 30). */
  readonly slotWaitSeconds: number;
  /** The lease of the reserved slot, recorded as `state_details.deployment_concurrency_lease_id`. */
  readonly leaseId?: string | null;
  /** At PENDING → RUNNING: whether the run's lease could still be renewed. Default true. */
  readonly leaseRenewed?: boolean;
  /** False when the run's deployment no longer exists. Default true. */
  readonly deploymentExists?: boolean;
}

export interface CreateFlowRunData {
  readonly flowRunId: string;
  readonly flow_id: string;
  /** The handler generates Prefect's slug name (`brave-tiger`) when the client sends none. */
  readonly name: string;
  readonly flow_version?: string | null;
  readonly parameters?: JsonObject | null;
  readonly context?: JsonObject | null;
  readonly tags?: readonly string[] | null;
  readonly labels?: Labels | null;
  /** Labels inherited from the flow or deployment (Prefect's system labels); the run's own win. */
  readonly inheritedLabels?: Labels | null;
  readonly parent_task_run_id?: string | null;
  readonly empirical_policy?: FlowRunPolicyInput | null;
  readonly idempotency_key?: string | null;
  readonly deployment_id?: string | null;
  readonly deployment_version?: string | null;
  readonly work_queue_name?: string | null;
  readonly work_pool_name?: string | null;
  readonly work_queue_id?: string | null;
  readonly work_pool_id?: string | null;
  readonly job_variables?: JsonObject | null;
  readonly infrastructure_document_id?: string | null;
  readonly created_by?: CreatedBy | null;
  readonly auto_scheduled?: boolean | null;
  /** The first state; without one the run starts PENDING, as in Prefect. */
  readonly state?: StateCreate | null;
  readonly stateId: string;
  readonly now: string;
}

export interface SetFlowRunStateData {
  readonly proposed: StateCreate;
  /** true: the Minimal policy (crashes, cancellations, worker resets) instead of the core rules. */
  readonly force: boolean;
  /** The id the state gets if one is written (also the default pause key). */
  readonly stateId: string;
  readonly now: string;
  /** From the client's User-Agent (`prefect/3.9.1`); some concurrency rules depend on it. */
  readonly clientVersion: string | null;
  readonly deploymentConcurrency?: DeploymentConcurrencyContext;
}

export interface FlowRunChangesInput {
  readonly name?: string;
  readonly flow_version?: string | null;
  readonly parameters?: JsonObject;
  /** Replaces the whole policy, with Prefect's defaults for missing keys (as PATCH does in Prefect). */
  readonly empirical_policy?: FlowRunPolicyInput;
  readonly tags?: readonly string[];
  readonly infrastructure_pid?: string | null;
  readonly job_variables?: JsonObject | null;
}

/**
 * The late-runs monitor (Prefect's MarkLateRuns service): a run still SCHEDULED/"Scheduled" whose
 * next scheduled start is at or before `dueBefore` becomes SCHEDULED/"Late", keeping its time.
 */
export interface MarkFlowRunLateData {
  readonly dueBefore: string;
  readonly stateId: string;
  readonly now: string;
}

/**
 * The zombie monitor: a RUNNING run whose heartbeats stopped becomes CRASHED, but only if it is still
 * in the RUNNING state the monitor judged (`runningStateId`), so a run that moved on is left alone.
 */
export interface CrashZombieFlowRunData {
  readonly runningStateId: string;
  readonly message: string;
  readonly stateId: string;
  readonly now: string;
}

export type FlowRunCommand =
  | { readonly type: 'CreateFlowRun'; readonly data: CreateFlowRunData }
  | { readonly type: 'SetFlowRunState'; readonly data: SetFlowRunStateData }
  | { readonly type: 'UpdateFlowRun'; readonly data: { readonly changes: FlowRunChangesInput; readonly now: string } }
  /** Merged into the existing labels. */
  | { readonly type: 'UpdateFlowRunLabels'; readonly data: { readonly labels: Labels; readonly now: string } }
  | { readonly type: 'DeleteFlowRun'; readonly data: { readonly now: string } }
  | { readonly type: 'MarkFlowRunLate'; readonly data: MarkFlowRunLateData }
  | { readonly type: 'CrashZombieFlowRun'; readonly data: CrashZombieFlowRunData };

export type SetFlowRunState = Extract<FlowRunCommand, { type: 'SetFlowRunState' }>;
