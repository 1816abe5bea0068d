import type { RecordedEvent } from '../../shared/ddd';
import { UnavailableError, ValidationError } from '../../shared/errors';
import type { EventStore } from '../event-store/event-store.port';
import type { ProjectionRunner } from '../projections/projection-runner';

export interface LiveFeedOptions {
  /** Most recent events kept in memory, so a subscriber that reconnects soon resumes without reading the store. */
  readonly bufferEvents?: number;
  /** Events one subscriber may have waiting; past that it is closed with LiveFeedOverflowError. */
  readonly maxQueuedEvents?: number;
  /** Events per catch-up read of the event store. */
  readonly catchUpPage?: number;
}

const DEFAULTS = { bufferEvents: 10_000, maxQueuedEvents: 20_000, catchUpPage: 500 } as const;

/** A subscriber that fell too far behind: closed rather than holding an unbounded queue. */
export class LiveFeedOverflowError extends UnavailableError {
  constructor(limit: number) {
    super(`the subscriber fell more than ${limit} events behind the live feed and was closed; resubscribe with the last cursor`);
  }
}

/** Cursor = the event's global position, opaque to clients. */
export function encodeFeedCursor(position: number): string {
  return Buffer.from(`p:${position}`, 'utf8').toString('base64url');
}

export function decodeFeedCursor(cursor: string): number {
  const text = /^[A-Za-z0-9_-]{1,64}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const m = /^p:(\d{1,16})$/.exec(text);
  const position = m ? Number(m[1]) : NaN;
  if (!Number.isSafeInteger(position)) throw new ValidationError('Invalid cursor', [{ loc: ['after'], msg: 'not a cursor of this feed', type: 'value_error' }]);
  return position;
}

/** One subscriber's view of the feed: batches of events in global order, each event once. */
export interface LiveSubscription extends AsyncIterableIterator<readonly RecordedEvent[]> {
  /** Stops the subscription; a pending `next()` completes. */
  close(): void;
}

/**
 * The events of `$all` as they become readable, for subscriptions (one feed per process). Fed by the
 * ProjectionRunner once the read models hold each batch, so a subscriber never sees an event a query could
 * not read yet. Recent events stay in a bounded ring buffer; a subscriber resuming from an older position is
 * first served from the event store, then joined to the live batches without gaps or duplicates (by global
 * position). Each subscriber has a bounded queue: one that does not keep up is closed with an error. Knows no
 * context: subscribers filter the events themselves.
 */
export class LiveFeed {
  private static readonly feeds = new WeakMap<ProjectionRunner, LiveFeed>();

  /** The process's feed of `runner` (created on first use). */
  static of(runner: ProjectionRunner, events: EventStore, options: LiveFeedOptions = {}): LiveFeed {
    let feed = LiveFeed.feeds.get(runner);
    if (!feed) LiveFeed.feeds.set(runner, (feed = new LiveFeed(runner, events, options)));
    return feed;
  }

  private readonly options: Required<LiveFeedOptions>;
  private readonly buffer: RecordedEvent[][] = [];
  private buffered = 0;
  /** Every event after this position that was announced is in the buffer. */
  private floor: number;
  /** The last position announced by the runner (everything up to it is readable). */
  private announced: number;
  private readonly subscribers = new Set<FeedSubscriber>();
  private readonly observers = new Set<(batch: readonly RecordedEvent[]) => void>();
  private readonly unsubscribe: () => void;

  constructor(
    runner: ProjectionRunner,
    private readonly events: EventStore,
    options: LiveFeedOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.announced = runner.projectedPosition;
    this.floor = this.announced;
    this.unsubscribe = runner.onProjected((batch) => this.publish(batch));
  }

