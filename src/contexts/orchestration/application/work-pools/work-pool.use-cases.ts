import { Inject, Injectable } from '@nestjs/common';
import { CommandRunner, nameBasedUuid } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { NotFoundError } from '../../../../shared/errors';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import {
  AGENT_POOL_TYPE,
  DEFAULT_AGENT_WORK_POOL_NAME,
  workPoolDecider,
  type ActivePool,
  type WorkPoolCommand,
  type WorkPoolSettings,
  type WorkQueue,
  type WorkQueueSettings,
} from '../../domain/work-pool/work-pool';
import { WORK_QUEUE_POLLS, WORK_STATUS_MARKS, WORKERS, type WorkerDoc } from '../../read-models';
import { expectedRevisionOf, type Caller } from '../caller';

/** A pool's id follows from its workspace and name, so the pool's stream itself keeps names unique. */
export const workPoolIdFor = (workspaceId: string, name: string) => nameBasedUuid(`praetor:work-pool:${workspaceId}`, name);
/** A worker's id follows from its pool and name: heartbeats of one worker always meet one document. */
export const workerIdFor = (poolId: string, name: string) => nameBasedUuid(`praetor:worker:${poolId}`, name);

export const EMPTY_STORAGE_CONFIGURATION = { bundle_upload_step: null, bundle_execution_step: null, default_result_storage_block_id: null } as const;

export interface CreatePoolInput {
  readonly name: string;
  readonly type: string;
  readonly settings: WorkPoolSettings;
}

export interface CreateQueueInput {
  readonly name: string;
  readonly description: string | null;
  readonly isPaused: boolean;
  readonly concurrencyLimit: number | null;
  readonly priority: number | null;
}

export interface Written {
  readonly position: number | undefined;
}

/**
 * The work-pool use cases: each is one command on the pool's stream (queues live in their pool's
 * aggregate). Permissions follow Prefect Cloud: writes need `write_x`, deletions `manage_x`.
 */
@Injectable()
export class WorkPoolUseCases {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  private run(c: Caller, poolId: string, permission: string, command: (now: string) => WorkPoolCommand) {
    return this.runner.run({ principal: c.principal, request: c.request, scope: c.scope, permission, decider: workPoolDecider, stream: streamName('workPool', poolId), command, ...expectedRevisionOf(c) });
  }

  /** The pool as its stream has it right now (no read-model lag); undefined when absent or deleted. */
  async load(c: Caller, poolName: string): Promise<ActivePool | undefined> {
    const poolId = workPoolIdFor(c.scope.workspaceId, poolName);
    const { state } = await this.runner.deciders.load(workPoolDecider, streamName('workPool', poolId));
    return state.status === 'active' ? state : undefined;
  }

  async createPool(c: Caller, input: CreatePoolInput, options: { ifAbsent?: boolean; permission?: string } = {}): Promise<Written & { poolId: string; pool: ActivePool }> {
    const poolId = workPoolIdFor(c.scope.workspaceId, input.name);
    const defaultQueueId = this.runner.uuid();
    const r = await this.run(c, poolId, options.permission ?? 'write_work_pools', (now) => ({
      type: 'CreateWorkPool',
      data: { poolId, name: input.name, type: input.type, settings: input.settings, defaultQueueId, ifAbsent: options.ifAbsent ?? false, now },
    }));
    return { poolId, position: r.position, pool: r.state as ActivePool };
  }

  async updatePool(c: Caller, poolName: string, changes: Partial<WorkPoolSettings>): Promise<Written> {
    const r = await this.run(c, await this.existingPoolId(c, poolName), 'write_work_pools', (now) => ({ type: 'UpdateWorkPool', data: { changes, now } }));
    return { position: r.position };
  }

  async deletePool(c: Caller, poolName: string): Promise<Written> {
    const poolId = await this.existingPoolId(c, poolName);
    const r = await this.run(c, poolId, 'manage_work_pools', (now) => ({ type: 'DeleteWorkPool', data: { now } }));
    // Its workers and its queues' poll times are telemetry of a pool that no longer exists.
    const queueIds = r.events.flatMap((e) => (e.type === 'WorkPoolDeleted' ? e.data.queueIds : []));
    await this.dropTelemetry(c, poolId, queueIds);
    return { position: r.position };
  }

