import {
  ANY,
  BACKWARDS,
  END,
  ErrorType,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  excludeSystemEvents,
} from '@eventstore/db-client';
import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendExpectedRevision,
  AppendResult as EsdbAppendResult,
  EventData,
  JSONType,
  Position,
  ReadPosition,
  RecordedEvent as EsdbRecordedEvent,
  ResolvedEvent,
} from '@eventstore/db-client';
import { ConflictError, UnavailableError, ValidationError, WrongExpectedRevisionError } from '../../shared/errors';
import type {
  AllSubscription,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
} from './event-store.port';

const DEFAULT_READ_ALL_MAX = 1000;
const DEFAULT_MAX_BATCH = 1000;
/** `$all` pages are read at least this large, so runs of system events cost few round trips. */
const MIN_ALL_PAGE = 100;

/**
 * The production event store: an EventStoreDB / KurrentDB cluster over gRPC.
 *
 * Positions are the commit positions of the transaction log. Events written through this adapter
 * are single-event prepares whose commit and prepare positions are equal, so the commit position
 * alone orders `$all` strictly. System events (`$`-prefixed types or streams: stream metadata,
 * statistics, projections) are not part of Praetor's log and are left out of `$all` reads.
 * Needs a server that returns positions on stream reads (EventStoreDB 22.10 or later).
 */
export class EventStoreDbEventStore implements EventStore {
  private closed = false;

  static connect(connectionString: string): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  private constructor(private readonly client: EventStoreDBClient) {}

