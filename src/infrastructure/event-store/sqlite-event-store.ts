import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { ConflictError, UnavailableError, WrongExpectedRevisionError } from '../../shared/errors';
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

interface PendingAppend {
  readonly stream: string;
  readonly events: readonly EventToAppend[];
  readonly expected: ExpectedRevision;
  readonly resolve: (r: AppendResult) => void;
  readonly reject: (e: unknown) => void;
}

interface EventRow {
  position: number;
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

export interface SqliteEventStoreOptions {
  /** Called after every committed group with its size and how long the commit took (ms). */
  readonly onCommit?: (appends: number, events: number, millis: number) => void;
}

/**
 * The embedded event store: one SQLite file in WAL mode with `synchronous=FULL`, so a commit is
 * on disk before it is acknowledged. Appends that arrive in the same event-loop turn share one
 * transaction (group commit): the fsync is paid once per group, not once per append.
 * Single-writer: one process owns the file.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly notifier = new EventEmitter();
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private head: number;
  private closed = false;
  private readonly stmts: ReturnType<SqliteEventStore['prepare']>;

  static open(path: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    return new SqliteEventStore(path, options);
  }

  private constructor(
    path: string,
    private readonly options: SqliteEventStoreOptions,
  ) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // better-sqlite3 compiles SQLite with WAL synchronous=NORMAL as default: an ack must mean durable.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        position    INTEGER PRIMARY KEY,
        id          TEXT    NOT NULL UNIQUE,
        stream      TEXT    NOT NULL,
        revision    INTEGER NOT NULL,
        type        TEXT    NOT NULL,
        data        TEXT    NOT NULL,
        metadata    TEXT    NOT NULL,
        recorded_at TEXT    NOT NULL
      );
      CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events(stream, revision);
    `);
    this.stmts = this.prepare();
    this.head = (this.stmts.head.get() as { p: number | null }).p ?? 0;
    this.notifier.setMaxListeners(0);
  }

  private prepare() {
    const db = this.db;
    return {
      head: db.prepare('SELECT MAX(position) AS p FROM events'),
      revision: db.prepare('SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1').pluck(),
      byId: db.prepare('SELECT position, stream, revision FROM events WHERE id = ?'),
      insert: db.prepare(
        'INSERT INTO events (position, id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      forwards: db.prepare('SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision ASC LIMIT ?'),
      backwards: db.prepare('SELECT * FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?'),
      all: db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position ASC LIMIT ?'),
    };
  }

  append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new UnavailableError('event store is closed'));
    if (events.length === 0) return this.streamRevision(stream).then((r) => ({ nextExpectedRevision: r, position: this.head }));
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ stream, events, expected, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const started = performance.now();
    const outcomes: ({ ok: AppendResult } | { err: unknown })[] = [];
    const headBefore = this.head;
    let eventCount = 0;
    try {
      this.db.exec('BEGIN IMMEDIATE');
      for (const req of batch) {
        this.db.exec('SAVEPOINT a');
        const headAtSavepoint = this.head;
        try {
          const result = this.applyOne(req);
          this.db.exec('RELEASE a');
          outcomes.push({ ok: result });
          eventCount += req.events.length;
        } catch (err) {
          this.db.exec('ROLLBACK TO a');
          this.db.exec('RELEASE a');
          this.head = headAtSavepoint;
          outcomes.push({ err });
        }
      }
      this.db.exec('COMMIT');
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.head = headBefore;
      const failure = new UnavailableError(`event store commit failed: ${(err as Error).message}`);
      for (const req of batch) req.reject(failure);
      return;
    }
    this.options.onCommit?.(batch.length, eventCount, performance.now() - started);
    batch.forEach((req, i) => {
      const o = outcomes[i]!;
      if ('ok' in o) req.resolve(o.ok);
      else req.reject(o.err);
    });
    if (this.head !== headBefore) this.notifier.emit('appended', this.head);
  }

  private applyOne(req: PendingAppend): AppendResult {
    const current = this.currentRevision(req.stream);
    const replay = this.idempotentReplay(req);
    if (replay) return replay;
    checkExpectation(req.stream, req.expected, current);
    const recordedAt = new Date().toISOString();
    let revision = current;
    for (const e of req.events) {
      revision += 1;
      this.head += 1;
      try {
        this.stmts.insert.run(this.head, e.id, req.stream, revision, e.type, JSON.stringify(e.data ?? null), JSON.stringify(e.metadata ?? {}), recordedAt);
      } catch (err) {
        // Ids are unique across the whole log: a later event of this append reusing one is a conflict, like the first.
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new ConflictError(`event id ${e.id} already exists`);
        throw err;
      }
    }
    return { nextExpectedRevision: revision, position: this.head };
  }

  /** The same event ids appended again to the same stream: answer as the first time, write nothing. */
  private idempotentReplay(req: PendingAppend): AppendResult | undefined {
    const first = this.stmts.byId.get(req.events[0]!.id) as { position: number; stream: string; revision: number } | undefined;
    if (!first) return undefined;
    if (first.stream !== req.stream) throw new ConflictError(`event id ${req.events[0]!.id} already exists in another stream`);
    const stored = this.stmts.forwards.all(req.stream, first.revision, req.events.length) as EventRow[];
    const same = stored.length === req.events.length && stored.every((row, i) => row.id === req.events[i]!.id);
    if (!same) throw new ConflictError(`event ids of this append were partly appended before to ${req.stream}`);
    const last = stored[stored.length - 1]!;
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  private currentRevision(stream: string): number {
    const r = this.stmts.revision.get(stream) as number | undefined;
    return r ?? -1;
  }

  async streamRevision(stream: string): Promise<number> {
    return this.currentRevision(stream);
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const rows =
      options.direction === 'backwards'
        ? (this.stmts.backwards.all(stream, options.fromRevision ?? Number.MAX_SAFE_INTEGER, max) as EventRow[])
        : (this.stmts.forwards.all(stream, options.fromRevision ?? 0, max) as EventRow[]);
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAllSync(options.after ?? 0, options.maxCount ?? 1000);
  }

  private readAllSync(after: number, max: number): RecordedEvent[] {
    return (this.stmts.all.all(after, max) as EventRow[]).map(toRecorded);
  }

  async headPosition(): Promise<number> {
    return this.head;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    const store = this;
    const maxBatch = options.maxBatch ?? 1000;
    let last = options.after ?? 0;
    let closed = false;
    let wake: (() => void) | undefined;
    const onAppend = () => wake?.();
    this.notifier.on('appended', onAppend);
    this.notifier.on('closed', onAppend);
    const stop = async () => {
      closed = true;
      store.notifier.off('appended', onAppend);
      store.notifier.off('closed', onAppend);
      wake?.();
    };
    return {
      close: stop,
      async *[Symbol.asyncIterator]() {
        try {
          while (!closed && !store.closed) {
            if (store.head > last) {
              const batch = store.readAllSync(last, maxBatch);
              if (batch.length > 0) {
                last = batch[batch.length - 1]!.position;
                yield batch;
                continue;
              }
            }
            await new Promise<void>((resolve) => {
              wake = resolve;
              if (closed || store.closed || store.head > last) resolve();
            });
            wake = undefined;
          }
        } finally {
          await stop();
        }
      },
    };
  }

  /** For checks and tests: SQLite's own verdict on the file. */
  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Let appends already accepted reach the disk before closing.
    while (this.queue.length > 0) this.flush();
    this.closed = true;
    this.notifier.emit('closed');
    this.db.close();
  }
}

function checkExpectation(stream: string, expected: ExpectedRevision, current: number): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === -1) ||
    (expected === 'stream_exists' && current >= 0) ||
    (typeof expected === 'number' && expected === current);
  if (!ok) throw new WrongExpectedRevisionError(stream, String(expected), current === -1 ? 'no_stream' : String(current));
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    stream: row.stream,
    revision: row.revision,
    position: row.position,
    recordedAt: row.recorded_at,
  };
}
