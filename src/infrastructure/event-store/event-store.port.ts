/**
 * The event store port. Every adapter (SQLite, EventStoreDB) passes test/contract/event-store.contract.ts.
 *
 * Revisions are 0-based per stream. Positions are global, strictly increasing over `$all`
 * (SQLite: 1, 2, 3, ... with no gaps; EventStoreDB: the commit position).
 */
export type ExpectedRevision = number | 'no_stream' | 'stream_exists' | 'any';

export interface EventToAppend {
  /** A UUID. Appending the same ids again to the same stream is a no-op that returns the original result. */
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

import type { RecordedEvent } from '../../shared/ddd/recorded-event';
export type { RecordedEvent };

export interface AppendResult {
  /** Revision of the last event now in the stream (the expected revision for the next append). */
  readonly nextExpectedRevision: number;
  /** Global position of the last appended event. */
  readonly position: number;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the start (forwards) or the end (backwards). */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events with a position strictly greater. Defaults to 0 (from the start). */
  readonly after?: number;
  readonly maxCount?: number;
}

/**
 * A catch-up subscription to `$all`: yields batches of events after `after`, first from history,
 * then live as they are appended. Stop it with `close()` (or by breaking out of the loop).
 */
export interface AllSubscription extends AsyncIterable<readonly RecordedEvent[]> {
  close(): Promise<void>;
}

export interface SubscribeToAllOptions {
  readonly after?: number;
  readonly maxBatch?: number;
}

export interface EventStore {
  /** Throws WrongExpectedRevisionError (shared/errors) when the expectation fails. */
  append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult>;
  /** Returns [] for a stream that does not exist. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription;
  /** Position of the last event in `$all`, 0 if empty. */
  headPosition(): Promise<number>;
  /** Current revision of the stream, or -1 when it does not exist. */
  streamRevision(stream: string): Promise<number>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
