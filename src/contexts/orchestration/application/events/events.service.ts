import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../../../infrastructure/observability/logger';
import { Metrics } from '../../../../infrastructure/observability/metrics';
import { compileMatcher } from '../../../../infrastructure/read-store/filter-match';
import { READ_STORE, type Filter, type IndexSpec, type ReadStore, type Scalar, type WriteOp } from '../../../../infrastructure/read-store/read-store.port';
import { ScopedReadStore } from '../../../../infrastructure/read-store/scoped-read-store';
import { CLOCK, type Clock, type Principal } from '../../../../shared/application';
import { UnavailableError } from '../../../../shared/errors';
import { EVENTS, type EventDoc } from '../../read-models';
import { microIso } from '../../../../shared/ddd/micro-time';
import type { TenantScope } from '../orchestration-reads';
import { CLIENT_EVENT_CONSUMERS, type ClientEventConsumer } from './client-event-consumer';
import { ClientEventDispatcher } from './client-event-dispatcher';
import { eventDocId, fromEventDoc, toEventDoc, type PrefectEvent, type ReceivedEvent } from './prefect-event';

/** Where a batch of events came from: a client (websocket or REST) or the server itself, and who sent it. */
export interface ReceivedFrom {
  readonly origin: 'client' | 'server';
  readonly principal: Principal;
}

export interface IngestResult {
  /** Events newly stored. */
  readonly stored: number;
  /** Events whose id was already stored in the workspace (or repeated in the batch): ignored. */
  readonly duplicates: number;
}

export type EventListener = (event: ReceivedEvent) => void;

export const EVENT_INDEXES: readonly IndexSpec[] = [
  { name: 'events_scope_occurred', fields: [{ field: '_workspace' }, { field: 'occurred' }] },
  { name: 'events_scope_resource', fields: [{ field: '_workspace' }, { field: 'resource_id' }, { field: 'occurred' }] },
  { name: 'events_scope_event', fields: [{ field: '_workspace' }, { field: 'event' }, { field: 'occurred' }] },
  { name: 'events_seq', fields: [{ field: '_seq' }] },
];

/** Events per write: one read-store transaction. */
const MAX_BATCH = 1000;
/** Events accepted but not yet written, over all callers; beyond it `ingest` waits for room. */
const MAX_QUEUED = 10_000;

interface Pending {
  readonly scope: TenantScope;
  readonly events: readonly PrefectEvent[];
  readonly from: ReceivedFrom;
  readonly resolve: (r: Written) => void;
  readonly reject: (e: unknown) => void;
}

interface Written extends IngestResult {
  readonly lastSeq: number | undefined;
}

interface Subscriber {
  readonly matches: (doc: EventDoc) => boolean;
  readonly listener: EventListener;
}

/**
 * The one way Prefect events enter the system (ARCHITECTURE.md: client events are telemetry): the
 * `/events/in` socket, `POST /events` and the server's own reactors all call `ingest`.
 *
 * Writes are grouped: callers queue, one writer takes everything queued (up to MAX_BATCH events)
 * into one read-store transaction, so concurrent sockets share commits. The queue is bounded: a
 * caller waits for room rather than anything being dropped. After a write the batch goes to the
 * in-process subscribers (`/events/out`), then client events go to the ClientEventConsumers.
 */
