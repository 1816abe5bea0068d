import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import type { Reactor } from '../../../../infrastructure/reactors/reactor-runner';
import { ReactorRegistry } from '../../../../infrastructure/reactors/reactor-registry';
import { EVENT_STORE, type EventStore } from '../../../../infrastructure/event-store/event-store.port';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { ScopedReadStore } from '../../../../infrastructure/read-store/scoped-read-store';
import { nameBasedUuid, SYSTEM_PRINCIPAL } from '../../../../shared/application';
import { toMicroIso, type EventMetadata, type RecordedEvent } from '../../../../shared/ddd';
import { deploymentDecider, type DeploymentEvent, type DeploymentSettings } from '../../domain/deployment/deployment';
import { DEPLOYMENT_EVENT_TYPES } from '../../public/deployments';
import { FLOWS, WORK_POOLS, WORK_QUEUES, type FlowDoc, type WorkPoolDoc, type WorkQueueDoc } from '../../read-models';
import { EventsService } from '../events/events.service';
import type { PrefectEvent, Resource } from '../events/prefect-event';
import type { TenantScope } from '../orchestration-reads';

/** The settings Prefect reports in `prefect.deployment.updated` (its DEPLOYMENT_EVENT_FIELDS), by its names. */
const REPORTED: Partial<Record<keyof DeploymentSettings, string>> = {
  description: 'description',
  tags: 'tags',
  parameters: 'parameters',
  parameter_openapi_schema: 'parameter_openapi_schema',
  enforce_parameter_schema: 'enforce_parameter_schema',
  entrypoint: 'entrypoint',
  path: 'path',
  pull_steps: 'pull_steps',
  work_queue_id: 'work_queue_id',
  job_variables: 'infra_overrides',
  paused: 'paused',
  labels: 'labels',
  version: 'version',
  global_concurrency_limit_id: 'concurrency_limit_id',
  concurrency_options: 'concurrency_options',
};

type Related = Pick<DeploymentSettings, 'flow_id' | 'work_queue_id'> & Partial<Pick<DeploymentSettings, 'storage_document_id' | 'infrastructure_document_id' | 'global_concurrency_limit_id'>>;

interface Item {
  readonly event: RecordedEvent;
  readonly deploymentId: string;
  readonly name: string | undefined;
  readonly related: Related | undefined;
}

/**
 * Publishes Prefect's `prefect.deployment.created|updated|deleted` events (Prefect's
 * models/events.py) to `/events/out` and the event store, from the deployment events of the store.
 * Event ids derive from the recorded event's id, so a redelivered batch stores nothing twice.
 */
@Injectable()
export class DeploymentEventsPublisher implements Reactor, OnModuleInit {
  readonly name = 'deployment-event-publisher';
  readonly version = 1;
  readonly eventTypes = DEPLOYMENT_EVENT_TYPES;

