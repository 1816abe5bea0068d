import type { Filter } from '../../../../infrastructure/read-store/read-store.port';
import { AGENT_POOL_TYPE, DEFAULT_AGENT_WORK_POOL_NAME } from '../../domain/work-pool/work-pool';
import type { WorkerDoc, WorkPoolDoc, WorkQueueDoc } from '../../read-models';

/**
 * Statuses are derived, never stored as state: from the pool's configuration and the telemetry
 * (worker heartbeats, queue polls) at the time of reading. The status monitor publishes their changes.
 */

export type WorkerStatus = 'ONLINE' | 'OFFLINE';
export type WorkPoolStatus = 'READY' | 'NOT_READY' | 'PAUSED';
export type WorkQueueStatus = 'READY' | 'NOT_READY' | 'PAUSED';

/** Prefect's default worker heartbeat interval (PREFECT_WORKER_HEARTBEAT_SECONDS). */
export const DEFAULT_HEARTBEAT_INTERVAL_SECONDS = 30;
/** A worker is OFFLINE after this many missed heartbeat intervals. */
export const MISSED_HEARTBEATS = 3;
/** A queue is READY while it was polled this recently (Prefect's WORK_QUEUE_LAST_POLLED_TIMEOUT). */
export const QUEUE_POLL_TIMEOUT_SECONDS = 60;
/** Runs that hold a pool's or queue's concurrency slot. */
export const SLOT_HOLDING_STATES = ['PENDING', 'RUNNING', 'CANCELLING'] as const;

export function workerOfflineAt(w: Pick<WorkerDoc, 'last_heartbeat_time' | 'heartbeat_interval_seconds'>): number {
  return Date.parse(w.last_heartbeat_time) + (w.heartbeat_interval_seconds ?? DEFAULT_HEARTBEAT_INTERVAL_SECONDS) * MISSED_HEARTBEATS * 1000;
}

export function workerStatus(w: Pick<WorkerDoc, 'last_heartbeat_time' | 'heartbeat_interval_seconds'>, nowMs: number): WorkerStatus {
  return nowMs < workerOfflineAt(w) ? 'ONLINE' : 'OFFLINE';
}

/** Push and managed pools run work without a worker. */
export function needsNoWorker(type: string): boolean {
  return type.endsWith(':push') || type.endsWith(':managed');
}

/** Prefect gives the legacy agent pool no status at all. */
export function poolStatus(pool: Pick<WorkPoolDoc, 'type' | 'is_paused'>, onlineWorkers: number): WorkPoolStatus | null {
  if (pool.type === AGENT_POOL_TYPE) return null;
  if (pool.is_paused) return 'PAUSED';
  if (needsNoWorker(pool.type)) return 'READY';
  return onlineWorkers > 0 ? 'READY' : 'NOT_READY';
}

export function queueStatus(queue: Pick<WorkQueueDoc, 'is_paused'>, lastPolled: string | null, nowMs: number): WorkQueueStatus {
  if (queue.is_paused) return 'PAUSED';
  return lastPolled !== null && nowMs - Date.parse(lastPolled) <= QUEUE_POLL_TIMEOUT_SECONDS * 1000 ? 'READY' : 'NOT_READY';
}

/**
 * The flow runs that belong to a queue: by id, or, for a run created with names only
 * (`POST /flow_runs/` with `work_queue_name`), by the queue's name in the pool's name (a legacy
 * queue's runs may name no pool).
 */
export function runsOfQueue(queue: Pick<WorkQueueDoc, 'id' | 'name' | 'work_pool_name'>): Filter {
  const byName: Filter[] = [{ work_queue_id: null, work_pool_name: queue.work_pool_name, work_queue_name: queue.name }];
  if (queue.work_pool_name === DEFAULT_AGENT_WORK_POOL_NAME) byName.push({ work_queue_id: null, work_pool_name: null, work_queue_name: queue.name });
  return { $or: [{ work_queue_id: queue.id }, ...byName] };
}

export function runsOfQueues(queues: readonly Pick<WorkQueueDoc, 'id' | 'name' | 'work_pool_name'>[]): Filter {
  if (queues.length === 0) return { $or: [] };
  return { $or: queues.map(runsOfQueue) };
}

export function runsOfPool(pool: Pick<WorkPoolDoc, 'id' | 'name'>): Filter {
  const byName: Filter[] = [{ work_pool_id: null, work_pool_name: pool.name }];
  return { $or: [{ work_pool_id: pool.id }, ...byName] };
}
