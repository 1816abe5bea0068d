import type { Document } from '../../../shared/ddd';

/** Read-model documents of work-pools (collections and Prefect-shaped documents). */

export const WORK_POOLS = 'work_pools';
export const WORK_QUEUES = 'work_queues';
/**
 * Telemetry, not state (like logs): written straight to the read store by the heartbeat and polling
 * routes, never derived from the event store, so no projection rebuild drops them.
 */
export const WORKERS = 'workers';
/** Telemetry: when a worker last polled a queue (id = queue id). */
export const WORK_QUEUE_POLLS = 'work_queue_polls';
/** Telemetry of the status monitor: the last status it published per pool, queue and worker (id = resource id). */
export const WORK_STATUS_MARKS = 'work_status_marks';

/** Prefect's WorkPool without the computed fields (status, active_slots). */
export interface WorkPoolDoc extends Document {
  id: string;
  created: string;
  updated: string;
  name: string;
  description: string | null;
  type: string;
  base_job_template: Record<string, unknown>;
  is_paused: boolean;
  concurrency_limit: number | null;
  storage_configuration: {
    bundle_upload_step: Record<string, unknown> | null;
    bundle_execution_step: Record<string, unknown> | null;
    default_result_storage_block_id: string | null;
  };
  default_queue_id: string;
}

/** Prefect's WorkQueue without the computed fields (status, last_polled, active_slots). */
export interface WorkQueueDoc extends Document {
  id: string;
  created: string;
  updated: string;
  name: string;
  description: string | null;
  is_paused: boolean;
  concurrency_limit: number | null;
  priority: number;
  work_pool_id: string;
  work_pool_name: string;
  filter: null;
}

/** A worker as its heartbeats describe it (telemetry; id = nameBasedUuid of pool id and worker name). */
export interface WorkerDoc extends Document {
  id: string;
  created: string;
  updated: string;
  name: string;
  work_pool_id: string;
  last_heartbeat_time: string;
  heartbeat_interval_seconds: number | null;
  metadata: Record<string, unknown> | null;
}

export interface WorkQueuePollDoc extends Document {
  work_pool_id: string;
  last_polled: string;
}

export interface WorkStatusMarkDoc extends Document {
  kind: 'work-pool' | 'work-queue' | 'worker';
  status: string;
  /** How many status events this resource has had: the next event id derives from it. */
  seq: number;
  since: string;
  /** The id of the event that published `status` (the next event `follows` it when recent). */
  event_id: string;
}