@Injectable()
export class EventsService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private seq = 0;
  private queue: Pending[] = [];
  private queued = 0;
  private roomWaiters: (() => void)[] = [];
  private writing: Promise<void> | undefined;
  private scheduled = false;
  private closed = false;
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private readonly dispatcher: ClientEventDispatcher;

  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: Metrics,
    @Inject(CLIENT_EVENT_CONSUMERS) consumers: readonly ClientEventConsumer[],
  ) {
    this.dispatcher = new ClientEventDispatcher(readStore, consumers, logger);
  }

  async onModuleInit(): Promise<void> {
    await this.readStore.ensureCollection(EVENTS, EVENT_INDEXES);
    const [last] = await this.readStore.find<EventDoc>(EVENTS, undefined, { sort: [{ field: '_seq', direction: 'desc' }], limit: 1 });
    this.seq = last?._seq ?? 0;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.dispatcher.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    while (this.writing || this.queue.length > 0) await (this.writing ?? this.drain());
    await this.dispatcher.stop();
  }

  /**
   * Stores the events of one workspace (validated Prefect events), ignoring ids already stored
   * there. Resolves once they are durable and published to subscribers, and, for client events,
   * once the ClientEventConsumers took them (or a few seconds passed: they are stored and the
   * consumers catch up from the store).
   */
  async ingest(scope: TenantScope, events: readonly PrefectEvent[], receivedFrom: ReceivedFrom): Promise<IngestResult> {
    if (this.closed) throw new UnavailableError('the server is shutting down');
    if (events.length === 0) return { stored: 0, duplicates: 0 };
    while (this.queued >= MAX_QUEUED) await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    const written = await new Promise<Written>((resolve, reject) => {
      this.queue.push({ scope: { accountId: scope.accountId, workspaceId: scope.workspaceId }, events, from: receivedFrom, resolve, reject });
      this.queued += events.length;
      this.schedule();
    });
    if (receivedFrom.origin === 'client' && written.lastSeq !== undefined) await this.dispatcher.waitFor(written.lastSeq);
    return { stored: written.stored, duplicates: written.duplicates };
  }

  /**
   * Calls `listener` for every event stored from now on in the workspace that matches `filter`
   * (a read-store filter over EventDoc fields). Returns the unsubscribe function.
   */
  subscribe(scope: TenantScope, filter: Filter | undefined, listener: EventListener): () => void {
    const key = scopeKey(scope);
    const sub: Subscriber = { matches: compileMatcher(filter), listener };
    let set = this.subscribers.get(key);
    if (!set) this.subscribers.set(key, (set = new Set()));
    set.add(sub);
    return () => {
      set.delete(sub);
      if (set.size === 0 && this.subscribers.get(key) === set) this.subscribers.delete(key);
    };
  }

  find(scope: TenantScope, filter: Filter | undefined, options: { limit: number; offset: number; order: 'ASC' | 'DESC' }): Promise<ReceivedEvent[]> {
    const direction = options.order === 'ASC' ? 'asc' : 'desc';
    // Ties on `occurred` (same microsecond) go by arrival.
    return this.reads(scope)
      .find<EventDoc>(EVENTS, filter, { sort: [{ field: 'occurred', direction }, { field: '_seq', direction }], limit: options.limit, offset: options.offset })
      .then((docs) => docs.map(fromEventDoc));
  }

  count(scope: TenantScope, filter: Filter | undefined): Promise<number> {
    return this.reads(scope).count(EVENTS, filter);
  }

  countBy(scope: TenantScope, field: 'event' | 'resource_id' | 'occurred', filter: Filter | undefined): Promise<{ value: Scalar; count: number }[]> {
    return this.reads(scope).countBy(EVENTS, field, filter);
  }

  /** The first or last matching event by occurrence (for count-by time spans and labels). */
  async edge(scope: TenantScope, filter: Filter | undefined, order: 'ASC' | 'DESC'): Promise<EventDoc | undefined> {
    const [doc] = await this.reads(scope).find<EventDoc>(EVENTS, filter, { sort: [{ field: 'occurred', direction: order === 'ASC' ? 'asc' : 'desc' }], limit: 1 });
    return doc;
  }

  private reads(scope: TenantScope): ScopedReadStore {
    return new ScopedReadStore(this.readStore, { accountId: scope.accountId, workspaceId: scope.workspaceId });
  }

  // --- the writer -----------------------------------------------------------------------------

  private schedule(): void {
    if (this.writing || this.scheduled) return;
    this.scheduled = true;
    // Let the callers of this tick queue up too: they share the commit.
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private drain(): Promise<void> {
    if (this.writing || this.queue.length === 0) return this.writing ?? Promise.resolve();
    const taken: Pending[] = [];
    let n = 0;
    while (this.queue.length > 0 && (taken.length === 0 || n + this.queue[0]!.events.length <= MAX_BATCH)) {
      const p = this.queue.shift()!;
      taken.push(p);
      n += p.events.length;
    }
    this.writing = this.write(taken).finally(() => {
      this.writing = undefined;
      this.queued -= n;
      for (const wake of this.roomWaiters.splice(0)) wake();
      if (this.queue.length > 0) this.schedule();
    });
    return this.writing;
  }

  private async write(taken: readonly Pending[]): Promise<void> {
    try {
      const received = microIso(this.clock.now());
      // Which ids are new: not repeated in this batch, not stored in their workspace.
      const seen = new Set<string>();
      const candidates: { p: number; scope: TenantScope; event: PrefectEvent; key: string }[] = [];
      const duplicates = new Array<number>(taken.length).fill(0);
      taken.forEach((p, i) => {
        for (const event of p.events) {
          const key = eventDocId(p.scope.workspaceId, event.id);
          if (seen.has(key)) duplicates[i]!++;
          else {
            seen.add(key);
            candidates.push({ p: i, scope: p.scope, event, key });
          }
        }
      });
      const stored = await this.storedKeys(candidates);
      const docs: EventDoc[] = [];
      const stats = taken.map(() => ({ stored: 0, lastSeq: undefined as number | undefined }));
      for (const c of candidates) {
        if (stored.has(c.key)) {
          duplicates[c.p]!++;
          continue;
        }
        const seq = this.nextSeq();
        docs.push(toEventDoc(c.scope, c.event, received, seq, taken[c.p]!.from));
        stats[c.p]!.stored++;
        stats[c.p]!.lastSeq = seq;
      }
      if (docs.length > 0) {
        const ops: WriteOp[] = docs.map((doc) => ({ kind: 'put', collection: EVENTS, doc }));
        await this.readStore.writeBatch(ops);
      }
      taken.forEach((p, i) => {
        this.metrics.clientEvents.inc({ outcome: 'stored', origin: p.from.origin }, stats[i]!.stored);
        if (duplicates[i]) this.metrics.clientEvents.inc({ outcome: 'duplicate', origin: p.from.origin }, duplicates[i]);
      });
      this.publish(docs);
      if (docs.some((d) => d._origin === 'client')) this.dispatcher.notify();
      taken.forEach((p, i) => p.resolve({ stored: stats[i]!.stored, duplicates: duplicates[i]!, lastSeq: stats[i]!.lastSeq }));
    } catch (err) {
      this.logger.error({ err, batches: taken.length }, 'storing events failed');
      for (const p of taken) p.reject(err);
    }
  }

  private async storedKeys(candidates: readonly { scope: TenantScope; key: string }[]): Promise<Set<string>> {
    const byScope = new Map<string, { scope: TenantScope; keys: string[] }>();
    for (const c of candidates) {
      const k = scopeKey(c.scope);
      const entry = byScope.get(k) ?? { scope: c.scope, keys: [] };
      entry.keys.push(c.key);
      byScope.set(k, entry);
    }
    const found = new Set<string>();
    for (const { scope, keys } of byScope.values()) {
      for (let i = 0; i < keys.length; i += 500) {
        for (const doc of await this.reads(scope).getMany<EventDoc>(EVENTS, keys.slice(i, i + 500))) found.add(doc._id);
      }
    }
    return found;
  }

  /** Monotonic, and time-based so that it keeps growing across restarts. */
  private nextSeq(): number {
    this.seq = Math.max(this.seq + 1, this.clock.now().getTime() * 1000);
    return this.seq;
  }

  private publish(docs: readonly EventDoc[]): void {
    if (this.subscribers.size === 0) return;
    for (const doc of docs) {
      const subs = this.subscribers.get(`${doc._account}/${doc._workspace}`);
      if (!subs) continue;
      let event: ReceivedEvent | undefined;
      for (const sub of subs) {
        try {
          if (!sub.matches(doc)) continue;
          event ??= fromEventDoc(doc);
          sub.listener(event);
        } catch (err) {
          this.logger.warn({ err }, 'an event subscriber failed');
        }
      }
    }
  }
}

const scopeKey = (scope: TenantScope) => `${scope.accountId}/${scope.workspaceId}`;