  async createQueue(c: Caller, poolName: string, input: CreateQueueInput, options: { ifAbsent?: boolean; permission?: string } = {}): Promise<Written & { queue: WorkQueue; pool: ActivePool }> {
    const poolId = await this.existingPoolId(c, poolName);
    const queueId = this.runner.uuid();
    const r = await this.run(c, poolId, options.permission ?? 'write_work_queues', (now) => ({ type: 'CreateWorkQueue', data: { queueId, ...input, ifAbsent: options.ifAbsent ?? false, now } }));
    const pool = r.state as ActivePool;
    const queue = pool.queues.find((q) => q.name === input.name)!;
    return { position: r.position, queue, pool };
  }

  async updateQueue(c: Caller, poolId: string, queueId: string, changes: Partial<WorkQueueSettings>): Promise<Written> {
    const r = await this.run(c, poolId, 'write_work_queues', (now) => ({ type: 'UpdateWorkQueue', data: { queueId, changes, now } }));
    return { position: r.position };
  }

  async deleteQueue(c: Caller, poolId: string, queueId: string): Promise<Written> {
    const r = await this.run(c, poolId, 'manage_work_queues', (now) => ({ type: 'DeleteWorkQueue', data: { queueId, now } }));
    if (r.events.length > 0) {
      await this.readStore.delete(WORK_QUEUE_POLLS, queueId);
      await this.readStore.delete(WORK_STATUS_MARKS, queueId);
    }
    return { position: r.position };
  }

  /** Deleting a worker is a user action (an event with its actor); its heartbeat document goes with it. */
  async deleteWorker(c: Caller, poolName: string, workerName: string): Promise<Written> {
    const poolId = await this.existingPoolId(c, poolName);
    const workerId = workerIdFor(poolId, workerName);
    const doc = await this.readStore.get<WorkerDoc>(WORKERS, workerId);
    if (!doc || doc._workspace !== c.scope.workspaceId || doc._account !== c.scope.accountId) throw new NotFoundError('Worker not found.');
    const r = await this.run(c, poolId, 'manage_workers', (now) => ({ type: 'DeleteWorker', data: { workerId, name: workerName, now } }));
    await this.readStore.delete(WORKERS, workerId);
    await this.readStore.delete(WORK_STATUS_MARKS, workerId);
    return { position: r.position };
  }

  /** Prefect's `default-agent-pool`, home of the queues created without a pool (legacy `/work_queues`). */
  async ensureAgentPool(c: Caller, permission: string): Promise<Written & { pool: ActivePool }> {
    const existing = await this.load(c, DEFAULT_AGENT_WORK_POOL_NAME);
    if (existing) return { pool: existing, position: undefined };
    const settings: WorkPoolSettings = { description: null, baseJobTemplate: {}, isPaused: false, concurrencyLimit: null, storageConfiguration: EMPTY_STORAGE_CONFIGURATION };
    const r = await this.createPool(c, { name: DEFAULT_AGENT_WORK_POOL_NAME, type: AGENT_POOL_TYPE, settings }, { ifAbsent: true, permission });
    return { pool: r.pool, position: r.position };
  }

  private async existingPoolId(c: Caller, poolName: string): Promise<string> {
    const pool = await this.load(c, poolName);
    if (!pool) throw new NotFoundError(`Work pool "${poolName}" not found.`);
    return pool.poolId;
  }

  private async dropTelemetry(c: Caller, poolId: string, queueIds: readonly string[]): Promise<void> {
    const workers = await this.readStore.find<WorkerDoc>(WORKERS, { _account: c.scope.accountId, _workspace: c.scope.workspaceId, work_pool_id: poolId });
    const ids = [...workers.map((w) => w._id), ...queueIds, poolId];
    await this.readStore.writeBatch([
      ...workers.map((w) => ({ kind: 'delete' as const, collection: WORKERS, id: w._id })),
      ...queueIds.map((id) => ({ kind: 'delete' as const, collection: WORK_QUEUE_POLLS, id })),
      ...ids.map((id) => ({ kind: 'delete' as const, collection: WORK_STATUS_MARKS, id })),
    ]);
  }
}
