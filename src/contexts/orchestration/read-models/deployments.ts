import type { Document } from '../../../shared/ddd';

export const DEPLOYMENTS = 'deployments';
/**
 * Telemetry, not state: when a worker or runner last polled for a deployment's runs (written by the
 * polling routes straight to the read store, like logs). Drives the deployment's READY/NOT_READY status.
 */
export const DEPLOYMENT_POLLS = 'deployment_polls';

/** One of Prefect's three schedule kinds, told apart by their key. */
export type ScheduleSpec =
  | { interval: number; anchor_date: string; timezone: string | null }
  | { cron: string; timezone: string | null; day_or: boolean }
  | { rrule: string; timezone: string | null };

/** Prefect's DeploymentSchedule. */
export interface DeploymentScheduleDoc {
  id: string;
  created: string;
  updated: string;
  deployment_id: string;
  schedule: ScheduleSpec;
  active: boolean;
  /** How many runs of this schedule to keep scheduled ahead; null: the server default. */
  max_scheduled_runs: number | null;
  parameters: Record<string, unknown>;
  slug: string | null;
}

/** Prefect's DeploymentResponse (prefect-api.md §6.5) plus reserved fields and `schedule_generation`. */
export interface DeploymentDoc extends Document {
  id: string;
  created: string;
  updated: string;
  name: string;
  flow_id: string;
  paused: boolean;
  schedules: DeploymentScheduleDoc[];
  parameters: Record<string, unknown>;
  tags: string[];
  labels: Record<string, unknown>;
  work_queue_name: string | null;
  work_queue_id: string | null;
  work_pool_name: string | null;
  work_pool_id: string | null;
  job_variables: Record<string, unknown>;
  concurrency_limit: number | null;
  /**
   * Changes whenever the set of runs the scheduler keeps for this deployment changes: a schedule
   * added, changed, removed, activated or deactivated; paused or resumed; parameters, tags, labels,
   * job variables, work queue or pool changed. A no-op upsert leaves it. The scheduler's run ids
   * include it, so the runs of an older generation are replaced, never reused.
   */
  schedule_generation: number;
  /** Additive fields (not part of the scheduler contract): the rest of Prefect's DeploymentResponse. */
  version?: string | null;
  version_info?: Record<string, unknown> | null;
  description?: string | null;
  parameter_openapi_schema?: Record<string, unknown> | null;
  enforce_parameter_schema?: boolean;
  concurrency_options?: { collision_strategy: 'ENQUEUE' | 'CANCEL_NEW'; grace_period_seconds: number | null } | null;
  /** The backing global (v2) concurrency limit when `concurrency_limit` is set. */
  global_concurrency_limit_id?: string | null;
  pull_steps?: unknown[] | null;
  path?: string | null;
  entrypoint?: string | null;
  storage_document_id?: string | null;
  infrastructure_document_id?: string | null;
  created_by?: { id: string; type: string; display_value: string } | null;
  updated_by?: { id: string; type: string; display_value: string } | null;
  /** For `tags.is_null_` filters. */
  tags_count?: number;
  [key: string]: unknown;
}

/** Telemetry document in DEPLOYMENT_POLLS (id = deployment id). */
export interface DeploymentPollDoc extends Document {
  last_polled: string;
}
