import type { Document, Projection, RecordedEvent } from '../../shared/ddd';
import { UnavailableError } from '../../shared/errors';
import type { AllSubscription, EventStore } from '../event-store/event-store.port';
import type { Checkpoint, ReadStore, WriteOp } from '../read-store/read-store.port';

export interface ProjectionRunnerOptions {
  /** Events per batch; a larger batch coalesces more writes to the same document. */
  readonly batchSize?: number;
  readonly onBatch?: (events: number, lag: number, millis: number) => void;
  readonly onError?: (err: unknown) => void;
}

interface Waiter {
  readonly position: number;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
  readonly timer: NodeJS.Timeout;
}

const DELETED = Symbol('deleted');
/** How far a projection's stored checkpoint may trail when the events in between are not its own. */
const CHECKPOINT_LAG = 10_000;
type Slot<D> = D | undefined | typeof DELETED;

/**
 * Feeds `$all` to every projection. Each projection has its own checkpoint, written in the same
 * batch as its documents; each document keeps the position it was last written at, so a redelivered
 * event changes nothing. A projection whose version changed is dropped and rebuilt from position 0.
 */
export class ProjectionRunner {
  private readonly checkpoints = new Map<string, number>();
  /** Checkpoints as last written; a batch a projection ignores need not be written every time. */
  private readonly persisted = new Map<string, number>();
  private readonly typeFilter = new Map<string, Set<string>>();
  private position = 0;
  private waiters: Waiter[] = [];
  private subscription: AllSubscription | undefined;
  private loop: Promise<void> | undefined;
  private readonly projectedListeners = new Set<(batch: readonly RecordedEvent[]) => void>();
  private failure: unknown;

  constructor(
    private readonly events: EventStore,
    private readonly readStore: ReadStore,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    const names = new Set<string>();
    for (const p of projections) {
      if (names.has(p.name)) throw new Error(`duplicate projection name ${p.name}`);
      names.add(p.name);
      this.typeFilter.set(p.name, new Set(p.eventTypes));
    }
  }

  /** The read-model collections the projections maintain (each once). */
  get collections(): readonly string[] {
    return [...new Set(this.projections.map((p) => p.collection))];
  }

  /** Prepares collections (rebuilding those whose version changed) and starts following `$all`. */
  async start(): Promise<void> {
    await this.prepare();
    const from = Math.min(...this.projections.map((p) => this.checkpoints.get(p.name) ?? 0), await this.events.headPosition());
    this.position = this.projections.length === 0 ? await this.events.headPosition() : from;
    this.subscription = this.events.subscribeToAll({ after: this.position, maxBatch: this.options.batchSize ?? 2000 });
    this.loop = this.follow(this.subscription);
  }

  private async prepare(): Promise<void> {
    for (const p of this.projections) {
      const cp = await this.readStore.getCheckpoint(p.name);
      if (!cp || cp.version !== p.version) {
        await this.readStore.dropCollection(p.collection);
        await this.readStore.ensureCollection(p.collection, p.indexes ?? []);
        await this.readStore.writeBatch([], { name: p.name, position: 0, version: p.version });
        this.checkpoints.set(p.name, 0);
        this.persisted.set(p.name, 0);
      } else {
        await this.readStore.ensureCollection(p.collection, p.indexes ?? []);
        this.checkpoints.set(p.name, cp.position);
        this.persisted.set(p.name, cp.position);
      }
    }
  }

  /** Drops every projection and replays the whole log. Used by `npm run projections:rebuild`. */
  async rebuild(): Promise<number> {
    for (const p of this.projections) await this.readStore.writeBatch([], { name: p.name, position: 0, version: -1 });
    await this.prepare();
    this.position = 0;
    const head = await this.events.headPosition();
    let after = 0;
    let count = 0;
    for (;;) {
      const batch = await this.events.readAll({ after, maxCount: this.options.batchSize ?? 5000 });
      if (batch.length === 0) break;
      await this.apply(batch);
      count += batch.length;
      after = batch[batch.length - 1]!.position;
      if (after >= head) break;
    }
    await this.flushCheckpoints();
    return count;
  }

  /**
   * Calls `listener` with every batch of events once the read models hold them (live batches only, in
   * order), so a live feed never runs ahead of what a query can read. Returns the unsubscribe function.
   * A listener must not throw or block: it only hands the batch on.
   */
  onProjected(listener: (batch: readonly RecordedEvent[]) => void): () => void {
    this.projectedListeners.add(listener);
    return () => this.projectedListeners.delete(listener);
  }

