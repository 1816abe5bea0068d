import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../../../infrastructure/event-store/event-store.port';
import type { Reactor } from '../../../../infrastructure/reactors/reactor-runner';
import { ReactorRegistry } from '../../../../infrastructure/reactors/reactor-registry';
import { nameBasedUuid, SYSTEM_PRINCIPAL } from '../../../../shared/application';
import type { EventMetadata, RecordedEvent } from '../../../../shared/ddd';
import { variableDecider, type VariableEvent, type VariableState } from '../../domain/variable/variable';
import { EventsService } from '../events/events.service';
import type { PrefectEvent } from '../events/prefect-event';

const LIFECYCLE = { VariableCreated: 'created', VariableUpdated: 'updated', VariableDeleted: 'deleted' } as const;

/** Prefect's variable lifecycle event (its events/schemas/lifecycle.py): the variable's name, value and tags. */
export function variableLifecycleEvent(id: string, action: 'created' | 'updated' | 'deleted', variableId: string, occurred: string, v: { name: string; value: unknown; tags: readonly string[] }): PrefectEvent {
  return {
    id,
    occurred,
    event: `prefect.variable.${action}`,
    resource: { 'prefect.resource.id': `prefect.variable.${variableId}`, 'prefect.resource.name': v.name },
    related: [],
    payload: { name: v.name, value: v.value, tags: [...v.tags] },
    follows: null,
  };
}

/**
 * Publishes `prefect.variable.created|updated|deleted` to `/events/out` (and the events read model)
 * from the variables' streams. The payload is the variable as of the event (as it was before, for a
 * delete), folded from its stream up to that event, so a replay publishes what happened then. Event
 * ids derive from the recorded event's id: a redelivered batch stores nothing twice.
 */
@Injectable()
export class VariableEventsPublisher implements Reactor, OnModuleInit {
  readonly name = 'variable-event-publisher';
  readonly version = 1;
  readonly eventTypes = Object.keys(LIFECYCLE);

  constructor(
    private readonly registry: ReactorRegistry,
    private readonly events: EventsService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(batch: readonly RecordedEvent[]): Promise<void> {
    for (const event of batch) {
      const meta = event.metadata as EventMetadata | undefined;
      const e = event as unknown as VariableEvent;
      if (!meta?.accountId || !meta.workspaceId || !(e.type in LIFECYCLE)) continue;
      const history = await this.store.readStream(event.stream, { maxCount: event.revision + (e.type === 'VariableDeleted' ? 0 : 1) });
      const state: VariableState = history.reduce((s, h) => variableDecider.evolve(s, { type: h.type, data: h.data } as VariableEvent), variableDecider.initialState());
      if (state.status !== 'active') continue;
      const data = e.data as { variableId: string; createdAt?: string; updatedAt?: string; deletedAt?: string };
      const occurred = data.createdAt ?? data.updatedAt ?? data.deletedAt ?? event.recordedAt;
      const published = variableLifecycleEvent(nameBasedUuid('praetor:prefect-event', event.id), LIFECYCLE[e.type as keyof typeof LIFECYCLE], data.variableId, occurred, state);
      await this.events.ingest({ accountId: meta.accountId, workspaceId: meta.workspaceId }, [published], { origin: 'server', principal: SYSTEM_PRINCIPAL });
    }
  }
}