  constructor(
    private readonly registry: ReactorRegistry,
    private readonly events: EventsService,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** The deployment as it was right after `event` (the read model may already be further on). */
  private async settingsAt(event: RecordedEvent): Promise<DeploymentSettings | undefined> {
    const history = await this.store.readStream(event.stream, { maxCount: event.revision + 1 });
    const state = history.reduce((s, e) => deploymentDecider.evolve(s, e as unknown as DeploymentEvent), deploymentDecider.initialState());
    return state.status === 'active' ? state.settings : undefined;
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(batch: readonly RecordedEvent[]): Promise<void> {
    await this.projections.wait(batch[batch.length - 1]!.position);
    const byScope = new Map<string, { scope: TenantScope; events: RecordedEvent[] }>();
    for (const event of batch) {
      const meta = event.metadata as EventMetadata | undefined;
      if (!meta?.accountId || !meta.workspaceId) continue;
      const key = `${meta.accountId}/${meta.workspaceId}`;
      const entry = byScope.get(key) ?? { scope: { accountId: meta.accountId, workspaceId: meta.workspaceId }, events: [] };
      entry.events.push(event);
      byScope.set(key, entry);
    }
    for (const { scope, events } of byScope.values()) {
      const out = await this.prefectEvents(new ScopedReadStore(this.readStore, scope), events);
      if (out.length > 0) await this.events.ingest(scope, out, { origin: 'server', principal: SYSTEM_PRINCIPAL });
    }
  }

  private async prefectEvents(reads: ScopedReadStore, events: readonly RecordedEvent[]): Promise<PrefectEvent[]> {
    const items: Item[] = [];
    for (const event of events) {
      const e = event as unknown as DeploymentEvent;
      switch (e.type) {
        case 'DeploymentCreated':
          items.push({ event, deploymentId: e.data.deploymentId, name: e.data.settings.name, related: e.data.settings });
          break;
        case 'DeploymentDeleted':
          items.push({ event, deploymentId: e.data.deploymentId, name: e.data.name, related: { flow_id: e.data.flow_id, work_queue_id: e.data.work_queue_id } });
          break;
        default: {
          if (!Object.keys(e.data.changes).some((k) => REPORTED[k as keyof DeploymentSettings])) break;
          const settings = await this.settingsAt(event);
          items.push({ event, deploymentId: e.data.deploymentId, name: settings?.name, related: settings });
        }
      }
    }
    const ids = (f: (r: Related) => string | null | undefined) => [...new Set(items.map((i) => (i.related ? f(i.related) : null)).filter((x): x is string => typeof x === 'string'))];
    const flows = new Map((await reads.getMany<FlowDoc>(FLOWS, ids((r) => r.flow_id))).map((d) => [d.id, d]));
    const queues = new Map((await reads.getMany<WorkQueueDoc>(WORK_QUEUES, ids((r) => r.work_queue_id))).map((d) => [d.id, d]));
    const pools = new Map((await reads.getMany<WorkPoolDoc>(WORK_POOLS, [...new Set([...queues.values()].map((q) => q.work_pool_id))])).map((d) => [d.id, d]));

    const out: PrefectEvent[] = [];
    for (const item of items) {
      if (item.name === undefined || item.related === undefined) continue;
      const e = item.event as unknown as DeploymentEvent;
      let name: string;
      let payload: Record<string, unknown> = {};
      let occurred: string;
      if (e.type === 'DeploymentCreated') {
        name = 'prefect.deployment.created';
        occurred = e.data.createdAt;
      } else if (e.type === 'DeploymentDeleted') {
        name = 'prefect.deployment.deleted';
        occurred = e.data.deletedAt;
      } else {
        const updates: Record<string, { from: unknown; to: unknown }> = {};
        for (const [key, to] of Object.entries(e.data.changes)) {
          const field = REPORTED[key as keyof DeploymentSettings];
          if (field) updates[field] = { from: (e.data.previous as Record<string, unknown> | undefined)?.[key] ?? null, to };
        }
        if (Object.keys(updates).length === 0) continue;
        name = 'prefect.deployment.updated';
        occurred = e.data.updatedAt;
        payload = { updated_fields: Object.keys(updates), updates };
      }
      const r = item.related;
      const related: Resource[] = [];
      const flow = flows.get(r.flow_id);
      if (flow) related.push({ 'prefect.resource.id': `prefect.flow.${flow.id}`, 'prefect.resource.name': flow.name, 'prefect.resource.role': 'flow' });
      const queue = r.work_queue_id ? queues.get(r.work_queue_id) : undefined;
      if (queue) related.push({ 'prefect.resource.id': `prefect.work-queue.${queue.id}`, 'prefect.resource.name': queue.name, 'prefect.resource.role': 'work-queue' });
      const pool = queue ? pools.get(queue.work_pool_id) : undefined;
      if (pool) related.push({ 'prefect.resource.id': `prefect.work-pool.${pool.id}`, 'prefect.resource.name': pool.name, 'prefect.work-pool.type': pool.type, 'prefect.resource.role': 'work-pool' });
      if (r.storage_document_id) related.push({ 'prefect.resource.id': `prefect.block-document.${r.storage_document_id}`, 'prefect.resource.role': 'storage' });
      if (r.infrastructure_document_id) related.push({ 'prefect.resource.id': `prefect.block-document.${r.infrastructure_document_id}`, 'prefect.resource.role': 'infrastructure' });
      if (r.global_concurrency_limit_id) related.push({ 'prefect.resource.id': `prefect.concurrency-limit.${r.global_concurrency_limit_id}`, 'prefect.resource.role': 'concurrency-limit' });
      out.push({
        id: nameBasedUuid('praetor:deployment-event', item.event.id),
        occurred: toMicroIso(occurred) ?? occurred,
        event: name,
        resource: { 'prefect.resource.id': `prefect.deployment.${item.deploymentId}`, 'prefect.resource.name': item.name },
        related,
        payload,
        follows: null,
      });
    }
    return out;
  }
}
