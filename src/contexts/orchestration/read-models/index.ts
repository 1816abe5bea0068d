import type { Document } from '../../../shared/ddd';

export const FLOWS = 'flows';
export const FLOW_RUNS = 'flow_runs';
export const FLOW_RUN_STATES = 'flow_run_states';
export const TASK_RUNS = 'task_runs';
export const TASK_RUN_STATES = 'task_run_states';
export const LOGS = 'logs';
export const EVENTS = 'events';
export const CONCURRENCY_LIMITS = 'concurrency_limits';
export const WORKSPACE_SETTINGS = 'workspace_settings';

/** Prefect's Flow, as the API returns it (plus the reserved document fields). */
export interface FlowDoc extends Document {
  id: string;
  created: string;
  updated: string;
  name: string;
  tags: string[];
  tags_count: number;
  labels: Record<string, unknown>;
}

export interface LeaseDoc {
  lease_id: string;
  slots: number;
  expires_at: string;
  holder: { type: string; id: string } | null;
}

/** A global (v2) concurrency limit; `active_slots` is computed at read time from unexpired leases. */
export interface ConcurrencyLimitDoc extends Document {
  id: string;
  created: string;
  updated: string;
  name: string;
  limit: number;
  active: boolean;
  slot_decay_per_second: number;
  denied_slots: number;
  avg_slot_occupancy_seconds: number;
  leases: LeaseDoc[];
  /** Slots held without a lease (`/increment`), as of `unleased_at`; they decay at slot_decay_per_second. */
  unleased_slots: number;
  unleased_at: string;
}

/** Prefect's State JSON as stored on runs and in state histories. */
export interface StateDoc {
  id: string;
  type: string;
  name: string;
  timestamp: string;
  message: string | null;
  data: unknown;
  state_details: Record<string, unknown>;
}

/** Prefect's FlowRun (prefect-api.md §6.3) plus the reserved fields and `tags_count`, `parent_flow_run_id` for filters. */
export interface FlowRunDoc extends Document {
  id: string;
  created: string;
  updated: string;
  name: string;
  flow_id: string;
  state_id: string | null;
  deployment_id: string | null;
  deployment_version: string | null;
  work_queue_id: string | null;
  work_queue_name: string | null;
  work_pool_id: string | null;
  work_pool_name: string | null;
  flow_version: string | null;
  parameters: Record<string, unknown>;
  idempotency_key: string | null;
  context: Record<string, unknown>;
  empirical_policy: Record<string, unknown>;
  tags: string[];
  tags_count: number;
  labels: Record<string, unknown>;
  parent_task_run_id: string | null;
  parent_flow_run_id: string | null;
  state_type: string | null;
  state_name: string | null;
  run_count: number;
  expected_start_time: string | null;
  next_scheduled_start_time: string | null;
  start_time: string | null;
  end_time: string | null;
  total_run_time: number;
  auto_scheduled: boolean;
  infrastructure_document_id: string | null;
  infrastructure_pid: string | null;
  created_by: { id: string; type: string; display_value: string } | null;
  job_variables: Record<string, unknown>;
  state: StateDoc | null;
}

/** Prefect's TaskRun (prefect-api.md §6.4) plus reserved fields. */
export interface TaskRunDoc extends Document {
  id: string;
  created: string;
  updated: string;
  name: string;
  flow_run_id: string | null;
  task_key: string;
  dynamic_key: string;
  cache_key: string | null;
  cache_expiration: string | null;
  task_version: string | null;
  empirical_policy: Record<string, unknown>;
  tags: string[];
  tags_count: number;
  labels: Record<string, unknown>;
  state_id: string | null;
  task_inputs: Record<string, unknown>;
  state_type: string | null;
  state_name: string | null;
  run_count: number;
  flow_run_run_count: number;
  expected_start_time: string | null;
  next_scheduled_start_time: string | null;
  start_time: string | null;
  end_time: string | null;
  total_run_time: number;
  state: StateDoc | null;
}

/** One row of a run's state history (`/flow_run_states`, `/task_run_states`). */
export interface RunStateDoc extends Document, StateDoc {
  flow_run_id?: string;
  task_run_id?: string;
  /** Who made the change (from the event metadata); shown in timelines. */
  actor: { type: string; id: string; name: string } | null;
}
export * from './telemetry';
export * from './deployments';
export * from './work-pools';
export * from './blocks';
export * from './variables';
export * from './artifacts';


/** Per-workspace server settings (one document per workspace, id = workspace id). */
export interface WorkspaceSettingsDoc extends Document {
  default_result_storage_block_id: string | null;
}
