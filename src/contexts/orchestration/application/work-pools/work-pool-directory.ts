import { Injectable } from '@nestjs/common';
import type { Caller } from '../caller';

/** Where a deployment's runs go: the pool and queue, by id and name. */
export interface ResolvedWorkQueue {
  readonly work_pool_id: string | null;
  readonly work_pool_name: string | null;
  readonly work_queue_id: string;
  readonly work_queue_name: string;
}

/**
 * What other parts of orchestration (deployments) need from work pools: resolving a pool and queue
 * by name the way Prefect does when a deployment is created or updated.
 */
@Injectable()
export class WorkPoolDirectory {
  /**
   * `poolName` given: the pool must exist (NotFoundError otherwise); `queueName` null → the pool's
   * default queue; a queue name the pool lacks → that queue is created in the pool (as Prefect does).
   * `poolName` null and `queueName` given: Prefect's legacy behaviour for a queue without a pool.
   * Both null → null (a deployment served by `flow.serve()` has neither).
   */
  async resolve(caller: Caller, poolName: string | null, queueName: string | null): Promise<ResolvedWorkQueue | null> {
    void caller;
    void poolName;
    void queueName;
    throw new Error('WorkPoolDirectory.resolve is not implemented yet');
  }
}
