import type { Decider } from '../../../../shared/ddd';
import { AlreadyExistsError, ForbiddenError, NotFoundError, ValidationError } from '../../../../shared/errors';

/**
 * A work pool with its queues: one aggregate, so queue names are unique within the pool, priorities
 * stay unique integers ≥ 1 (Prefect's `bulk_update_work_queue_priorities`), a pool always has its
 * default queue, and deleting the pool deletes its queues in one event. Workers are telemetry (the
 * read store), except their deletion, which is a user action.
 */

/** Prefect's legacy pool for queues created without one (models/workers.py DEFAULT_AGENT_WORK_POOL_NAME). */
export const DEFAULT_AGENT_WORK_POOL_NAME = 'default-agent-pool';
export const AGENT_POOL_TYPE = 'prefect-agent';
export const DEFAULT_QUEUE_NAME = 'default';
export const DEFAULT_QUEUE_DESCRIPTION = "The work pool's default queue.";

const FORBIDDEN_NAME_CHARACTERS = /[/%&><]/;

export interface StorageConfiguration {
  readonly bundle_upload_step: Readonly<Record<string, unknown>> | null;
  readonly bundle_execution_step: Readonly<Record<string, unknown>> | null;
  readonly default_result_storage_block_id: string | null;
}

export interface WorkPoolSettings {
  readonly description: string | null;
  readonly baseJobTemplate: Readonly<Record<string, unknown>>;
  readonly isPaused: boolean;
  readonly concurrencyLimit: number | null;
  readonly storageConfiguration: StorageConfiguration;
}

export interface WorkQueueSettings {
  readonly name: string;
  readonly description: string | null;
  readonly isPaused: boolean;
  readonly concurrencyLimit: number | null;
  readonly priority: number;
}

export interface WorkQueue extends WorkQueueSettings {
  readonly queueId: string;
}

/** Other queues' new priorities after one queue took a place (queue id → priority). */
export type Reprioritized = Readonly<Record<string, number>>;

export type WorkPoolEvent =
  | {
      readonly type: 'WorkPoolCreated';
      readonly data: { readonly poolId: string; readonly name: string; readonly type: string; readonly settings: WorkPoolSettings; readonly defaultQueue: WorkQueue; readonly createdAt: string };
    }
  | { readonly type: 'WorkPoolUpdated'; readonly data: { readonly poolId: string; readonly changes: Partial<WorkPoolSettings>; readonly updatedAt: string } }
  | { readonly type: 'WorkPoolDeleted'; readonly data: { readonly poolId: string; readonly name: string; readonly queueIds: readonly string[]; readonly deletedAt: string } }
  | {
      readonly type: 'WorkQueueCreated';
      readonly data: { readonly poolId: string; readonly poolName: string; readonly queue: WorkQueue; readonly reprioritized: Reprioritized; readonly createdAt: string };
    }
  | {
      readonly type: 'WorkQueueUpdated';
      readonly data: { readonly poolId: string; readonly queueId: string; readonly changes: Partial<WorkQueueSettings>; readonly reprioritized: Reprioritized; readonly updatedAt: string };
    }
  | {
      readonly type: 'WorkQueueDeleted';
      readonly data: { readonly poolId: string; readonly queueId: string; readonly name: string; readonly reprioritized: Reprioritized; readonly deletedAt: string };
    }
  | { readonly type: 'WorkerDeleted'; readonly data: { readonly poolId: string; readonly workerId: string; readonly name: string; readonly deletedAt: string } };

export type WorkPoolCommand =
  | {
      readonly type: 'CreateWorkPool';
      readonly data: {
        readonly poolId: string;
        readonly name: string;
        readonly type: string;
        readonly settings: WorkPoolSettings;
        readonly defaultQueueId: string;
        /** An existing pool is kept as it is instead of refused (the legacy default-agent-pool). */
        readonly ifAbsent: boolean;
        /** Only the server itself may create a pool whose name starts with "prefect". */
        readonly reservedAllowed?: boolean;
        readonly now: string;
      };
    }
  | { readonly type: 'UpdateWorkPool'; readonly data: { readonly changes: Partial<WorkPoolSettings>; readonly now: string } }
  | { readonly type: 'DeleteWorkPool'; readonly data: { readonly now: string } }
  | {
      readonly type: 'CreateWorkQueue';
      readonly data: {
        readonly queueId: string;
        readonly name: string;
        readonly description: string | null;
        readonly isPaused: boolean;
        readonly concurrencyLimit: number | null;
        /** null: the first free priority (Prefect: the lowest unused rank, else max + 1). */
        readonly priority: number | null;
        /** An existing queue of that name is kept instead of refused (deployments resolving a queue). */
        readonly ifAbsent: boolean;
        readonly now: string;
      };
    }
  | { readonly type: 'UpdateWorkQueue'; readonly data: { readonly queueId: string; readonly changes: Partial<WorkQueueSettings>; readonly now: string } }
  | { readonly type: 'DeleteWorkQueue'; readonly data: { readonly queueId: string; readonly now: string } }
  | { readonly type: 'DeleteWorker'; readonly data: { readonly workerId: string; readonly name: string; readonly now: string } };

