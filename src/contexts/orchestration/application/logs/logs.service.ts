import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { LOGGER } from '../../../../infrastructure/observability/logger';
import { Metrics } from '../../../../infrastructure/observability/metrics';
import { compileMatcher } from '../../../../infrastructure/read-store/filter-match';
import { READ_STORE, type Filter, type FindOptions, type IndexSpec, type ReadStore, type WriteOp } from '../../../../infrastructure/read-store/read-store.port';
import { ScopedReadStore } from '../../../../infrastructure/read-store/scoped-read-store';
import { CLOCK, type Clock } from '../../../../shared/application';
import { ValidationError } from '../../../../shared/errors';
import { LOGS, type LogDoc } from '../../read-models';
import { canonicalUuid } from '../events/prefect-event';
import { microIso, toMicroIso } from '../../../../shared/ddd/micro-time';
import type { TenantScope } from '../orchestration-reads';

/** Prefect's LogCreate, validated. */
export interface LogCreate {
  readonly name: string;
  readonly level: number;
  readonly message: string;
  /** UTC with microseconds. */
  readonly timestamp: string;
  readonly flow_run_id: string | null;
  readonly task_run_id: string | null;
  readonly worker_id: string | null;
}

/** Prefect's Log as `/logs/filter` and `/logs/out` return it. */
export interface Log {
  readonly id: string;
  readonly created: string;
  readonly updated: string;
  readonly name: string;
  readonly level: number;
  readonly message: string;
  readonly timestamp: string;
  readonly flow_run_id: string | null;
  readonly task_run_id: string | null;
  readonly worker_id?: string;
}

export const LOG_INDEXES: readonly IndexSpec[] = [
  { name: 'logs_scope_timestamp', fields: [{ field: '_workspace' }, { field: 'timestamp' }] },
  { name: 'logs_scope_flow_run', fields: [{ field: '_workspace' }, { field: 'flow_run_id' }, { field: 'timestamp' }] },
];

type Detail = { loc: (string | number)[]; msg: string; type: string };

/** Validates `POST /logs/` (a JSON array of LogCreate); every problem is reported, Prefect-style. */
export function parseLogs(body: unknown): LogCreate[] {
  if (!Array.isArray(body)) throw new ValidationError('Invalid request received.', [{ loc: ['body'], msg: 'Input should be a valid list', type: 'list_type' }]);
  const details: Detail[] = [];
  const logs: LogCreate[] = [];
  body.forEach((raw, i) => {
    const bad = (field: string, msg: string, type: string) => details.push({ loc: ['body', i, field], msg, type });
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      details.push({ loc: ['body', i], msg: 'Input should be a valid dictionary', type: 'dict_type' });
      return;
    }
    const r = raw as Record<string, unknown>;
    const before = details.length;
    if (typeof r.name !== 'string') bad('name', 'Input should be a valid string', r.name === undefined ? 'missing' : 'string_type');
    const level = typeof r.level === 'string' && /^-?\d+$/.test(r.level) ? Number(r.level) : r.level;
    if (typeof level !== 'number' || !Number.isSafeInteger(level)) bad('level', 'Input should be a valid integer', r.level === undefined ? 'missing' : 'int_type');
    if (typeof r.message !== 'string') bad('message', 'Input should be a valid string', r.message === undefined ? 'missing' : 'string_type');
    const timestamp = toMicroIso(r.timestamp);
    if (!timestamp) bad('timestamp', 'Input should be a valid datetime', r.timestamp === undefined ? 'missing' : 'datetime_type');
    const ids: Record<string, string | null> = {};
    for (const field of ['flow_run_id', 'task_run_id', 'worker_id'] as const) {
      const v = r[field];
      if (v === null || v === undefined) ids[field] = null;
      else {
        const id = canonicalUuid(v);
        if (!id) bad(field, 'Input should be a valid UUID', 'uuid_parsing');
        ids[field] = id ?? null;
      }
    }
    if (details.length > before) return;
    logs.push({ name: r.name as string, level: level as number, message: r.message as string, timestamp: timestamp!, flow_run_id: ids.flow_run_id!, task_run_id: ids.task_run_id!, worker_id: ids.worker_id! });
  });
  if (details.length > 0) throw new ValidationError('Invalid request received.', details);
  return logs;
}

