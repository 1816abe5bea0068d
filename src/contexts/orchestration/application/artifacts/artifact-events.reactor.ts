import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Reactor } from '../../../../infrastructure/reactors/reactor-runner';
import { ReactorRegistry } from '../../../../infrastructure/reactors/reactor-registry';
import { nameBasedUuid, SYSTEM_PRINCIPAL } from '../../../../shared/application';
import type { EventMetadata, RecordedEvent } from '../../../../shared/ddd';
import type { ArtifactEvent, ArtifactSnapshot } from '../../domain/artifact/artifact';
import { EventsService } from '../events/events.service';
import type { PrefectEvent, Resource } from '../events/prefect-event';
import type { TenantScope } from '../orchestration-reads';

/**
 * Prefect's artifact-collection lifecycle event (its events/schemas/lifecycle.py): the collection's
 * key, type, data and description; the latest artifact and its runs as related resources.
 */
export function artifactCollectionEvent(id: string, action: 'created' | 'updated' | 'deleted', collectionId: string, occurred: string, latest: ArtifactSnapshot): PrefectEvent {
  const related: Resource[] = [{ 'prefect.resource.id': `prefect.artifact.${latest.id}`, 'prefect.resource.role': 'latest' }];
  if (latest.flow_run_id) related.push({ 'prefect.resource.id': `prefect.flow-run.${latest.flow_run_id}`, 'prefect.resource.role': 'flow-run' });
  if (latest.task_run_id) related.push({ 'prefect.resource.id': `prefect.task-run.${latest.task_run_id}`, 'prefect.resource.role': 'task-run' });
  return {
    id,
    occurred,
    event: `prefect.artifact-collection.${action}`,
    resource: { 'prefect.resource.id': `prefect.artifact-collection.${collectionId}`, 'prefect.resource.name': latest.key ?? '' },
    related,
    payload: { key: latest.key, type: latest.type, data: latest.data, description: latest.description },
    follows: null,
  };
}

/** The lifecycle event an artifact event means for its key's collection, if any. */
export function collectionEventOf(event: RecordedEvent): PrefectEvent | undefined {
  const e = event as unknown as ArtifactEvent;
  const id = nameBasedUuid('praetor:prefect-event', event.id);
  switch (e.type) {
    case 'ArtifactCreated': {
      const c = e.data.collection;
      if (!c) return undefined;
      // As Prefect: a collection whose row was just written (created == updated) is new.
      return artifactCollectionEvent(id, c.created === e.data.artifact.created ? 'created' : 'updated', c.id, e.data.artifact.created, e.data.artifact);
    }
    case 'ArtifactDeleted': {
      const c = e.data.collection;
      if (!c) return undefined;
      return c.successor ? artifactCollectionEvent(id, 'updated', c.id, e.data.deletedAt, c.successor) : artifactCollectionEvent(id, 'deleted', c.id, e.data.deletedAt, c.removed);
    }
    default:
      return undefined;
  }
}

/**
 * Publishes `prefect.artifact-collection.created|updated|deleted` when a key's latest artifact changes
 * (a new artifact; a fallback to the previous one when the latest is deleted; the last one deleted),
 * to `/events/out` and the events read model. Everything comes from the event itself; ids derive from the recorded event's id.
 */
@Injectable()
export class ArtifactEventsPublisher implements Reactor, OnModuleInit {
  readonly name = 'artifact-event-publisher';
  readonly version = 1;
  readonly eventTypes = ['ArtifactCreated', 'ArtifactDeleted'];

  constructor(
    private readonly registry: ReactorRegistry,
    private readonly events: EventsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(batch: readonly RecordedEvent[]): Promise<void> {
    const byScope = new Map<string, { scope: TenantScope; out: PrefectEvent[] }>();
    for (const event of batch) {
      const meta = event.metadata as EventMetadata | undefined;
      const published = collectionEventOf(event);
      if (!published || !meta?.accountId || !meta.workspaceId) continue;
      const key = `${meta.accountId}/${meta.workspaceId}`;
      const entry = byScope.get(key) ?? { scope: { accountId: meta.accountId, workspaceId: meta.workspaceId }, out: [] };
      entry.out.push(published);
      byScope.set(key, entry);
    }
    for (const { scope, out } of byScope.values()) await this.events.ingest(scope, out, { origin: 'server', principal: SYSTEM_PRINCIPAL });
  }
}
