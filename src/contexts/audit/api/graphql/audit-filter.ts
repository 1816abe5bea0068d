import { ValidationError } from '../../../../shared/errors';
import type { AuditEntry } from '../../domain/audit-entry';

/** AuditEntryFilter (schema/audit.graphql). */
export interface AuditEntryFilterInput {
  readonly workspaceIds?: readonly string[] | null;
  readonly actorIds?: readonly string[] | null;
  readonly events?: readonly string[] | null;
  readonly occurredSince?: string | null;
  readonly occurredUntil?: string | null;
}

type Json = Record<string, unknown>;

/** The REST filter body of an AuditEntryFilter (`POST .../audit_log/filter`), which the use case validates. */
export function auditFilterBody(f: AuditEntryFilterInput | null | undefined): Json {
  const body: Json = {};
  if (!f) return body;
  if (f.workspaceIds) body.workspace_ids = f.workspaceIds.map(lower);
  if (f.actorIds) body.actor_ids = f.actorIds.map(lower);
  if (f.events) body.events = f.events;
  const occurred: Json = {};
  if (f.occurredSince) occurred.since = f.occurredSince;
  if (f.occurredUntil) occurred.until = f.occurredUntil;
  if (Object.keys(occurred).length > 0) body.occurred = occurred;
  return body;
}

const lower = (id: string) => id.toLowerCase();
const MAX_TERMS = 100;

/**
 * The same filter for entries as they are recorded (the subscription), with the REST filter's meaning: an event term
 * is an exact name, or a prefix (ignoring case) when it ends with '.' or '*'; times are inclusive bounds.
 */
export function liveAuditFilter(f: AuditEntryFilterInput | null | undefined): (entry: AuditEntry) => boolean {
  if (!f) return () => true;
  const workspaces = set(f.workspaceIds, 'workspaceIds');
  const actors = set(f.actorIds, 'actorIds');
  const events = terms(f.events);
  const since = time(f.occurredSince, 'occurredSince');
  const until = time(f.occurredUntil, 'occurredUntil');
  return (entry) => {
    if (workspaces && (entry.workspace_id === null || !workspaces.has(entry.workspace_id))) return false;
    if (actors && !actors.has(entry.actor.id)) return false;
    if (events && !events.some((matches) => matches(entry.event))) return false;
    const at = Date.parse(entry.occurred);
    return (since === undefined || at >= since) && (until === undefined || at <= until);
  };
}

function set(ids: readonly string[] | null | undefined, field: string): ReadonlySet<string> | undefined {
  if (!ids) return undefined;
  if (ids.length > MAX_TERMS) throw new ValidationError(`${field} must be a list of at most ${MAX_TERMS} ids`);
  return new Set(ids.map(lower));
}

function terms(list: readonly string[] | null | undefined): ((event: string) => boolean)[] | undefined {
  if (!list) return undefined;
  if (list.length > MAX_TERMS || !list.every((t) => t.length > 0 && t.length <= 200)) throw new ValidationError(`events must be a list of at most ${MAX_TERMS} non-empty strings`);
  return list.map((term) => {
    const prefix = term.endsWith('*') ? term.slice(0, -1) : term.endsWith('.') ? term : undefined;
    if (prefix === undefined) return (event: string) => event === term;
    const p = prefix.toLowerCase();
    return (event: string) => event.toLowerCase().startsWith(p);
  });
}

function time(v: string | null | undefined, field: string): number | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  const ms = Date.parse(v);
  if (!Number.isFinite(ms)) throw new ValidationError(`${field} must be an ISO-8601 date-time`);
  return ms;
}
