import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../../config/config';
import type { Monitor } from '../../../../infrastructure/reactors/monitor-runner';
import { ReactorRegistry } from '../../../../infrastructure/reactors/reactor-registry';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { CLOCK, nameBasedUuid, SYSTEM_PRINCIPAL, type Clock } from '../../../../shared/application';
import { microIso } from '../../../../shared/ddd';
import { WORK_POOLS, WORK_QUEUE_POLLS, WORK_QUEUES, WORK_STATUS_MARKS, WORKERS, type WorkerDoc, type WorkPoolDoc, type WorkQueueDoc, type WorkQueuePollDoc, type WorkStatusMarkDoc } from '../../read-models';
import { EventsService } from '../events/events.service';
import type { PrefectEvent } from '../events/prefect-event';
import type { TenantScope } from '../orchestration-reads';
import { poolStatus, queueStatus, workerStatus } from './work-pool-status';

/** Prefect links a pool's status event to the previous one when they are this close (`follows`). */
const FOLLOWS_WITHIN_MS = 10 * 60 * 1000;

const kebab = (status: string) => status.toLowerCase().replaceAll('_', '-');

interface Change {
  readonly scope: TenantScope;
  readonly mark: WorkStatusMarkDoc;
  readonly event: PrefectEvent;
}

/**
 * Derives pool and queue statuses from configuration and telemetry (worker heartbeats, queue polls)
 * and publishes each change once as Prefect's `prefect.work-pool.<status>` /
 * `prefect.work-queue.<status>` event. The last published status per resource is kept in
 * WORK_STATUS_MARKS; an event's id follows from the resource (and its creation time: a pool deleted
 * and created again has the same id) and the mark's sequence number, so a
 * run cut short between publishing and marking publishes the same event again, which is stored once.
 * A new pool publishes its first status (as Prefect does on create); a new queue starts NOT_READY silently.
 */
@Injectable()
export class WorkStatusMonitor implements Monitor, OnModuleInit {
  readonly name = 'work-status';
  readonly intervalMs: number;

  constructor(
    private readonly registry: ReactorRegistry,
    private readonly events: EventsService,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.intervalMs = config.monitorLoopSeconds * 1000;
  }

  async onModuleInit(): Promise<void> {
    await this.readStore.ensureCollection(WORK_STATUS_MARKS);
    this.registry.registerMonitor(this);
  }

  async run(): Promise<void> {
    const [pools, queues, workers, polls, marks] = await Promise.all([
      this.readStore.find<WorkPoolDoc>(WORK_POOLS),
      this.readStore.find<WorkQueueDoc>(WORK_QUEUES),
      this.readStore.find<WorkerDoc>(WORKERS),
      this.readStore.find<WorkQueuePollDoc>(WORK_QUEUE_POLLS),
      this.readStore.find<WorkStatusMarkDoc>(WORK_STATUS_MARKS),
    ]);
    const nowDate = this.clock.now();
    const now = nowDate.getTime();
    const occurred = microIso(nowDate);
    const markOf = new Map(marks.map((m) => [m._id, m]));
    const online = new Map<string, number>();
    for (const w of workers) if (workerStatus(w, now) === 'ONLINE') online.set(w.work_pool_id, (online.get(w.work_pool_id) ?? 0) + 1);
    const polled = new Map(polls.map((p) => [p._id, p.last_polled]));
    const poolById = new Map(pools.map((p) => [p._id, p]));
    const changes: Change[] = [];

    for (const pool of pools) {
      const status = poolStatus(pool, online.get(pool.id) ?? 0);
      if (status === null) continue;
      const mark = markOf.get(pool.id);
      if (mark?.status === status) continue;
      const seq = (mark?.seq ?? 0) + 1;
      const id = nameBasedUuid('praetor:work-status-event', `${pool.id}/${pool.created}/${seq}/${status}`);
      const follows = mark && now - Date.parse(mark.since) < FOLLOWS_WITHIN_MS ? mark.event_id : null;
      changes.push({
        scope: { accountId: pool._account!, workspaceId: pool._workspace! },
        mark: { _id: pool.id, _account: pool._account, _workspace: pool._workspace, kind: 'work-pool', status, seq, since: occurred, event_id: id },
        event: {
          id,
          occurred,
          event: `prefect.work-pool.${kebab(status)}`,
          resource: { 'prefect.resource.id': `prefect.work-pool.${pool.id}`, 'prefect.resource.name': pool.name, 'prefect.work-pool.type': pool.type },
          related: [],
          payload: {},
          follows,
        },
      });
    }

    for (const queue of queues) {
      const status = queueStatus(queue, polled.get(queue.id) ?? null, now);
      const mark = markOf.get(queue.id);
      if ((mark?.status ?? 'NOT_READY') === status) continue;
      const seq = (mark?.seq ?? 0) + 1;
      const id = nameBasedUuid('praetor:work-status-event', `${queue.id}/${queue.created}/${seq}/${status}`);
      const pool = poolById.get(queue.work_pool_id);
      changes.push({
        scope: { accountId: queue._account!, workspaceId: queue._workspace! },
        mark: { _id: queue.id, _account: queue._account, _workspace: queue._workspace, kind: 'work-queue', status, seq, since: occurred, event_id: id },
        event: {
          id,
          occurred,
          event: `prefect.work-queue.${kebab(status)}`,
          resource: { 'prefect.resource.id': `prefect.work-queue.${queue.id}`, 'prefect.resource.name': queue.name, 'prefect.resource.role': 'work-queue' },
          related: pool
            ? [{ 'prefect.resource.id': `prefect.work-pool.${pool.id}`, 'prefect.resource.name': pool.name, 'prefect.work-pool.type': pool.type, 'prefect.resource.role': 'work-pool' }]
            : [],
          payload: {},
          follows: null,
        },
      });
    }

    const byScope = new Map<string, { scope: TenantScope; items: Change[] }>();
    for (const c of changes) {
      const key = `${c.scope.accountId}/${c.scope.workspaceId}`;
      const entry = byScope.get(key) ?? { scope: c.scope, items: [] };
      entry.items.push(c);
      byScope.set(key, entry);
    }
    for (const { scope, items } of byScope.values()) {
      await this.events.ingest(scope, items.map((c) => c.event), { origin: 'server', principal: SYSTEM_PRINCIPAL });
      await this.readStore.writeBatch(items.map((c) => ({ kind: 'put' as const, collection: WORK_STATUS_MARKS, doc: c.mark })));
    }
  }
}
