import { randomUUID } from 'node:crypto';
import type { Command, Decider, DomainEvent, EventMetadata } from '../ddd';
import { ConflictError, NotFoundError, WrongExpectedRevisionError } from '../errors';
import type { EventStore, ExpectedRevision } from '../../infrastructure/event-store/event-store.port';

export interface DecideAndAppend<S, C extends Command, E extends DomainEvent> {
  readonly decider: Decider<S, C, E>;
  readonly stream: string;
  readonly command: C;
  readonly metadata: EventMetadata;
  /**
   * The revision the caller last saw (optimistic concurrency from a UI). When given, a mismatch is a
   * CONFLICT and nothing is retried. When absent, a concurrent append makes the handler reload,
   * decide again and retry, up to `maxAttempts`.
   */
  readonly expectedRevision?: number;
  readonly maxAttempts?: number;
  /**
   * The workspace the caller acts in. A stream created in another workspace answers NotFound, so an
   * id from elsewhere can never be written through this workspace's routes.
   */
  readonly tenant?: Tenant;
}

export interface Tenant {
  readonly accountId: string;
  readonly workspaceId: string;
}

/**
 * Like DecideAndAppend, for commands whose caller needs more than the events: `decideWith` returns
 * the events and an output (e.g. Prefect's orchestration result), both computed from the same state.
 */
export interface DecideWithOutput<S, C extends Command, E extends DomainEvent, O> extends Omit<DecideAndAppend<S, C, E>, 'command'> {
  readonly command: C;
  readonly decideWith: (command: C, state: S) => { readonly events: readonly E[]; readonly output: O };
}

export interface Decided<S, E extends DomainEvent> {
  readonly state: S;
  readonly events: readonly E[];
  /** Stream revision after the command (-1: the stream does not exist). */
  readonly revision: number;
  /**
   * Global position to wait for before reading: the last event appended, or, when the command
   * decided nothing, the stream's last event (undefined for a stream that does not exist).
   */
  readonly position: number | undefined;
}

interface Cached {
  readonly state: unknown;
  readonly revision: number;
  /** Account and workspace of the stream's first event. */
  readonly tenant: Partial<Tenant> | undefined;
  /** Global position of the stream's last event (0 when none). */
  readonly position: number;
}

/**
 * Load → fold → decide → append, retrying on conflict. Folded states are cached per stream and
 * caught up from their revision, so a hot stream is not re-read from the start on every command.
 */
export class DeciderCommandHandler {
  private readonly cache = new Map<string, Cached>();
  private readonly locks = new Map<string, Promise<void>>();

  constructor(
    private readonly store: EventStore,
    private readonly cacheSize = 10_000,
  ) {}

  async load<S, E extends DomainEvent>(
    decider: Pick<Decider<S, never, E>, 'initialState' | 'evolve'>,
    stream: string,
  ): Promise<{ state: S; revision: number; tenant: Partial<Tenant> | undefined; position: number }> {
    const cached = this.cache.get(stream);
    let state = (cached?.state as S | undefined) ?? decider.initialState();
    let revision = cached?.revision ?? -1;
    let tenant = cached?.tenant;
    let position = cached?.position ?? 0;
    const newer = await this.store.readStream(stream, { fromRevision: revision + 1 });
    for (const e of newer) {
      if (e.revision === 0) {
        const m = e.metadata as Partial<EventMetadata> | undefined;
        tenant = { accountId: m?.accountId ?? undefined, workspaceId: m?.workspaceId ?? undefined };
      }
      state = decider.evolve(state, { type: e.type, data: e.data } as E);
      revision = e.revision;
      position = e.position;
    }
    this.remember(stream, { state, revision, tenant, position });
    return { state, revision, tenant, position };
  }

  /**
   * Commands on one stream run one at a time in this process, so they do not race each other into
   * conflicts; the expected revision still guards against other processes (and stale callers).
   */
  handle<S, C extends Command, E extends DomainEvent>(req: DecideAndAppend<S, C, E>): Promise<Decided<S, E>> {
    return this.serialize(req.stream, async () => (await this.decideAndAppend(req, (c, s) => ({ events: req.decider.decide(c, s), output: undefined }))).decided);
  }

  /** As `handle`, returning the output of `decideWith` from the attempt that was appended. */
  async handleWithOutput<S, C extends Command, E extends DomainEvent, O>(req: DecideWithOutput<S, C, E, O>): Promise<Decided<S, E> & { readonly output: O }> {
    const { decided, output } = await this.serialize(req.stream, () => this.decideAndAppend(req, req.decideWith));
    return { ...decided, output };
  }

  private serialize<T>(stream: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(stream) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(stream, tail);
    void tail.then(() => {
      if (this.locks.get(stream) === tail) this.locks.delete(stream);
    });
    return run;
  }

  private async decideAndAppend<S, C extends Command, E extends DomainEvent, O>(
    req: Omit<DecideAndAppend<S, C, E>, 'command'> & { readonly command: C },
    decide: (command: C, state: S) => { readonly events: readonly E[]; readonly output: O },
  ): Promise<{ decided: Decided<S, E>; output: O }> {
    const attempts = req.expectedRevision === undefined ? (req.maxAttempts ?? 5) : 1;
    for (let attempt = 1; ; attempt++) {
      const { state, revision, tenant, position } = await this.load(req.decider, req.stream);
      if (req.tenant && revision >= 0 && (tenant?.accountId !== req.tenant.accountId || tenant?.workspaceId !== req.tenant.workspaceId)) {
        throw new NotFoundError('Not found');
      }
      if (req.expectedRevision !== undefined && req.expectedRevision !== revision) {
        throw new ConflictError(`${req.stream} is at version ${revision}, not ${req.expectedRevision}`, { expectedVersion: req.expectedRevision, actualVersion: revision });
      }
      const { events, output } = decide(req.command, state);
      // Nothing new: the caller still waits for the stream's last event, so a repeated create reads what the first one wrote.
      if (events.length === 0) return { decided: { state, events, revision, position: position > 0 ? position : undefined }, output };
      const expected: ExpectedRevision = revision === -1 ? 'no_stream' : revision;
      try {
        const result = await this.store.append(
          req.stream,
          events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata: req.metadata })),
          expected,
        );
        const next = events.reduce(req.decider.evolve, state);
        this.remember(req.stream, {
          state: next,
          revision: result.nextExpectedRevision,
          tenant: revision === -1 ? { accountId: req.metadata.accountId ?? undefined, workspaceId: req.metadata.workspaceId ?? undefined } : tenant,
          position: result.position,
        });
        return { decided: { state: next, events, revision: result.nextExpectedRevision, position: result.position }, output };
      } catch (err) {
        this.cache.delete(req.stream);
        if (err instanceof WrongExpectedRevisionError && attempt < attempts) continue;
        throw err;
      }
    }
  }

  private remember(stream: string, entry: Cached): void {
    // Map keeps insertion order: delete + set moves the entry to the end, so the first key is the least recent.
    this.cache.delete(stream);
    this.cache.set(stream, entry);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
  }
}
