import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Filter } from '../../../../infrastructure/read-store/read-store.port';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import {
  DEPLOYMENT_POLLS,
  DEPLOYMENTS,
  FLOW_RUNS,
  WORK_QUEUE_POLLS,
  WORKERS,
  type DeploymentDoc,
  type DeploymentPollDoc,
  type FlowRunDoc,
  type WorkerDoc,
  type WorkPoolDoc,
  type WorkQueueDoc,
  type WorkQueuePollDoc,
} from '../../read-models';
import type { TenantScope } from '../orchestration-reads';
import { OrchestrationReads } from '../orchestration-reads';
import { WorkPoolReads } from './work-pool-reads';
import { runsOfPool, runsOfQueue } from './work-pool-status';
import { workerIdFor } from './work-pool.use-cases';

/** Poll records (queue and deployment `last_polled`) are written at most this often each. */
const POLL_RECORD_EVERY_MS = 1_000;

export interface ScheduledRunsQuery {
  /** Empty or absent: every queue of the pool. */
  readonly queueNames: readonly string[];
  readonly scheduledBefore: string | undefined;
  readonly scheduledAfter: string | undefined;
  readonly limit: number;
}

export interface ScheduledRun {
  readonly work_pool_id: string;
  readonly work_queue_id: string;
  readonly run: FlowRunDoc;
}

/**
 * Heartbeats and polls are telemetry (ARCHITECTURE.md): they go straight to the read store, one
 * document per worker and per polled queue, never an event per heartbeat. The status monitor turns
 * their consequences (a worker going offline, a queue becoming ready) into events.
 */
