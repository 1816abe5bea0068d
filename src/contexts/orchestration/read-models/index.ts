import type { Document } from '../../../shared/ddd';

export const FLOWS = 'flows';
export const FLOW_RUNS = 'flow_runs';
export const FLOW_RUN_STATES = 'flow_run_states';
export const TASK_RUNS = 'task_runs';
export const TASK_RUN_STATES = 'task_run_states';
export const LOGS = 'logs';
export const EVENTS = 'events';

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