export type WorkPoolState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'active';
      readonly poolId: string;
      readonly name: string;
      readonly type: string;
      readonly settings: WorkPoolSettings;
      readonly defaultQueueId: string;
      readonly queues: readonly WorkQueue[];
    }
  | { readonly status: 'deleted'; readonly poolId: string };

export type ActivePool = Extract<WorkPoolState, { status: 'active' }>;

export function isReservedPoolName(name: string): boolean {
  return name.toLowerCase().startsWith('prefect');
}

export function validateName(kind: string, name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw new ValidationError(`${kind} name must be a non-empty string`);
  if (FORBIDDEN_NAME_CHARACTERS.test(name)) throw new ValidationError(`${kind} name must not contain / % & > <`);
  return name;
}

function validateLimit(kind: string, limit: number | null | undefined): void {
  if (limit === null || limit === undefined) return;
  if (!Number.isInteger(limit) || limit < 0) throw new ValidationError(`${kind} concurrency_limit must be a non-negative integer`);
}

function validatePriority(priority: number | null | undefined): void {
  if (priority === null || priority === undefined) return;
  if (!Number.isInteger(priority) || priority < 1) throw new ValidationError('Work queue priority must be a positive integer');
}

/** The first priority not taken (a gap in 1, 2, 3, …), else one past the largest: Prefect's choice for a new queue. */
export function firstFreePriority(taken: readonly number[]): number {
  const sorted = [...taken].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) if (sorted[i] !== i + 1) return i + 1;
  return (sorted[sorted.length - 1] ?? 0) + 1;
}

/**
 * Prefect's `bulk_update_work_queue_priorities`: `queueId` takes `priority`; queues at or after it are
 * pushed down just enough to keep priorities unique and the order otherwise unchanged. Returns the
 * other queues whose priority changed.
 */
export function reprioritize(queues: readonly WorkQueue[], queueId: string | null, priority: number | null): Record<string, number> {
  const byPriority = (a: { priority: number; name: string }, b: { priority: number; name: string }) => a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const others = queues
    .filter((q) => q.queueId !== queueId)
    .map((q) => ({ id: q.queueId, name: q.name, priority: q.priority, original: q.priority }))
    .sort(byPriority);
  const order: { id: string; name: string; priority: number; original: number }[] = [...others];
  const moved = queueId === null || priority === null ? undefined : queues.find((q) => q.queueId === queueId);
  if (moved && priority !== null) {
    const entry = { id: moved.queueId, name: moved.name, priority, original: priority };
    const at = order.findIndex((q) => q.priority >= priority);
    if (at < 0) order.push(entry);
    else order.splice(at, 0, entry);
  }
  let last = 0;
  const out: Record<string, number> = {};
  for (const q of order) {
    if (q.priority <= last) q.priority = ++last;
    else last = q.priority;
    if (q.id !== queueId && q.priority !== q.original) out[q.id] = q.priority;
  }
  return out;
}

function applyPriorities(queues: readonly WorkQueue[], reprioritized: Reprioritized): WorkQueue[] {
  return queues.map((q) => (reprioritized[q.queueId] !== undefined ? { ...q, priority: reprioritized[q.queueId]! } : q));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  return v;
}

/** Only the fields that differ from `current`. */
function diff<T extends object>(current: T, changes: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(changes) as (keyof T)[]) {
    const value = changes[key];
    if (value === undefined) continue;
    if (!sameJson(current[key], value)) out[key] = value;
  }
  return out;
}

function activePool(state: WorkPoolState): ActivePool {
  if (state.status !== 'active') throw new NotFoundError('Work pool not found.');
  return state;
}

function queueOf(pool: ActivePool, queueId: string): WorkQueue {
  const q = pool.queues.find((x) => x.queueId === queueId);
  if (!q) throw new NotFoundError('Work queue not found.');
  return q;
}

