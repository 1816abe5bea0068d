import { toMicroIso } from '../../../shared/ddd';
import { ValidationError } from '../../../shared/errors';
import type { Filter, FindOptions, SortKey } from '../../../infrastructure/read-store/read-store.port';

/**
 * Prefect's filter objects (reference/prefect-api.md §7) compiled to read-store filters.
 * Lenient like the client expects: nulls and unknown keys are ignored, an empty filter matches all.
 */
type Json = Record<string, unknown>;
type FieldCompiler = (sub: Json) => Filter[];

const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const list = (v: unknown, where: string): unknown[] | undefined => {
  if (v === null || v === undefined) return undefined;
  if (!Array.isArray(v)) throw new ValidationError(`${where} must be a list`);
  return v;
};
const scalars = (v: unknown, where: string) => list(v, where) as (string | number | boolean | null)[] | undefined;
const str = (v: unknown, where: string): string | undefined => {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'string') throw new ValidationError(`${where} must be a string`);
  return v;
};
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

/** Normalises a datetime the client sends (ISO, or Python's `str(datetime)` with a space) to our ISO form. */
export function isoDate(v: unknown, where: string): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'string') throw new ValidationError(`${where} must be a datetime string`);
  const t = toMicroIso(v);
  if (t === undefined) throw new ValidationError(`${where} is not a valid datetime: ${v}`);
  return t;
}

/** `is_null_: true` → the field is null or missing; `false` → it has a value. */
const isNull = (field: string, s: Json): Filter[] => (bool(s.is_null_) === undefined ? [] : [s.is_null_ ? { [field]: null } : { [field]: { $ne: null } }]);

export const ops = {
  id(field: string): FieldCompiler {
    return (s) => {
      const out: Filter[] = [];
      const any = scalars(s.any_, `${field}.any_`);
      const notAny = scalars(s.not_any_, `${field}.not_any_`);
      if (any) out.push({ [field]: { $in: any } });
      if (notAny) out.push({ [field]: { $nin: notAny } });
      const eq = s.eq_;
      if (eq !== undefined && eq !== null) out.push({ [field]: eq as string });
      out.push(...isNull(field, s));
      return out;
    };
  },
  name(field: string): FieldCompiler {
    return (s) => {
      const out = ops.id(field)(s);
      const like = str(s.like_, `${field}.like_`);
      if (like !== undefined) out.push({ [field]: { $contains: like } });
      const starts = scalars(s.startswith_, `${field}.startswith_`);
      if (starts) out.push({ $or: starts.map((p) => ({ [field]: { $startsWith: String(p) } })) });
      return out;
    };
  },
  tags(field: string): FieldCompiler {
    return (s) => {
      const out: Filter[] = [];
      const all = scalars(s.all_, `${field}.all_`);
      const any = scalars(s.any_, `${field}.any_`);
      if (all) out.push({ [field]: { $all: all } });
      if (any) out.push({ [field]: { $in: any } });
      // is_null_ on a list means "empty": projections keep `<field>_count` beside every tag list.
      if (bool(s.is_null_) !== undefined) out.push(s.is_null_ ? { [`${field}_count`]: 0 } : { [`${field}_count`]: { $gt: 0 } });
      return out;
    };
  },
  time(field: string): FieldCompiler {
    return (s) => {
      const out: Filter[] = [];
      const before = isoDate(s.before_, `${field}.before_`);
      const after = isoDate(s.after_, `${field}.after_`);
      if (before) out.push({ [field]: { $lte: before } });
      if (after) out.push({ [field]: { $gte: after } });
      out.push(...isNull(field, s));
      return out;
    };
  },
  number(field: string): FieldCompiler {
    return (s) => {
      const out: Filter[] = [];
      if (typeof s.ge_ === 'number') out.push({ [field]: { $gte: s.ge_ } });
      if (typeof s.le_ === 'number') out.push({ [field]: { $lte: s.le_ } });
      if (typeof s.eq_ === 'number') out.push({ [field]: s.eq_ });
      out.push(...isNull(field, s));
      return out;
    };
  },
};

/** Compiles one Prefect filter object given the compilers of its sub-filters; honours `operator`. */
export function compileFilter(input: unknown, fields: Record<string, FieldCompiler | ((sub: Json) => Filter[])>, where: string): Filter | undefined {
  const f = obj(input);
  if (!f) {
    if (input !== null && input !== undefined) throw new ValidationError(`${where} must be an object`);
    return undefined;
  }
  const parts: Filter[] = [];
  for (const [key, compile] of Object.entries(fields)) {
    const sub = obj(f[key]);
    if (sub) {
      const clauses = compile(sub);
      if (clauses.length === 1) parts.push(clauses[0]!);
      else if (clauses.length > 1) parts.push({ $and: clauses });
    }
  }
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return f.operator === 'or_' ? { $or: parts } : { $and: parts };
}

export function and(...filters: (Filter | undefined)[]): Filter | undefined {
  const present = filters.filter((f): f is Filter => f !== undefined);
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : { $and: present };
}

export const flowFilter = (f: unknown) =>
  compileFilter(f, { id: ops.id('id'), name: ops.name('name'), tags: ops.tags('tags') }, 'flows');

export const DEFAULT_LIMIT = 200;

