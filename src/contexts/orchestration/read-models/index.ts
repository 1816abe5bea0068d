import type { Document } from '../../../shared/ddd';

export const FLOWS = 'flows';
export const FLOW_RUNS = 'flow_runs';
export const FLOW_RUN_STATES = 'flow_run_states';
export const TASK_RUNS = 'task_runs';
export const TASK_RUN_STATES = 'task_run_states';
export const LOGS = 'logs';
export const EVENTS = 'events';
export const CONCURRENCY_LIMITS = 'concurrency_limits';

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
}
