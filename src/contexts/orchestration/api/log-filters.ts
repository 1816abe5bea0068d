import type { Filter, SortKey } from '../../../infrastructure/read-store/read-store.port';
import { ValidationError } from '../../../shared/errors';
import { canonicalUuid } from '../application/events/prefect-event';
import { toMicroIso } from '../../../shared/ddd/micro-time';
import { compileFilter } from './prefect-filters';
import { textSearchFilter } from './text-search';

/**
 * Prefect's LogFilter (reference/prefect-api.md §7.2): level{ge_,le_}, timestamp{before_,after_},
 * flow_run_id{any_}, task_run_id{any_,is_null_}, text{query} (message and logger name), operator.
 * Timestamps compare at microsecond precision, as stored.
 */
type Json = Record<string, unknown>;

const uuids = (v: unknown, where: string): string[] | undefined => {
  if (v === null || v === undefined) return undefined;
  if (!Array.isArray(v)) throw new ValidationError(`${where} must be a list of UUIDs`);
  return v.map((x) => canonicalUuid(x) ?? invalid(`${where} must be a list of UUIDs`));
};

const time = (v: unknown, where: string): string | undefined => {
  if (v === null || v === undefined) return undefined;
  return toMicroIso(v) ?? invalid(`${where} must be an ISO-8601 datetime`);
};

const int = (v: unknown, where: string): number | undefined => {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ValidationError(`${where} must be an integer`);
  return v;
};

function invalid(message: string): never {
  throw new ValidationError(message);
}

export const logFilter = (f: unknown): Filter | undefined =>
  compileFilter(
    f,
    {
      level: (s: Json) => {
        const out: Filter[] = [];
        const ge = int(s.ge_, 'level.ge_');
        const le = int(s.le_, 'level.le_');
        if (ge !== undefined) out.push({ level: { $gte: ge } });
        if (le !== undefined) out.push({ level: { $lte: le } });
        return out;
      },
      timestamp: (s: Json) => {
        const out: Filter[] = [];
        const before = time(s.before_, 'timestamp.before_');
        const after = time(s.after_, 'timestamp.after_');
        if (before !== undefined) out.push({ timestamp: { $lte: before } });
        if (after !== undefined) out.push({ timestamp: { $gte: after } });
        return out;
      },
      flow_run_id: (s: Json) => {
        const any = uuids(s.any_, 'flow_run_id.any_');
        return any ? [{ flow_run_id: { $in: any } }] : [];
      },
      task_run_id: (s: Json) => {
        const out: Filter[] = [];
        const any = uuids(s.any_, 'task_run_id.any_');
        if (any) out.push({ task_run_id: { $in: any } });
        if (typeof s.is_null_ === 'boolean') out.push(s.is_null_ ? { task_run_id: null } : { task_run_id: { $ne: null } });
        return out;
      },
      text: (s: Json) => {
        const t = textSearchFilter(s, ['message', 'name'], 'text');
        return t ? [t] : [];
      },
    },
    'logs',
  );

export const LOG_SORTS: Record<string, readonly SortKey[]> = {
  TIMESTAMP_ASC: [{ field: 'timestamp', direction: 'asc' }],
  TIMESTAMP_DESC: [{ field: 'timestamp', direction: 'desc' }],
};
