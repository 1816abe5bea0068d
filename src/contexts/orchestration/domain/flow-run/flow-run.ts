import type { JsonObject } from '../common/json';
import type { Labels } from '../flow/flow';
import type { State } from '../states/state';
import type { RunTimes } from '../transition/run-bookkeeping';

/**
 * The flow run as Prefect returns it (prefect-api.md §6.3), minus what is derived at read time
 * (`state_id/type/name`, `estimated_*`, `updated`). Keys are Prefect's, snake_case.
 */

export type FlowRunRetryType = 'in_process' | 'reschedule';

/** Prefect `FlowRunPolicy`: retry settings plus the pause/resume bookkeeping rules maintain. */
export interface FlowRunPolicy {
  /** Deprecated by Prefect; still accepted and mapped onto `retries`. */
  readonly max_retries: number;
  /** Deprecated by Prefect; still accepted and mapped onto `retry_delay`. */
  readonly retry_delay_seconds: number;
  readonly retries: number | null;
  readonly retry_delay: number | null;
  /** Pause keys this run has already observed (a pause fires once per key). */
  readonly pause_keys: readonly string[];
  readonly resuming: boolean;
  readonly retry_type: FlowRunRetryType | null;
}

/** A policy as a client sends it: any key may be missing or null. */
export type FlowRunPolicyInput = { readonly [K in keyof FlowRunPolicy]?: FlowRunPolicy[K] | null };

/** Prefect's defaults, and its mapping of the deprecated keys onto the current ones. */
export function normaliseFlowRunPolicy(input: FlowRunPolicyInput | null | undefined): FlowRunPolicy {
  const p = input ?? {};
  const max_retries = p.max_retries ?? 0;
  const retry_delay_seconds = p.retry_delay_seconds ?? 0;
  return {
    max_retries,
    retry_delay_seconds,
    retries: p.retries ? p.retries : max_retries !== 0 ? max_retries : (p.retries ?? null),
    retry_delay: p.retry_delay ? p.retry_delay : retry_delay_seconds !== 0 ? retry_delay_seconds : (p.retry_delay ?? null),
    pause_keys: [...new Set(p.pause_keys ?? [])],
    resuming: p.resuming ?? false,
    retry_type: p.retry_type ?? null,
  };
}

/** Who created the run (a user, a service account, the scheduler, an automation). */
export interface CreatedBy {
  readonly id: string | null;
  readonly type: string | null;
  readonly display_value: string | null;
}

/** Everything about a run except its state and what the state transitions maintain. */
export interface FlowRunAttributes {
  readonly flow_id: string;
  readonly name: string;
  readonly flow_version: string | null;
  readonly parameters: JsonObject;
  readonly context: JsonObject;
  readonly tags: readonly string[];
  readonly labels: Labels;
  /** Set on subflow runs: the parent's tracking task run. */
  readonly parent_task_run_id: string | null;
  readonly empirical_policy: FlowRunPolicy;
  readonly idempotency_key: string | null;
  readonly deployment_id: string | null;
  readonly deployment_version: string | null;
  readonly work_queue_name: string | null;
  readonly work_pool_name: string | null;
  readonly work_queue_id: string | null;
  readonly work_pool_id: string | null;
  readonly job_variables: JsonObject | null;
  readonly infrastructure_pid: string | null;
  readonly infrastructure_document_id: string | null;
  readonly created_by: CreatedBy | null;
  readonly auto_scheduled: boolean;
}

export interface FlowRunBody extends FlowRunAttributes, RunTimes {
  readonly state: State;
  /** Times the run entered RUNNING (not counting resumes after a pause). */
  readonly run_count: number;
  readonly created: string;
}

export interface FlowRun extends FlowRunBody {
  readonly id: string;
}