export function toLog(doc: LogDoc): Log {
  const log: Log = {
    id: doc.id,
    created: doc.created,
    updated: doc.updated,
    name: doc.name,
    level: doc.level,
    message: doc.message,
    timestamp: doc.timestamp,
    flow_run_id: doc.flow_run_id,
    task_run_id: doc.task_run_id,
  };
  return doc.worker_id ? { ...log, worker_id: doc.worker_id } : log;
}

interface Subscriber {
  readonly matches: (doc: LogDoc) => boolean;
  readonly listener: (log: Log) => void;
}

/**
 * Run logs are telemetry (ARCHITECTURE.md): one request's lines go to the read store in one batch,
 * never through the event store. Live readers (`/logs/out`) are told after the write.
 */
@Injectable()
export class LogsService implements OnModuleInit {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private readonly ids = new MonotonicUuid7();

  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.readStore.ensureCollection(LOGS, LOG_INDEXES);
  }

  async write(scope: TenantScope, logs: readonly LogCreate[]): Promise<void> {
    if (logs.length === 0) return;
    const now = this.clock.now();
    const created = microIso(now);
    // Ids grow in request order, so lines with one timestamp keep their order (sorts end on `_id`).
    const docs: LogDoc[] = logs.map((l) => {
      const id = this.ids.next(now.getTime());
      return { _id: id, _account: scope.accountId, _workspace: scope.workspaceId, id, created, updated: created, ...l };
    });
    const ops: WriteOp[] = docs.map((doc) => ({ kind: 'put', collection: LOGS, doc }));
    await this.readStore.writeBatch(ops);
    this.metrics.logLines.inc(docs.length);
    this.publish(scope, docs);
  }

  find(scope: TenantScope, filter: Filter | undefined, options: FindOptions): Promise<Log[]> {
    return new ScopedReadStore(this.readStore, { accountId: scope.accountId, workspaceId: scope.workspaceId }).find<LogDoc>(LOGS, filter, options).then((docs) => docs.map(toLog));
  }

  /** Calls `listener` for every line written from now on in the workspace that matches `filter`. */
  subscribe(scope: TenantScope, filter: Filter | undefined, listener: (log: Log) => void): () => void {
    const key = `${scope.accountId}/${scope.workspaceId}`;
    const sub: Subscriber = { matches: compileMatcher(filter), listener };
    let set = this.subscribers.get(key);
    if (!set) this.subscribers.set(key, (set = new Set()));
    set.add(sub);
    return () => {
      set.delete(sub);
      if (set.size === 0 && this.subscribers.get(key) === set) this.subscribers.delete(key);
    };
  }

  private publish(scope: TenantScope, docs: readonly LogDoc[]): void {
    const subs = this.subscribers.get(`${scope.accountId}/${scope.workspaceId}`);
    if (!subs) return;
    for (const doc of docs) {
      for (const sub of subs) {
        try {
          if (sub.matches(doc)) sub.listener(toLog(doc));
        } catch (err) {
          this.logger.warn({ err }, 'a log subscriber failed');
        }
      }
    }
  }
}

/**
 * UUIDv7 with a counter in the 12 `rand_a` bits (RFC 9562 §6.2, method 1), so ids made in one
 * process sort in the order they were made, also within one millisecond.
 */
class MonotonicUuid7 {
  private lastMs = -1;
  private counter = 0;

  next(nowMs: number): string {
    let ms = nowMs;
    if (ms <= this.lastMs) {
      ms = this.lastMs;
      this.counter++;
      if (this.counter > 0xfff) {
        ms = ++this.lastMs;
        this.counter = 0;
      }
    } else {
      this.lastMs = ms;
      this.counter = 0;
    }
    const bytes = randomBytes(16);
    for (let i = 0; i < 6; i++) bytes[i] = Math.floor(ms / 2 ** (8 * (5 - i))) & 0xff;
    bytes[6] = 0x70 | ((this.counter >> 8) & 0x0f);
    bytes[7] = this.counter & 0xff;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    const x = bytes.toString('hex');
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
  }
}
