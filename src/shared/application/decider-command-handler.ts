import { randomUUID } from 'node:crypto';
import type { Command, Decider, DomainEvent, EventMetadata } from '../ddd';
import { ConflictError, WrongExpectedRevisionError } from '../errors';
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
}

export interface Decided<S, E extends DomainEvent> {
  readonly state: S;
  readonly events: readonly E[];
  /** Stream revision after the command (-1: the stream does not exist). */
  readonly revision: number;
  /** Global position of the last event appended; undefined when the command decided nothing. */
  readonly position: number | undefined;
}

interface Cached {
  readonly state: unknown;
  readonly revision: number;
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

  async load<S, E extends DomainEvent>(decider: Pick<Decider<S, never, E>, 'initialState' | 'evolve'>, stream: string): Promise<{ state: S; revision: number }> {
    const cached = this.cache.get(stream);
    let state = (cached?.state as S | undefined) ?? decider.initialState();
    let revision = cached?.revision ?? -1;
    const newer = await this.store.readStream(stream, { fromRevision: revision + 1 });
    for (const e of newer) {
      state = decider.evolve(state, { type: e.type, data: e.data } as E);
      revision = e.revision;
    }
    this.remember(stream, { state, revision });
    return { state, revision };
  }

  /**
   * Commands on one stream run one at a time in this process, so they do not race each other into
   * conflicts; the expected revision still guards against other processes (and stale callers).
   */
  handle<S, C extends Command, E extends DomainEvent>(req: DecideAndAppend<S, C, E>): Promise<Decided<S, E>> {
    return this.serialize(req.stream, () => this.decideAndAppend(req));
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

  private async decideAndAppend<S, C extends Command, E extends DomainEvent>(req: DecideAndAppend<S, C, E>): Promise<Decided<S, E>> {
    const attempts = req.expectedRevision === undefined ? (req.maxAttempts ?? 5) : 1;
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(req.decider, req.stream);
      if (req.expectedRevision !== undefined && req.expectedRevision !== revision) {
        throw new ConflictError(`${req.stream} is at version ${revision}, not ${req.expectedRevision}`, { expectedVersion: req.expectedRevision, actualVersion: revision });
      }
      const events = req.decider.decide(req.command, state);
      if (events.length === 0) return { state, events, revision, position: undefined };
      const expected: ExpectedRevision = revision === -1 ? 'no_stream' : revision;
      try {
        const result = await this.store.append(
          req.stream,
          events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata: req.metadata })),
          expected,
        );
        const next = events.reduce(req.decider.evolve, state);
        this.remember(req.stream, { state: next, revision: result.nextExpectedRevision });
        return { state: next, events, revision: result.nextExpectedRevision, position: result.position };
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