  async append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) {
      return { nextExpectedRevision: await this.streamRevision(stream), position: await this.headPosition() };
    }
    let appended: EsdbAppendResult;
    try {
      appended = await this.client.appendToStream(stream, events.map(toEventData), {
        expectedRevision: toEsdbExpectedRevision(expected),
      });
    } catch (err) {
      throw mapError(err, { stream, expected });
    }
    const nextExpectedRevision = Number(appended.nextExpectedRevision);
    // The server answers with the position of the write as a whole, and an idempotent retry with the
    // position it recorded for the original; neither is documented to be that of the last event,
    // which is what callers wait on. Reading the last event back gives the exact one.
    const [last] = await this.readStream(stream, { fromRevision: nextExpectedRevision, maxCount: 1 });
    if (last && last.revision === nextExpectedRevision) return { nextExpectedRevision, position: last.position };
    if (appended.position) return { nextExpectedRevision, position: fromEsdbPosition(appended.position) };
    throw new UnavailableError(`EventStoreDB returned no position for the append to ${stream}`);
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const out: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(stream, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision === undefined ? (backwards ? END : START) : BigInt(options.fromRevision),
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
      });
      for await (const resolved of read) {
        if (resolved.event) out.push(toRecorded(resolved.event, resolved));
      }
    } catch (err) {
      if (isEsdbError(err, ErrorType.STREAM_NOT_FOUND)) return [];
      throw mapError(err, { stream });
    }
    return out;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const max = options.maxCount ?? DEFAULT_READ_ALL_MAX;
    const out: RecordedEvent[] = [];
    if (max <= 0) return out;
    // Forward reads include the event at the start position, so the cursor is exclusive by hand.
    let cursor: Position = toEsdbPosition(options.after ?? 0);
    let from: ReadPosition = (options.after ?? 0) > 0 ? cursor : START;
    for (;;) {
      const pageSize = Math.max(max - out.length + 1, MIN_ALL_PAGE);
      let received = 0;
      try {
        for await (const resolved of this.client.readAll({ direction: FORWARDS, fromPosition: from, maxCount: pageSize })) {
          received += 1;
          const e = resolved.event;
          if (!e || comparePositions(e.position, cursor) <= 0) continue;
          cursor = e.position;
          if (!isSystemEvent(e) && out.length < max) out.push(toRecorded(e, resolved));
        }
      } catch (err) {
        throw mapError(err, {});
      }
      if (out.length >= max || received < pageSize) return out;
      from = cursor;
    }
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    const client = this.client;
    const maxBatch = Math.max(1, options.maxBatch ?? DEFAULT_MAX_BATCH);
    const after = options.after ?? 0;
    let closed = false;
    let source: AllStreamSubscription | undefined;
    let wake: (() => void) | undefined;

    const close = async (): Promise<void> => {
      if (closed) return;
      closed = true;
      wake?.();
      // A cancelled gRPC call reports itself as an error; nobody is listening for it any more.
      source?.on('error', () => undefined);
      await source?.unsubscribe().catch(() => undefined);
    };

    return {
      close,
      async *[Symbol.asyncIterator]() {
        if (closed) return;
        const sub = client.subscribeToAll({
          fromPosition: after > 0 ? toEsdbPosition(after) : START,
          filter: excludeSystemEvents(),
        });
        source = sub;
        let failure: unknown;
        let ended = false;
        const onReadable = () => wake?.();
        const onError = (err: unknown) => {
          failure ??= err;
          wake?.();
        };
        const onEnd = () => {
          ended = true;
          wake?.();
        };
        sub.on('readable', onReadable);
        sub.on('error', onError);
        sub.on('end', onEnd);
        sub.on('close', onEnd);
        try {
          while (!closed) {
            // Group what has already arrived, so a projection applies a burst in one write.
            const batch: RecordedEvent[] = [];
            let item: AllStreamResolvedEvent | null;
            while (batch.length < maxBatch && (item = sub.read() as AllStreamResolvedEvent | null) !== null) {
              const e = item.event;
              if (!e || isSystemEvent(e) || Number(e.position.commit) <= after) continue;
              batch.push(toRecorded(e, item));
            }
            if (batch.length > 0) {
              yield batch;
              continue;
            }
            if (closed) break;
            if (failure !== undefined) throw mapError(failure, {});
            // $all never ends on its own: an end we did not ask for is a dropped subscription.
            if (ended) throw new UnavailableError('EventStoreDB ended the $all subscription');
            await new Promise<void>((resolve) => {
              wake = resolve;
              if (closed || failure !== undefined || ended || sub.readableLength > 0) resolve();
            });
            wake = undefined;
          }
        } finally {
          sub.off('readable', onReadable);
          sub.off('end', onEnd);
          sub.off('close', onEnd);
          await close();
          sub.off('error', onError);
        }
      },
    };
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    let from: ReadPosition = END;
    for (;;) {
      let received = 0;
      let oldest: Position | undefined;
      try {
        for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: MIN_ALL_PAGE })) {
          received += 1;
          const e = resolved.event;
          if (!e) continue;
          if (!isSystemEvent(e)) return Number(e.position.commit);
          oldest = e.position;
        }
      } catch (err) {
        throw mapError(err, {});
      }
      if (received < MIN_ALL_PAGE || !oldest) return 0;
      // Backward reads stop short of the start position, so the next page begins strictly before.
      from = oldest;
    }
  }

  async streamRevision(stream: string): Promise<number> {
    const [last] = await this.readStream(stream, { direction: 'backwards', maxCount: 1 });
    return last ? last.revision : -1;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new UnavailableError('event store is closed');
  }
}

/**
 * Our expectations in the server's terms. -1 is the revision `streamRevision` reports for a
 * missing stream, so an exact -1 means "no stream" rather than an unsigned wrap-around.
 */
export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      if (!Number.isSafeInteger(expected) || expected < -1) {
        throw new ValidationError(`expected revision must be an integer >= -1, got ${expected}`);
      }
      return expected === -1 ? NO_STREAM : BigInt(expected);
  }
}

/** A position of ours as the server's log position; events we write have commit = prepare. */
export function toEsdbPosition(position: number): Position {
  if (!Number.isSafeInteger(position) || position < 0) throw new ValidationError(`position must be an integer >= 0, got ${position}`);
  return { commit: BigInt(position), prepare: BigInt(position) };
}