export const workPoolDecider: Decider<WorkPoolState, WorkPoolCommand, WorkPoolEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve(state, event) {
    switch (event.type) {
      case 'WorkPoolCreated': {
        const d = event.data;
        return { status: 'active', poolId: d.poolId, name: d.name, type: d.type, settings: d.settings, defaultQueueId: d.defaultQueue.queueId, queues: [d.defaultQueue] };
      }
      case 'WorkPoolUpdated':
        return state.status === 'active' ? { ...state, settings: { ...state.settings, ...event.data.changes } } : state;
      case 'WorkPoolDeleted':
        return state.status === 'absent' ? state : { status: 'deleted', poolId: event.data.poolId };
      case 'WorkQueueCreated':
        return state.status === 'active' ? { ...state, queues: [...applyPriorities(state.queues, event.data.reprioritized), event.data.queue] } : state;
      case 'WorkQueueUpdated': {
        if (state.status !== 'active') return state;
        const { queueId, changes, reprioritized } = event.data;
        return { ...state, queues: applyPriorities(state.queues, reprioritized).map((q) => (q.queueId === queueId ? { ...q, ...changes } : q)) };
      }
      case 'WorkQueueDeleted':
        return state.status === 'active' ? { ...state, queues: applyPriorities(state.queues.filter((q) => q.queueId !== event.data.queueId), event.data.reprioritized) } : state;
      case 'WorkerDeleted':
        return state;
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'CreateWorkPool': {
        const c = command.data;
        if (state.status === 'active') {
          if (c.ifAbsent) return [];
          throw new AlreadyExistsError('A work pool with this name already exists.');
        }
        const name = validateName('Work pool', c.name);
        if (isReservedPoolName(name) && !c.reservedAllowed) throw new ForbiddenError("Work pools starting with 'Prefect' are reserved for internal use.");
        if (typeof c.type !== 'string' || c.type.trim() === '') throw new ValidationError('Work pool type must be a non-empty string');
        validateLimit('Work pool', c.settings.concurrencyLimit);
        const defaultQueue: WorkQueue = { queueId: c.defaultQueueId, name: DEFAULT_QUEUE_NAME, description: DEFAULT_QUEUE_DESCRIPTION, isPaused: false, concurrencyLimit: null, priority: 1 };
        return [{ type: 'WorkPoolCreated', data: { poolId: c.poolId, name, type: c.type, settings: c.settings, defaultQueue, createdAt: c.now } }];
      }
      case 'UpdateWorkPool': {
        const pool = activePool(state);
        validateLimit('Work pool', command.data.changes.concurrencyLimit);
        const changes = diff(pool.settings, command.data.changes);
        if (Object.keys(changes).length === 0) return [];
        return [{ type: 'WorkPoolUpdated', data: { poolId: pool.poolId, changes, updatedAt: command.data.now } }];
      }
      case 'DeleteWorkPool': {
        const pool = activePool(state);
        return [{ type: 'WorkPoolDeleted', data: { poolId: pool.poolId, name: pool.name, queueIds: pool.queues.map((q) => q.queueId), deletedAt: command.data.now } }];
      }
      case 'CreateWorkQueue': {
        const pool = activePool(state);
        const c = command.data;
        const name = validateName('Work queue', c.name);
        if (pool.queues.some((q) => q.name === name)) {
          if (c.ifAbsent) return [];
          throw new AlreadyExistsError(`A work queue with this name already exists in work pool '${pool.name}'.`);
        }
        validateLimit('Work queue', c.concurrencyLimit);
        validatePriority(c.priority);
        const queue: WorkQueue = {
          queueId: c.queueId,
          name,
          description: c.description,
          isPaused: c.isPaused,
          concurrencyLimit: c.concurrencyLimit,
          priority: c.priority ?? firstFreePriority(pool.queues.map((q) => q.priority)),
        };
        const reprioritized = c.priority === null ? {} : reprioritize([...pool.queues, queue], queue.queueId, queue.priority);
        return [{ type: 'WorkQueueCreated', data: { poolId: pool.poolId, poolName: pool.name, queue, reprioritized, createdAt: c.now } }];
      }
      case 'UpdateWorkQueue': {
        const pool = activePool(state);
        const c = command.data;
        const queue = queueOf(pool, c.queueId);
        if (c.changes.name !== undefined) {
          validateName('Work queue', c.changes.name);
          if (c.changes.name !== queue.name && pool.queues.some((q) => q.name === c.changes.name)) throw new AlreadyExistsError(`A work queue with this name already exists in work pool '${pool.name}'.`);
          if (queue.queueId === pool.defaultQueueId && c.changes.name !== queue.name) throw new ValidationError("The default queue of a work pool can't be renamed.");
        }
        validateLimit('Work queue', c.changes.concurrencyLimit);
        validatePriority(c.changes.priority);
        const changes = diff(queue, c.changes);
        if (Object.keys(changes).length === 0) return [];
        const reprioritized = changes.priority === undefined ? {} : reprioritize(pool.queues, queue.queueId, changes.priority);
        return [{ type: 'WorkQueueUpdated', data: { poolId: pool.poolId, queueId: queue.queueId, changes, reprioritized, updatedAt: c.now } }];
      }
      case 'DeleteWorkQueue': {
        const pool = activePool(state);
        const queue = queueOf(pool, command.data.queueId);
        if (queue.queueId === pool.defaultQueueId) throw new ValidationError("Can't delete a pool's default queue.");
        const rest = pool.queues.filter((q) => q.queueId !== queue.queueId);
        return [{ type: 'WorkQueueDeleted', data: { poolId: pool.poolId, queueId: queue.queueId, name: queue.name, reprioritized: reprioritize(rest, null, null), deletedAt: command.data.now } }];
      }
      case 'DeleteWorker': {
        const pool = activePool(state);
        return [{ type: 'WorkerDeleted', data: { poolId: pool.poolId, workerId: command.data.workerId, name: command.data.name, deletedAt: command.data.now } }];
      }
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};
