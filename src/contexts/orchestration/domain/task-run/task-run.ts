import type { JsonObject } from '../common/json';
import type { Labels } from '../flow/flow';
import type { State } from '../states/state';
import type { RunTimes } from '../transition/run-bookkeeping';

/**
 * The task run as Prefect returns it (prefect-api.md §6.4), minus what is derived at read time
 * (`state_id/type/name`, `estimated_*`, `updated`). Keys are Prefect's, snake_case.
 */

/** Prefect `TaskRunPolicy`. `retry_delay` may be one delay or one per attempt. */
export interface TaskRunPolicy {
  readonly max_retries: number;
  readonly retry_delay_seconds: number;
  readonly retries: number | null;
  readonly retry_delay: number | readonly number[] | null;
  readonly retry_jitter_factor: number | null;
}

export type TaskRunPolicyInput = { readonly [K in keyof TaskRunPolicy]?: TaskRunPolicy[K] | null };

/** Prefect's defaults, and its mapping of the deprecated keys onto the current ones. */
export function normaliseTaskRunPolicy(input: TaskRunPolicyInput | null | undefined): TaskRunPolicy {
  const p = input ?? {};
  const max_retries = p.max_retries ?? 0;
  const retry_delay_seconds = p.retry_delay_seconds ?? 0;
  const delay = p.retry_delay;
  const delayGiven = Array.isArray(delay) ? delay.length > 0 : Boolean(delay);
  return {
    max_retries,
    retry_delay_seconds,
    retries: p.retries ? p.retries : max_retries !== 0 ? max_retries : (p.retries ?? null),
    retry_delay: delayGiven ? (delay ?? null) : retry_delay_seconds !== 0 ? retry_delay_seconds : (delay ?? null),
    retry_jitter_factor: p.retry_jitter_factor ?? null,
  };
}

export interface TaskRunAttributes {
  readonly name: string;
  readonly flow_run_id: string | null;
  readonly task_key: string;
  readonly dynamic_key: string;
  readonly cache_key: string | null;
  readonly cache_expiration: string | null;
  readonly task_version: string | null;
  readonly empirical_policy: TaskRunPolicy;
  readonly tags: readonly string[];
  readonly labels: Labels;
  /** `{param: [{input_type: "task_run" | "flow_run" | "parameter" | "constant", ...}]}`, stored verbatim. */
  readonly task_inputs: JsonObject;
}

export interface TaskRunBody extends TaskRunAttributes, RunTimes {
  readonly state: State;
  readonly run_count: number;
  /** The flow run's run_count when this task last ran (tells a flow retry from a task rerun). */
  readonly flow_run_run_count: number;
  readonly created: string;
}

export interface TaskRun extends TaskRunBody {
  readonly id: string;
}

/**
 * `payload.task_run` of a client `prefect.task-run.*` event (prefect-api.md §3.4): the client keeps
 * the run and reports it whole; keys it left out (nulls are omitted) keep their stored values.
 */
export interface ClientTaskRunFields {
  readonly name?: string;
  readonly task_key?: string;
  readonly dynamic_key?: string;
  readonly cache_key?: string | null;
  readonly cache_expiration?: string | null;
  readonly task_version?: string | null;
  readonly empirical_policy?: TaskRunPolicyInput;
  readonly tags?: readonly string[];
  readonly labels?: Labels;
  readonly task_inputs?: JsonObject;
  readonly run_count?: number;
  readonly flow_run_run_count?: number;
  readonly expected_start_time?: string | null;
  readonly start_time?: string | null;
  readonly end_time?: string | null;
  readonly total_run_time?: number;
  readonly next_scheduled_start_time?: string | null;
}
