import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { EVENT_STORE, type EventStore } from '../../../infrastructure/event-store/event-store.port';
import { ProjectionRunner } from '../../../infrastructure/projections/projection-runner';
import { READ_STORE, type Filter, type ReadStore } from '../../../infrastructure/read-store/read-store.port';
import { CLOCK, CommandRunner, type Clock, type Principal } from '../../../shared/application';
import { NotFoundError, ValidationError } from '../../../shared/errors';
import { ACCOUNTS } from '../../tenancy';
import type { AuditEntry } from '../domain/audit-entry';
import { AUDIT_ENTRIES, type AuditEntryDoc } from '../read-models';
import { exportLines, type ExportQuery } from './audit-export';
import { retentionCutoff, retentionDays } from './retention';

export const READ_AUDIT_EVENT = 'read:audit_event';
const MAX_LIMIT = 200;
const MAX_TERMS = 100;

type Json = Record<string, unknown>;

/** The audit log of an account: filtered reads of the projection, and exports straight from the event store. */
@Injectable()
export class AuditLogUseCases {
  constructor(
    private readonly runner: CommandRunner,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * `{workspace_ids?, actor_ids?, events?, occurred?: {since?, until?}, limit?, offset?}`, newest first. An event term is
   * an exact name, or a prefix when it ends with '.' or '*' (matched ignoring case, as the read store's `$startsWith` does).
   */
  async filter(p: Principal, accountId: string, body: Json): Promise<AuditEntry[]> {
    await this.runner.authorize(p, READ_AUDIT_EVENT, { kind: 'account', accountId });
    const where = await this.where(accountId, body);
    const limit = page(body.limit, 'limit', 100);
    if (limit > MAX_LIMIT) throw new ValidationError(`limit must be at most ${MAX_LIMIT}`);
    const offset = page(body.offset, 'offset', 0);
    await this.caughtUp();
    const docs = await this.readStore.find<AuditEntryDoc>(AUDIT_ENTRIES, where, {
      sort: [{ field: 'occurred', direction: 'desc' }, { field: 'position', direction: 'desc' }],
      limit,
      offset,
    });
    return docs.map(entryOf);
  }

  /** How many entries `filter` would list without limit and offset (GraphQL's `totalCount`; REST has no count route). */
  async count(p: Principal, accountId: string, body: Json): Promise<number> {
    await this.runner.authorize(p, READ_AUDIT_EVENT, { kind: 'account', accountId });
    const where = await this.where(accountId, body);
    await this.caughtUp();
    return this.readStore.count(AUDIT_ENTRIES, where);
  }

  /** The read-store filter of a filter body, within the account's retention. */
  private async where(accountId: string, body: Json): Promise<Filter> {
    const occurred = optionalObject(body.occurred, 'occurred');
    const since = time(occurred?.since, 'occurred.since');
    const until = time(occurred?.until, 'occurred.until');
    const cutoff = await this.cutoff(accountId);
    const and: Filter[] = [{ _account: accountId }, { occurred: { $gte: since !== null && since > cutoff ? since : cutoff } }];
    if (until !== null) and.push({ occurred: { $lte: until } });
    const workspaces = strings(body.workspace_ids, 'workspace_ids');
    if (workspaces) and.push({ workspace_id: { $in: workspaces } });
    const actors = strings(body.actor_ids, 'actor_ids');
    if (actors) and.push({ 'actor.id': { $in: actors } });
    const events = strings(body.events, 'events');
    if (events) and.push({ $or: events.map(eventFilter) });
    return { $and: and };
  }

  async get(p: Principal, accountId: string, entryId: string): Promise<AuditEntry> {
    await this.runner.authorize(p, READ_AUDIT_EVENT, { kind: 'account', accountId });
    await this.caughtUp();
    const doc = await this.readStore.get<AuditEntryDoc>(AUDIT_ENTRIES, entryId);
    if (!doc || doc._account !== accountId || doc.occurred < (await this.cutoff(accountId))) throw new NotFoundError('Audit entry not found');
    return entryOf(doc);
  }

  /** Validates the query and authorizes before the first byte, then streams (see exportLines). */
  async export(p: Principal, accountId: string, query: Json): Promise<{ stream: Readable; format: 'ndjson' | 'csv' }> {
    await this.runner.authorize(p, READ_AUDIT_EVENT, { kind: 'account', accountId });
    const format = query.format === undefined || query.format === '' ? 'ndjson' : query.format;
    if (format !== 'ndjson' && format !== 'csv') throw new ValidationError('format must be ndjson or csv');
    const from = time(query.from, 'from');
    const to = time(query.to, 'to');
    const afterPosition = position(query.after_position);
    const previousHash = query.previous_hash === undefined || query.previous_hash === '' ? null : query.previous_hash;
    if (previousHash !== null && (typeof previousHash !== 'string' || !/^[0-9a-f]{64}$/.test(previousHash))) throw new ValidationError('previous_hash must be a SHA-256 hex digest');
    const q: ExportQuery = { accountId, from, to, afterPosition, previousHash, format };
    return { stream: Readable.from(exportLines(this.events, q)), format };
  }

  /** Every event appended before the read is in the projection (read-your-writes for the whole log). */
  private async caughtUp(): Promise<void> {
    await this.projections.wait(await this.events.headPosition());
  }

  private async cutoff(accountId: string): Promise<string> {
    const account = await this.readStore.get<Json & { _id: string }>(ACCOUNTS, accountId);
    return retentionCutoff(this.clock.now(), retentionDays(account));
  }
}

function entryOf(doc: AuditEntryDoc): AuditEntry {
  const { _id, _pos, _account, _workspace, ...entry } = doc;
  void _id, _pos, _account, _workspace;
  return entry as unknown as AuditEntry;
}

function eventFilter(term: string): Filter {
  if (term.endsWith('*')) return { event: { $startsWith: term.slice(0, -1) } };
  if (term.endsWith('.')) return { event: { $startsWith: term } };
  return { event: term };
}

function optionalObject(v: unknown, field: string): Json | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new ValidationError(`${field} must be an object`);
  return v as Json;
}

function strings(v: unknown, field: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.length > MAX_TERMS || !v.every((x) => typeof x === 'string' && x.length > 0 && x.length <= 200)) {
    throw new ValidationError(`${field} must be a list of at most ${MAX_TERMS} non-empty strings`);
  }
  return v as string[];
}

/** An ISO-8601 time, normalised to the store's `recordedAt` form (`...T..:..:..sssZ`); null when absent. */
function time(v: unknown, field: string): string | null {
  if (v === undefined || v === null || v === '') return null;
  const ms = typeof v === 'string' && v.length <= 64 ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) throw new ValidationError(`${field} must be an ISO-8601 date-time`);
  return new Date(ms).toISOString();
}

function page(v: unknown, field: string, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new ValidationError(`${field} must be a non-negative integer`);
  return v;
}

function position(v: unknown): number {
  if (v === undefined || v === '') return 0;
  const n = typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw new ValidationError('after_position must be a non-negative integer');
  return n;
}
