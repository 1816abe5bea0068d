import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../../../shared/errors';
import { DEFAULT_AGENT_WORK_POOL_NAME, type ActivePool, type WorkQueue } from '../../domain/work-pool/work-pool';
import type { Caller } from '../caller';
import { OrchestrationReads } from '../orchestration-reads';
import { WorkPoolUseCases } from './work-pool.use-cases';

/** Where a deployment's runs go: the pool and queue, by id and name. */
export interface ResolvedWorkQueue {
  readonly work_pool_id: string | null;
  readonly work_pool_name: string | null;
  readonly work_queue_id: string;
  readonly work_queue_name: string;
}

/** Creating a queue on the way is part of writing the deployment, so it needs what that needs. */
const IMPLICIT_QUEUE_PERMISSION = 'write_deployments';

const resolved = (pool: ActivePool, queue: WorkQueue): ResolvedWorkQueue => ({
  work_pool_id: pool.poolId,
  work_pool_name: pool.name,
  work_queue_id: queue.queueId,
  work_queue_name: queue.name,
});

/**
 * What other parts of orchestration (deployments) need from work pools: resolving a pool and queue
 * by name the way Prefect does when a deployment is created or updated.
 */
@Injectable()
export class WorkPoolDirectory {
  constructor(
    private readonly pools: WorkPoolUseCases,
    private readonly reads: OrchestrationReads,
  ) {}

  /**
   * `poolName` given: the pool must exist (NotFoundError otherwise); `queueName` null → the pool's
   * default queue; a queue name the pool lacks → that queue is created in the pool (as Prefect does).
   * `poolName` null and `queueName` given: Prefect's legacy behaviour for a queue without a pool.
   * Both null → null (a deployment served by `flow.serve()` has neither).
   */
  async resolve(caller: Caller, poolName: string | null, queueName: string | null): Promise<ResolvedWorkQueue | null> {
    if (poolName === null && queueName === null) return null;
    if (poolName !== null) {
      const pool = await this.pools.load(caller, poolName);
      if (!pool) throw new NotFoundError(`Work pool "${poolName}" not found.`);
      if (queueName === null) return resolved(pool, pool.queues.find((q) => q.queueId === pool.defaultQueueId)!);
      const existing = pool.queues.find((q) => q.name === queueName);
      if (existing) return resolved(pool, existing);
      const r = await this.pools.createQueue(caller, poolName, { name: queueName, description: null, isPaused: false, concurrencyLimit: null, priority: null }, { ifAbsent: true, permission: IMPLICIT_QUEUE_PERMISSION });
      await this.reads.afterWrite(r.position);
      return resolved(r.pool, r.queue);
    }
    // Prefect's `ensure_work_queue_exists`: a queue without a pool lives in the default agent pool
    // (created on first use); a new one takes priority 1.
    const agent = await this.pools.ensureAgentPool(caller, IMPLICIT_QUEUE_PERMISSION);
    const existing = agent.pool.queues.find((q) => q.name === queueName);
    if (existing) {
      await this.reads.afterWrite(agent.position);
      return resolved(agent.pool, existing);
    }
    const r = await this.pools.createQueue(caller, agent.pool.name, { name: queueName!, description: null, isPaused: false, concurrencyLimit: null, priority: 1 }, { ifAbsent: true, permission: IMPLICIT_QUEUE_PERMISSION });
    await this.reads.afterWrite(r.position);
    return resolved(r.pool, r.queue);
  }

  /** Looks a pool and queue up by name without creating anything; undefined when either is missing. */
  async find(caller: Caller, poolName: string | null, queueName: string | null): Promise<ResolvedWorkQueue | undefined> {
    const pool = await this.pools.load(caller, poolName ?? DEFAULT_AGENT_WORK_POOL_NAME);
    if (!pool) return undefined;
    const queue = queueName === null ? pool.queues.find((q) => q.queueId === pool.defaultQueueId) : pool.queues.find((q) => q.name === queueName);
    return queue ? resolved(pool, queue) : undefined;
  }
}
