import type { Logger } from 'pino';
import type { RecordedEvent } from '../../shared/ddd';
import type { AllSubscription, EventStore } from '../event-store/event-store.port';
import type { Metrics } from '../observability/metrics';
import type { ReadStore } from '../read-store/read-store.port';

/**
 * A reactor: a background process fed by `$all` (ARCHITECTURE.md, "Reactors"). Its effects must be
 * idempotent, because a batch is redelivered after a crash or a failed attempt: everything after the
 * last saved checkpoint is handed over again.
 */
export interface Reactor {
  /** Names the checkpoint (`reactor:<name>` in the read store); never rename a deployed reactor. */
  readonly name: string;
  /** Bump to run the reactor over the whole log again (its effects must be idempotent anyway). */
  readonly version: number;
  /** Only events of these types are handed over; the checkpoint still moves past the others. */
  readonly eventTypes?: readonly string[];
  handle(events: readonly RecordedEvent[]): Promise<void>;
}

export interface ReactorRunnerOptions {
  readonly batchSize?: number;
  /** Delay before the first retry of a failed batch; doubles up to `maxRetryDelayMs`. */
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  /** With nothing handed over, the checkpoint is saved at most this often (and at stop). */
  readonly idleCheckpointMs?: number;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
}

interface Running {
  readonly reactor: Reactor;
  readonly checkpoint: string;
  readonly subscription: AllSubscription;
  readonly loop: Promise<void>;
  position: number;
}

export const reactorCheckpointName = (name: string) => `reactor:${name}`;

/**
 * Runs each reactor on its own catch-up subscription from its own checkpoint, so a failing reactor
 * holds back only itself. A failing batch is retried with exponential backoff and logged every
 * time; the checkpoint moves only after the handler succeeded, so nothing is skipped silently.
 */
export class ReactorRunner {
  private readonly running: Running[] = [];
  private stopping = false;
  private readonly sleepers = new Set<() => void>();

  constructor(
    private readonly events: EventStore,
    private readonly readStore: ReadStore,
    private readonly reactors: readonly Reactor[],
    private readonly options: ReactorRunnerOptions = {},
  ) {
    const names = new Set<string>();
    for (const r of reactors) {
      if (names.has(r.name)) throw new Error(`duplicate reactor name ${r.name}`);
      names.add(r.name);
    }
  }

  async start(): Promise<void> {
    for (const reactor of this.reactors) {
      const checkpoint = reactorCheckpointName(reactor.name);
      const saved = await this.readStore.getCheckpoint(checkpoint);
      const position = saved && saved.version === reactor.version ? saved.position : 0;
      const subscription = this.events.subscribeToAll({ after: position, maxBatch: this.options.batchSize ?? 500 });
      const entry: Running = { reactor, checkpoint, subscription, position, loop: Promise.resolve() };
      (entry as { loop: Promise<void> }).loop = this.follow(entry);
      this.running.push(entry);
    }
  }

  /** The last position a reactor has handled (0 before its first batch). */
  positionOf(name: string): number | undefined {
    return this.running.find((r) => r.reactor.name === name)?.position;
  }

  private async follow(entry: Running): Promise<void> {
    const { reactor } = entry;
    const types = reactor.eventTypes ? new Set(reactor.eventTypes) : undefined;
    const idleMs = this.options.idleCheckpointMs ?? 1000;
    let savedAt = 0;
    let unsaved = false;
    try {
      for await (const batch of entry.subscription) {
        if (this.stopping) break;
        const last = batch[batch.length - 1]!.position;
        const relevant = types ? batch.filter((e) => types.has(e.type)) : batch;
        if (relevant.length > 0) {
          const handled = await this.retrying(reactor, () => reactor.handle(relevant), relevant);
          if (!handled) return;
        }
        entry.position = last;
        this.options.metrics?.reactorPosition.set({ reactor: reactor.name }, last);
        if (relevant.length > 0 || Date.now() - savedAt >= idleMs) {
          const saved = await this.retrying(reactor, () => this.save(entry), []);
          if (!saved) return;
          savedAt = Date.now();
          unsaved = false;
        } else unsaved = true;
      }
    } catch (err) {
      // The subscription itself failed (the store closed under us): nothing is lost, the
      // checkpoint marks where the next start resumes.
      if (!this.stopping) this.options.logger?.error({ err, reactor: reactor.name }, 'reactor subscription failed; it resumes from its checkpoint at the next start');
    } finally {
      if (unsaved) await this.save(entry).catch((err: unknown) => this.options.logger?.warn({ err, reactor: reactor.name }, 'could not save the reactor checkpoint at stop'));
    }
  }

  private save(entry: Running): Promise<void> {
    return this.readStore.writeBatch([], { name: entry.checkpoint, position: entry.position, version: entry.reactor.version });
  }

  /** Runs `fn` until it succeeds or the runner stops; false when it stopped first. */
  private async retrying(reactor: Reactor, fn: () => Promise<void>, events: readonly RecordedEvent[]): Promise<boolean> {
    const initial = this.options.retryDelayMs ?? 200;
    const max = this.options.maxRetryDelayMs ?? 30_000;
    for (let attempt = 1; ; attempt++) {
      if (this.stopping) return false;
      try {
        await fn();
        return true;
      } catch (err) {
        const delay = Math.min(max, initial * 2 ** Math.min(attempt - 1, 20));
        this.options.metrics?.reactorFailures.inc({ reactor: reactor.name });
        this.options.logger?.error(
          { err, reactor: reactor.name, attempt, retryInMs: delay, firstPosition: events[0]?.position, lastPosition: events[events.length - 1]?.position },
          'reactor batch failed; retrying',
        );
        await this.sleep(delay);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  /** Stops taking batches, lets a handler in flight finish and saves the checkpoints. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of [...this.sleepers]) wake();
    await Promise.all(this.running.map((r) => r.subscription.close()));
    await Promise.all(this.running.map((r) => r.loop));
  }
}