@Injectable()
export class WorkerTelemetry implements OnModuleInit {
  /** When this process last wrote each poll record (see pollRecordDue). */
  private readonly lastPollRecord = new Map<string, number>();

  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly reads: OrchestrationReads,
    private readonly pools: WorkPoolReads,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.readStore.ensureCollection(WORKERS, [{ name: 'workers_scope_pool', fields: [{ field: '_workspace' }, { field: 'work_pool_id' }] }]);
    await this.readStore.ensureCollection(WORK_QUEUE_POLLS);
    await this.readStore.ensureCollection(DEPLOYMENT_POLLS);
  }

  /** Prefect's `record_worker_heartbeat`: upserts the worker of that name in the pool; returns its id. */
  async heartbeat(ws: TenantScope, poolName: string, input: { name: string; heartbeatIntervalSeconds: number | null; metadata: Record<string, unknown> | null }): Promise<string> {
    const pool = await this.pools.poolByName(ws, poolName);
    const id = workerIdFor(pool.id, input.name);
    const now = this.pools.nowIso();
    const existing = await this.reads.scoped(ws).get<WorkerDoc>(WORKERS, id);
    const doc: WorkerDoc = {
      _id: id,
      _account: ws.accountId,
      _workspace: ws.workspaceId,
      id,
      created: existing?.created ?? now,
      updated: now,
      name: input.name,
      work_pool_id: pool.id,
      last_heartbeat_time: now,
      heartbeat_interval_seconds: input.heartbeatIntervalSeconds ?? existing?.heartbeat_interval_seconds ?? null,
      metadata: input.metadata ?? existing?.metadata ?? null,
    };
    await this.readStore.put(WORKERS, doc);
    return id;
  }

  /**
   * Prefect's `get_scheduled_flow_runs` for one pool: SCHEDULED runs due by `scheduledBefore` in the
   * pool's unpaused queues, by queue priority then scheduled time, within the free slots of each
   * queue and of the pool. Records the poll on the queues and their deployments.
   */
  async scheduledRuns(ws: TenantScope, pool: WorkPoolDoc, queues: readonly WorkQueueDoc[], q: ScheduledRunsQuery, options: { recordPoll?: boolean } = {}): Promise<ScheduledRun[]> {
    const record = options.recordPoll ?? true;
    if (record) await this.recordPoll(ws, pool, queues);
    const out: ScheduledRun[] = [];
    if (pool.is_paused) {
      if (record) await this.recordDeploymentPolls(ws, queues, out);
      return out;
    }
    let poolFree = pool.concurrency_limit === null ? Infinity : Math.max(0, pool.concurrency_limit - (await this.pools.activeSlots(ws, runsOfPool(pool))));
    for (const queue of [...queues].sort((a, b) => a.priority - b.priority)) {
      const room = Math.min(q.limit - out.length, poolFree);
      if (room <= 0) break;
      if (queue.is_paused) continue;
      const queueFree = queue.concurrency_limit === null ? Infinity : Math.max(0, queue.concurrency_limit - (await this.pools.activeSlots(ws, runsOfQueue(queue))));
      const take = Math.min(room, queueFree);
      if (take <= 0) continue;
      const runs = await this.reads.scoped(ws).find<FlowRunDoc>(FLOW_RUNS, this.dueRuns(queue, q), {
        sort: [{ field: 'next_scheduled_start_time', direction: 'asc' }],
        limit: take,
      });
      for (const run of runs) out.push({ work_pool_id: pool.id, work_queue_id: queue.id, run });
      poolFree -= runs.length;
    }
    if (record) await this.recordDeploymentPolls(ws, queues, out);
    return out;
  }

  private dueRuns(queue: WorkQueueDoc, q: ScheduledRunsQuery): Filter {
    const parts: Filter[] = [runsOfQueue(queue), { state_type: 'SCHEDULED' }, { 'empirical_policy.retry_type': { $ne: 'in_process' } }];
    if (q.scheduledBefore) parts.push({ next_scheduled_start_time: { $lte: q.scheduledBefore } });
    if (q.scheduledAfter) parts.push({ next_scheduled_start_time: { $gte: q.scheduledAfter } });
    return { $and: parts };
  }

  /**
   * Whether the poll of `key` (a queue, a pool's queue set, a deployment) should be written now:
   * at most once a second each. Workers poll in tight loops; statuses need only seconds
   * (READY means polled within the last 60 s), so the rest would only be write load.
   */
  private pollRecordDue(key: string): boolean {
    const now = Date.now();
    const last = this.lastPollRecord.get(key);
    if (last !== undefined && now - last < POLL_RECORD_EVERY_MS) return false;
    this.lastPollRecord.set(key, now);
    return true;
  }

  private async recordPoll(ws: TenantScope, pool: WorkPoolDoc, queues: readonly WorkQueueDoc[]): Promise<void> {
    const now = this.pools.nowIso();
    const due = queues.filter((queue) => this.pollRecordDue(`queue:${queue.id}`));
    if (due.length === 0) return;
    await this.readStore.writeBatch(
      due.map((queue) => ({
        kind: 'put' as const,
        collection: WORK_QUEUE_POLLS,
        doc: { _id: queue.id, _account: ws.accountId, _workspace: ws.workspaceId, work_pool_id: pool.id, last_polled: now } satisfies WorkQueuePollDoc,
      })),
    );
  }

  /** Prefect marks the deployments of the polled queues ready; the runs handed out count too. */
  private async recordDeploymentPolls(ws: TenantScope, queues: readonly WorkQueueDoc[], runs: readonly ScheduledRun[]): Promise<void> {
    const ids = new Set<string>();
    for (const r of runs) if (r.run.deployment_id) ids.add(r.run.deployment_id);
    const queueIds = queues.map((q) => q.id).sort();
    if (queueIds.length > 0 && this.pollRecordDue(`deployments-of:${queueIds.join(',')}`)) {
      const deployments = await this.reads.scoped(ws).find<DeploymentDoc>(DEPLOYMENTS, { work_queue_id: { $in: queueIds } });
      for (const d of deployments) ids.add(d.id);
    }
    const due = [...ids].filter((id) => this.pollRecordDue(`deployment:${id}`));
    if (due.length === 0) return;
    const now = this.pools.nowIso();
    await this.readStore.writeBatch(
      due.map((id) => ({ kind: 'put' as const, collection: DEPLOYMENT_POLLS, doc: { _id: id, _account: ws.accountId, _workspace: ws.workspaceId, last_polled: now } satisfies DeploymentPollDoc })),
    );
  }
}