/** `limit`/`offset` with Prefect's rules: null means the default; over 200 or negative is 422. */
export function paging(body: Json): { limit: number; offset: number } {
  const limit = body.limit === null || body.limit === undefined ? DEFAULT_LIMIT : body.limit;
  const offset = body.offset === null || body.offset === undefined ? 0 : body.offset;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0 || limit > DEFAULT_LIMIT) throw new ValidationError(`limit must be an integer between 0 and ${DEFAULT_LIMIT}`);
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) throw new ValidationError('offset must be a non-negative integer');
  return { limit, offset };
}

/** Maps a Prefect sort enum to sort keys; unknown values are a 422 listing the allowed ones. */
export function sorting(value: unknown, table: Record<string, readonly SortKey[]>, fallback: string): readonly SortKey[] {
  const key = value === null || value === undefined ? fallback : value;
  if (typeof key !== 'string' || !(key in table)) throw new ValidationError(`sort must be one of ${Object.keys(table).join(', ')}`);
  return table[key]!;
}

export function findOptions(body: Json, table: Record<string, readonly SortKey[]>, fallback: string): FindOptions {
  return { ...paging(body), sort: sorting(body.sort, table, fallback) };
}

const asc = (field: string): SortKey => ({ field, direction: 'asc' });
const desc = (field: string): SortKey => ({ field, direction: 'desc' });

export const FLOW_SORTS: Record<string, readonly SortKey[]> = {
  NAME_ASC: [asc('name')],
  NAME_DESC: [desc('name')],
  CREATED_DESC: [desc('created')],
  UPDATED_DESC: [desc('updated')],
};

export const body = (v: unknown): Json => obj(v) ?? {};

const stateFilter: FieldCompiler = (s) => {
  const out: Filter[] = [];
  const type = obj(s.type);
  const name = obj(s.name);
  if (type) out.push(...ops.id('state_type')(type));
  if (name) out.push(...ops.id('state_name')(name));
  if (out.length > 1 && s.operator === 'or_') return [{ $or: out }];
  return out;
};

/** FlowRunFilter fields that live on the flow-run document itself (joins are resolved by the query layer). */
export const flowRunFilter = (f: unknown) =>
  compileFilter(
    f,
    {
      id: ops.id('id'),
      name: ops.name('name'),
      tags: ops.tags('tags'),
      deployment_id: ops.id('deployment_id'),
      work_queue_name: ops.id('work_queue_name'),
      state: stateFilter,
      flow_version: ops.id('flow_version'),
      start_time: ops.time('start_time'),
      end_time: ops.time('end_time'),
      expected_start_time: ops.time('expected_start_time'),
      next_scheduled_start_time: ops.time('next_scheduled_start_time'),
      parent_task_run_id: ops.id('parent_task_run_id'),
      parent_flow_run_id: ops.id('parent_flow_run_id'),
      idempotency_key: ops.id('idempotency_key'),
      created_by: (s) => [...ops.id('created_by.id')({ any_: s.id_ }), ...ops.id('created_by.type')({ any_: s.type_ })],
      flow_id: ops.id('flow_id'),
      work_pool_name: ops.id('work_pool_name'),
    },
    'flow_runs',
  );

/** TaskRunFilter; `flow_run_id.is_null_` defaults to false in Prefect (a task run filter means "has a flow run"). */
export const taskRunFilter = (f: unknown) =>
  compileFilter(
    f,
    {
      id: ops.id('id'),
      name: ops.name('name'),
      tags: ops.tags('tags'),
      state: stateFilter,
      start_time: ops.time('start_time'),
      end_time: ops.time('end_time'),
      expected_start_time: ops.time('expected_start_time'),
      flow_run_id: (s) => ops.id('flow_run_id')({ ...s, is_null_: s.is_null_ ?? (s.any_ === undefined || s.any_ === null ? false : undefined) }),
      subflow_runs: (s) => (bool(s.exists_) === undefined ? [] : [s.exists_ ? { 'state.state_details.child_flow_run_id': { $ne: null } } : { 'state.state_details.child_flow_run_id': null }]),
    },
    'task_runs',
  );

export const FLOW_RUN_SORTS: Record<string, readonly SortKey[]> = {
  ID_DESC: [desc('id')],
  START_TIME_ASC: [asc('start_time')],
  START_TIME_DESC: [desc('start_time')],
  EXPECTED_START_TIME_ASC: [asc('expected_start_time')],
  EXPECTED_START_TIME_DESC: [desc('expected_start_time')],
  NAME_ASC: [asc('name')],
  NAME_DESC: [desc('name')],
  NEXT_SCHEDULED_START_TIME_ASC: [asc('next_scheduled_start_time')],
  END_TIME_DESC: [desc('end_time')],
};

export const TASK_RUN_SORTS: Record<string, readonly SortKey[]> = {
  ID_DESC: [desc('id')],
  EXPECTED_START_TIME_ASC: [asc('expected_start_time')],
  EXPECTED_START_TIME_DESC: [desc('expected_start_time')],
  NAME_ASC: [asc('name')],
  NAME_DESC: [desc('name')],
  NEXT_SCHEDULED_START_TIME_ASC: [asc('next_scheduled_start_time')],
  END_TIME_DESC: [desc('end_time')],
};