  /** The position up to which every projection has applied the log. */
  get projectedPosition(): number {
    return this.position;
  }

  private async follow(sub: AllSubscription): Promise<void> {
    try {
      for await (const batch of sub) {
        const started = performance.now();
        await this.apply(batch);
        for (const listener of this.projectedListeners) listener(batch);
        const head = await this.events.headPosition();
        this.options.onBatch?.(batch.length, head - this.position, performance.now() - started);
      }
    } catch (err) {
      // A projection must never throw on a recorded event (STYLE rule 9); if one does, stop visibly.
      this.failure = err;
      this.options.onError?.(err);
      for (const w of this.waiters) {
        clearTimeout(w.timer);
        w.reject(new UnavailableError('projections stopped'));
      }
      this.waiters = [];
    }
  }

  private async apply(batch: readonly RecordedEvent[]): Promise<void> {
    const last = batch[batch.length - 1]!.position;
    for (const p of this.projections) {
      const checkpoint = this.checkpoints.get(p.name) ?? 0;
      if (checkpoint >= last) continue;
      const types = this.typeFilter.get(p.name)!;
      const relevant = batch.filter((e) => e.position > checkpoint && types.has(e.type));
      const ops = await this.evolveAll(p, relevant);
      this.checkpoints.set(p.name, last);
      // Documents always go with their checkpoint. A batch with nothing for this projection only
      // moves the checkpoint, which may lag: redelivery after a restart changes nothing.
      if (ops.length === 0 && last - (this.persisted.get(p.name) ?? 0) < CHECKPOINT_LAG) continue;
      const cp: Checkpoint = { name: p.name, position: last, version: p.version };
      await this.readStore.writeBatch(ops, cp);
      this.persisted.set(p.name, last);
    }
    this.position = last;
    this.release();
  }

  private async evolveAll(p: Projection, events: readonly RecordedEvent[]): Promise<WriteOp[]> {
    if (events.length === 0) return [];
    const slots = new Map<string, Slot<Document>>();
    const touched = new Map<string, number>();
    const keysPerEvent = events.map((e) => p.keys(e));
    const ids = [...new Set(keysPerEvent.flat())];
    for (const doc of await this.readStore.getMany(p.collection, ids)) slots.set(doc._id, doc);
    events.forEach((event, i) => {
      for (const key of keysPerEvent[i]!) {
        const slot = slots.get(key);
        const current = slot === DELETED ? undefined : slot;
        if (current && (current._pos ?? 0) >= event.position) continue;
        const next = p.evolve(current, event);
        slots.set(key, next === undefined ? (current === undefined ? slot : DELETED) : { ...next, _id: key, _pos: event.position });
        touched.set(key, event.position);
      }
    });
    const ops: WriteOp[] = [];
    for (const [key, position] of touched) {
      const slot = slots.get(key);
      if (slot === DELETED) ops.push({ kind: 'delete', collection: p.collection, id: key, position });
      else if (slot !== undefined) ops.push({ kind: 'put', collection: p.collection, doc: slot });
    }
    return ops;
  }

  /** Resolves once every projection has applied the event at `position` (read-your-writes). */
  wait(position: number, timeoutMs = 10_000): Promise<void> {
    if (this.failure) return Promise.reject(new UnavailableError('projections stopped'));
    if (position <= this.position) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        reject(new UnavailableError(`read models did not reach position ${position} in time`));
      }, timeoutMs);
      this.waiters.push({ position, resolve, reject, timer });
    });
  }

  private release(): void {
    if (this.waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.position <= this.position) {
        clearTimeout(w.timer);
        w.resolve();
      } else still.push(w);
    }
    this.waiters = still;
  }

  get processedPosition(): number {
    return this.position;
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    await this.loop;
    if (!this.failure) await this.flushCheckpoints();
  }

  /** Writes the checkpoints that were allowed to trail, so a restart starts where this run stopped. */
  private async flushCheckpoints(): Promise<void> {
    for (const p of this.projections) {
      const position = this.checkpoints.get(p.name) ?? 0;
      if (position === this.persisted.get(p.name)) continue;
      await this.readStore.writeBatch([], { name: p.name, position, version: p.version });
      this.persisted.set(p.name, position);
    }
  }
}