export function fromEsdbPosition(position: Position): number {
  return Number(position.commit);
}

function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

function isSystemEvent(e: { type: string; streamId: string }): boolean {
  return e.type.startsWith('$') || e.streamId.startsWith('$');
}

function toEventData(e: EventToAppend): EventData {
  return {
    id: e.id,
    contentType: 'application/json',
    type: e.type,
    // The client JSON-encodes data itself; any JSON value works at runtime, the type is narrower.
    data: (e.data ?? null) as JSONType,
    // Encoded here rather than by the client, which silently drops falsy metadata.
    metadata: new Uint8Array(Buffer.from(JSON.stringify(e.metadata ?? {}), 'utf8')),
  };
}

function toRecorded(e: EsdbRecordedEvent, resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent {
  const commit = e.position?.commit ?? resolved.commitPosition;
  if (commit === undefined) {
    throw new UnavailableError(`EventStoreDB returned event ${e.id} without a position (server 22.10 or later is required)`);
  }
  return {
    id: e.id,
    type: e.type,
    data: e.data,
    metadata: e.metadata instanceof Uint8Array ? decodeMetadata(e.metadata) : (e.metadata ?? {}),
    stream: e.streamId,
    revision: Number(e.revision),
    position: Number(commit),
    recordedAt: e.created.toISOString(),
  };
}

/** The client hands back raw bytes when metadata is not JSON (written by someone else); keep them visible. */
function decodeMetadata(bytes: Uint8Array): unknown {
  const text = Buffer.from(bytes).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return { raw: text };
  }
}

function isEsdbError(err: unknown, type: ErrorType): boolean {
  return typeof err === 'object' && err !== null && (err as { type?: unknown }).type === type;
}

interface ErrorContext {
  readonly stream?: string;
  readonly expected?: ExpectedRevision;
}

/**
 * gRPC status codes meaning "the server cannot be reached or did not answer in time". Some client
 * paths (the server-features probe before an append) reject with a bare gRPC error, not a typed one.
 */
const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;
const UNREACHABLE_GRPC_CODES: readonly unknown[] = [GRPC_CANCELLED, GRPC_DEADLINE_EXCEEDED, GRPC_UNAVAILABLE];

/** The client's errors in our vocabulary; anything unrecognised is passed on untouched. */
export function mapError(err: unknown, context: ErrorContext): unknown {
  if (typeof err !== 'object' || err === null) return err;
  const type = (err as { type?: unknown }).type;
  const message = (err as { message?: unknown }).message;
  const detail = typeof message === 'string' ? message : String(type);
  if (type === undefined && UNREACHABLE_GRPC_CODES.includes((err as { code?: unknown }).code)) {
    return new UnavailableError(`EventStoreDB: ${detail}`);
  }
  switch (type) {
    case ErrorType.WRONG_EXPECTED_VERSION: {
      const actual = (err as { actualVersion?: bigint | string }).actualVersion;
      return new WrongExpectedRevisionError(
        context.stream ?? (err as { streamName?: string }).streamName ?? '?',
        String(context.expected ?? (err as { expectedVersion?: unknown }).expectedVersion),
        actual === undefined || actual === NO_STREAM ? 'no_stream' : String(actual),
      );
    }
    case ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED:
      return new ValidationError(`append to ${context.stream ?? '?'} exceeds the server's maximum append size: ${detail}`);
    case ErrorType.STREAM_DELETED:
      return new ConflictError(`stream ${context.stream ?? '?'} is deleted`);
    case ErrorType.UNAVAILABLE:
    case ErrorType.DEADLINE_EXCEEDED:
    case ErrorType.TIMEOUT:
    case ErrorType.NOT_LEADER:
    case ErrorType.CANCELLED:
      return new UnavailableError(`EventStoreDB: ${detail}`);
    default:
      return err;
  }
}
