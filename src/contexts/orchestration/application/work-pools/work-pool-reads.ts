import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../../shared/application';
import { microIso } from '../../../../shared/ddd';
import { NotFoundError } from '../../../../shared/errors';
import type { Filter, FindOptions } from '../../../../infrastructure/read-store/read-store.port';
import { FLOW_RUNS, WORK_POOLS, type FlowRunDoc, WORK_QUEUE_POLLS, WORK_QUEUES, WORKERS, type WorkerDoc, type WorkPoolDoc, type WorkQueueDoc, type WorkQueuePollDoc } from '../../read-models';
import { OrchestrationReads, type TenantScope } from '../orchestration-reads';
import { poolStatus, queueStatus, runsOfPool, runsOfQueue, SLOT_HOLDING_STATES, workerStatus, type WorkerStatus } from './work-pool-status';

const publicFields = <D extends Record<string, unknown>>(doc: D) => {
  const { _id, _pos, _account, _workspace, ...rest } = doc;
  return rest;
};

/** Prefect's WorkPool JSON. */
export type WorkPool = ReturnType<WorkPoolReads['toWorkPool']>;

/**
 * Work pools, queues and workers as Prefect shows them: the configuration from the read models
 * plus what is derived at read time (status, last_polled, active_slots).
 */
@Injectable()
export class WorkPoolReads {
  constructor(
    private readonly reads: OrchestrationReads,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  nowMs(): number {
    return this.clock.now().getTime();
  }

  async poolByName(ws: TenantScope, name: string): Promise<WorkPoolDoc> {
    const [pool] = await this.reads.scoped(ws).find<WorkPoolDoc>(WORK_POOLS, { name }, { limit: 1 });
    if (!pool) throw new NotFoundError(`Work pool "${name}" not found.`);
    return pool;
  }

  async queueByName(ws: TenantScope, pool: WorkPoolDoc, name: string): Promise<WorkQueueDoc> {
    const [queue] = await this.reads.scoped(ws).find<WorkQueueDoc>(WORK_QUEUES, { work_pool_id: pool.id, name }, { limit: 1 });
    if (!queue) throw new NotFoundError(`Work pool queue '${pool.name}/${name}' not found.`);
    return queue;
  }

  async queueById(ws: TenantScope, id: string): Promise<WorkQueueDoc> {
    return this.reads.getOrThrow<WorkQueueDoc>(ws, WORK_QUEUES, id, 'work queue not found');
  }

  findPools(ws: TenantScope, filter: Filter | undefined, options: FindOptions): Promise<WorkPoolDoc[]> {
    return this.reads.scoped(ws).find<WorkPoolDoc>(WORK_POOLS, filter, options);
  }

  countPools(ws: TenantScope, filter: Filter | undefined): Promise<number> {
    return this.reads.scoped(ws).count(WORK_POOLS, filter);
  }

  /** A pool's queues by ascending priority (Prefect's order). */
  queuesOf(ws: TenantScope, poolId: string, filter?: Filter, options: FindOptions = {}): Promise<WorkQueueDoc[]> {
    const f: Filter = filter ? { $and: [{ work_pool_id: poolId }, filter] } : { work_pool_id: poolId };
    return this.reads.scoped(ws).find<WorkQueueDoc>(WORK_QUEUES, f, { sort: [{ field: 'priority', direction: 'asc' }], ...options });
  }

  findQueues(ws: TenantScope, filter: Filter | undefined, options: FindOptions): Promise<WorkQueueDoc[]> {
    return this.reads.scoped(ws).find<WorkQueueDoc>(WORK_QUEUES, filter, options);
  }

  workersOf(ws: TenantScope, poolId: string): Promise<WorkerDoc[]> {
    return this.reads.scoped(ws).find<WorkerDoc>(WORKERS, { work_pool_id: poolId }, { sort: [{ field: 'last_heartbeat_time', direction: 'desc' }] });
  }

  async lastPolled(ws: TenantScope, queueIds: readonly string[]): Promise<Map<string, string>> {
    const polls = await this.reads.scoped(ws).getMany<WorkQueuePollDoc>(WORK_QUEUE_POLLS, queueIds);
    return new Map(polls.map((p) => [p._id, p.last_polled]));
  }

  /** Runs holding a slot of the pool or queue (PENDING, RUNNING, CANCELLING). */
  activeSlots(ws: TenantScope, runs: Filter): Promise<number> {
    return this.reads.scoped(ws).count(FLOW_RUNS, { $and: [runs, { state_type: { $in: [...SLOT_HOLDING_STATES] } }] });
  }

  /**
   * Prefect's FlowRunSlotSummary of the runs holding slots of `runs`, oldest state first.
   * `time_in_current_state` is an ISO-8601 duration, as pydantic writes a timedelta.
   */
  async slotHolders(ws: TenantScope, runs: Filter, options: FindOptions) {
    const docs = await this.reads.scoped(ws).find<FlowRunDoc>(FLOW_RUNS, { $and: [runs, { state_type: { $in: [...SLOT_HOLDING_STATES] } }] }, { sort: [{ field: 'state.timestamp', direction: 'asc' }], ...options });
    const now = this.nowMs();
    return docs.map((r) => {
      const at = r.state?.timestamp ?? null;
      return {
        id: r.id,
        name: r.name,
        state_type: r.state_type,
        state_name: r.state_name,
        start_time: r.start_time,
        state_timestamp: at,
        time_in_current_state: at === null ? null : `PT${Math.max(0, (now - Date.parse(at)) / 1000).toFixed(6).replace(/\.?0+$/, '')}S`,
      };
    });
  }

  async presentPools(ws: TenantScope, pools: readonly WorkPoolDoc[]) {
    const now = this.nowMs();
    return Promise.all(
      pools.map(async (pool) => {
        const online = (await this.workersOf(ws, pool.id)).filter((w) => workerStatus(w, now) === 'ONLINE').length;
        const active = pool.concurrency_limit === null ? null : await this.activeSlots(ws, runsOfPool(pool));
        return this.toWorkPool(pool, poolStatus(pool, online), active);
      }),
    );
  }

  toWorkPool(pool: WorkPoolDoc, status: string | null, activeSlots: number | null) {
    return { ...publicFields(pool), status, active_slots: activeSlots };
  }

  async presentQueues(ws: TenantScope, queues: readonly WorkQueueDoc[]) {
    const now = this.nowMs();
    const polled = await this.lastPolled(ws, queues.map((q) => q.id));
    return Promise.all(
      queues.map(async (q) => {
        const lastPolled = polled.get(q.id) ?? null;
        const active = q.concurrency_limit === null ? null : await this.activeSlots(ws, runsOfQueue(q));
        return { ...publicFields(q), last_polled: lastPolled, status: queueStatus(q, lastPolled, now), active_slots: active };
      }),
    );
  }

  toWorker(w: WorkerDoc, now: number): { status: WorkerStatus } & Record<string, unknown> {
    return {
      id: w.id,
      created: w.created,
      updated: w.updated,
      name: w.name,
      work_pool_id: w.work_pool_id,
      last_heartbeat_time: w.last_heartbeat_time,
      heartbeat_interval_seconds: w.heartbeat_interval_seconds,
      status: workerStatus(w, now),
    };
  }

  nowIso(): string {
    return microIso(this.clock.now());
  }
}