  /** The position of the newest event a subscriber can get. */
  get head(): number {
    return this.announced;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /**
   * Called with every batch, synchronously and before any subscriber gets it (e.g. to drop cached decisions
   * an event invalidates). Must not throw or block. Returns the function that removes it.
   */
  observe(observer: (batch: readonly RecordedEvent[]) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /**
   * Every event after `after` (default: from now on) that `accept` takes (default: all), in order. `accept` runs
   * synchronously as batches arrive (cheap checks only): a subscriber is not woken for events it does not want.
   */
  subscribe(after?: number, accept?: (event: RecordedEvent) => boolean): LiveSubscription {
    const from = after ?? this.announced;
    if (from > this.announced) throw new ValidationError('The cursor is ahead of the feed', [{ loc: ['after'], msg: 'unknown cursor', type: 'value_error' }]);
    const sub = new FeedSubscriber(this, from, this.announced, this.options.maxQueuedEvents, accept, () => this.subscribers.delete(sub));
    this.subscribers.add(sub);
    return sub;
  }

  /** Stops following the runner; every subscriber completes. */
  close(): void {
    this.unsubscribe();
    for (const s of [...this.subscribers]) s.close();
  }

  /** Events after `after` and up to `limit` that the buffer covers, or undefined when it no longer covers `after`. */
  fromBuffer(after: number, limit: number): RecordedEvent[] | undefined {
    if (after < this.floor) return undefined;
    const out: RecordedEvent[] = [];
    for (const batch of this.buffer) {
      if (batch[batch.length - 1]!.position <= after) continue;
      for (const e of batch) if (e.position > after && e.position <= limit) out.push(e);
    }
    return out;
  }

  /** A page of the event store after `after`. */
  readStore(after: number): Promise<RecordedEvent[]> {
    return this.events.readAll({ after, maxCount: this.options.catchUpPage });
  }

  private publish(batch: readonly RecordedEvent[]): void {
    if (batch.length === 0) return;
    const fresh = batch.filter((e) => e.position > this.announced);
    if (fresh.length === 0) return;
    this.announced = fresh[fresh.length - 1]!.position;
    this.buffer.push(fresh);
    this.buffered += fresh.length;
    while (this.buffered > this.options.bufferEvents && this.buffer.length > 1) {
      const dropped = this.buffer.shift()!;
      this.buffered -= dropped.length;
      this.floor = dropped[dropped.length - 1]!.position;
    }
    for (const o of this.observers) o(fresh);
    for (const s of this.subscribers) s.push(fresh);
  }
}

class FeedSubscriber implements LiveSubscription {
  /** Live batches announced since the subscription started, not yet handed out. */
  private readonly live: (readonly RecordedEvent[])[] = [];
  private queued = 0;
  /** Last position handed out (dedupe). */
  private delivered: number;
  /** Catch-up: positions up to this one were announced before the subscription and come from buffer or store. */
  private catchingUp: boolean;
  private failure: Error | undefined;
  private closed = false;
  private waiter: (() => void) | undefined;

  constructor(
    private readonly feed: LiveFeed,
    after: number,
    private readonly catchUpLimit: number,
    private readonly maxQueued: number,
    private readonly accept: ((event: RecordedEvent) => boolean) | undefined,
    private readonly onClose: () => void,
  ) {
    this.delivered = after;
    this.catchingUp = after < catchUpLimit;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  push(all: readonly RecordedEvent[]): void {
    if (this.closed || this.failure) return;
    const batch = this.accept ? all.filter(this.accept) : all;
    if (batch.length === 0) return;
    this.live.push(batch);
    this.queued += batch.length;
    if (this.queued > this.maxQueued) {
      this.failure = new LiveFeedOverflowError(this.maxQueued);
      this.live.length = 0;
      this.queued = 0;
      this.onClose();
    }
    this.wake();
  }

  async next(): Promise<IteratorResult<readonly RecordedEvent[]>> {
    for (;;) {
      if (this.failure) {
        const err = this.failure;
        this.finish();
        throw err;
      }
      if (this.closed) return { done: true, value: undefined };
      if (this.catchingUp) {
        const batch = await this.catchUp();
        if (batch.length > 0) return { done: false, value: batch };
        continue;
      }
      const batch = this.live.shift();
      if (batch) {
        this.queued -= batch.length;
        const fresh = batch[0]!.position > this.delivered ? batch : batch.filter((e) => e.position > this.delivered);
        if (fresh.length === 0) continue;
        this.delivered = fresh[fresh.length - 1]!.position;
        return { done: false, value: fresh };
      }
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  /** The next catch-up batch (from the buffer when it still covers the position, else from the store). */
  private async catchUp(): Promise<RecordedEvent[]> {
    const limit = this.catchUpLimit;
    const buffered = this.feed.fromBuffer(this.delivered, limit);
    let batch: RecordedEvent[];
    if (buffered) {
      batch = buffered;
      this.catchingUp = false;
      if (batch.length > 0) this.delivered = batch[batch.length - 1]!.position;
    } else {
      const page = await this.feed.readStore(this.delivered);
      batch = page.filter((e) => e.position > this.delivered && e.position <= limit);
      if (page.length === 0 || page[page.length - 1]!.position >= limit) this.catchingUp = false;
      // The read position moves past the whole page, also past events `accept` drops.
      if (batch.length > 0) this.delivered = batch[batch.length - 1]!.position;
    }
    if (this.closed) return [];
    return this.accept ? batch.filter(this.accept) : batch;
  }

  async return(): Promise<IteratorResult<readonly RecordedEvent[]>> {
    this.close();
    return { done: true, value: undefined };
  }

  async throw(err?: unknown): Promise<IteratorResult<readonly RecordedEvent[]>> {
    this.close();
    throw err;
  }

  close(): void {
    if (this.closed) return;
    this.finish();
    this.wake();
  }

  private finish(): void {
    this.closed = true;
    this.failure = undefined;
    this.live.length = 0;
    this.queued = 0;
    this.onClose();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }
}
