import type { Filter } from '../../../infrastructure/read-store/read-store.port';
import { ValidationError } from '../../../shared/errors';
import { canonicalUuid } from '../application/events/prefect-event';
import { microIso, toMicroIso } from '../../../shared/ddd/micro-time';
import { and } from './prefect-filters';
import { textSearchFilter } from './text-search';

/**
 * Prefect's EventFilter (reference/prefect-api.md §7.2; Prefect's server/events/filters.py)
 * compiled to a read-store filter over the flattened fields of EventDoc (`toEventDoc`).
 *
 * Faithful: occurred bounds (default: the start of the day 180 days ago until now), event
 * prefix/name (case-sensitive), resource ids and id prefixes, ids, order, `related` id+role pairs.
 * Approximations, all documented here:
 *  - label values support `!` negation and a trailing `*` wildcard (a prefix test, which the read
 *    store does case-insensitively); any other `*` or `?` is literal;
 *  - `related.labels` are tied to the role(s) named in the same filter, not to one resource;
 *    `any_resource` does not tie ids and labels to one resource;
 *  - `text` searches the event's JSON (name, labels, payload), like Prefect's SQL version.
 */
export type EventOrder = 'ASC' | 'DESC';

export interface CompiledEventFilter {
  readonly filter: Filter;
  readonly order: EventOrder;
  readonly since: string;
  readonly until: string | undefined;
  /** `resource.distinct`: only the first event (in `order`) of each resource. */
  readonly distinct: boolean;
  /** The filter as given, with the time window made explicit: what a page token carries. */
  readonly normalized: Record<string, unknown>;
}

export interface EventFilterOptions {
  readonly now: Date;
  /** Backfill window of a websocket subscription: `since` is moved up to now minus this. */
  readonly clampMs?: number;
  /** Without an explicit `until`, leave the window open (live subscriptions). */
  readonly openEnded?: boolean;
}

type Json = Record<string, unknown>;
const DAY_MS = 86_400_000;

const obj = (v: unknown, where: string): Json | undefined => {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new ValidationError(`${where} must be an object`);
  return v as Json;
};

const strings = (v: unknown, where: string): string[] | undefined => {
  if (v === null || v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new ValidationError(`${where} must be a list of strings`);
  return v as string[];
};

const oneOrMany = (v: unknown, where: string): Json[] => {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.map((x, i) => obj(x, `${where}[${i}]`) ?? {});
  return [obj(v, where)!];
};

const NOTHING: Filter = { $or: [] };

/** Exact, case-sensitive prefix test on a scalar string field (a range, so indexes serve it). */
function prefixOf(field: string, prefix: string): Filter {
  if (prefix === '') return { [field]: { $gte: '' } };
  const last = prefix.charCodeAt(prefix.length - 1);
  if (last >= 0xd800 && last <= 0xdfff) return { [field]: { $startsWith: prefix } };
  return { [field]: { $gte: prefix, $lt: prefix.slice(0, -1) + String.fromCharCode(last + 1) } };
}

/** `label: value | [values]` tests over an array of `<scope>label=value` strings. */
function labelFilters(spec: unknown, field: string, scopes: readonly string[], where: string): Filter[] {
  const labels = obj(spec, where);
  if (!labels) return [];
  const out: Filter[] = [];
  for (const [label, raw] of Object.entries(labels)) {
    const values = typeof raw === 'string' ? [raw] : strings(raw, `${where}.${label}`);
    if (!values || values.length === 0) {
      out.push(NOTHING);
      continue;
    }
    const alternatives: Filter[] = [];
    for (const scope of scopes) {
      const present: Filter = { [field]: { $startsWith: `${scope}${label}=` } };
      for (const value of values) {
        const negated = value.startsWith('!');
        const pattern = negated ? value.slice(1) : value;
        const wildcard = pattern.endsWith('*');
        const entry = `${scope}${label}=${wildcard ? pattern.slice(0, -1) : pattern}`;
        const test: Filter = wildcard ? { [field]: { $startsWith: entry } } : { [field]: entry };
        // A negated value still needs the label: Prefect never matches a missing label.
        alternatives.push(negated ? { $and: [present, { $nor: [test] }] } : test);
      }
    }
    out.push({ $or: alternatives });
  }
  return out;
}

function occurredWindow(f: Json | undefined, options: EventFilterOptions): { since: string; until: string | undefined } {
  const now = options.now.getTime();
  const since = toMicroIso(f?.since) ?? (f?.since == null ? undefined : invalid('occurred.since'));
  const until = toMicroIso(f?.until) ?? (f?.until == null ? undefined : invalid('occurred.until'));
  const startOfToday = Math.floor(now / DAY_MS) * DAY_MS;
  let resolvedSince = since ?? microIso(new Date(startOfToday - 180 * DAY_MS));
  if (options.clampMs !== undefined) {
    const earliest = microIso(new Date(now - options.clampMs));
    if (resolvedSince < earliest) resolvedSince = earliest;
  }
  return { since: resolvedSince, until: until ?? (options.openEnded ? undefined : microIso(options.now)) };
}

function invalid(where: string): never {
  throw new ValidationError(`${where} must be an ISO-8601 datetime`);
}

function eventNameFilter(f: Json | undefined): Filter[] {
  if (!f) return [];
  const out: Filter[] = [];
  const prefix = strings(f.prefix, 'event.prefix');
  const exclude = strings(f.exclude_prefix, 'event.exclude_prefix');
  const name = strings(f.name, 'event.name');
  const excludeName = strings(f.exclude_name, 'event.exclude_name');
  if (prefix && prefix.length > 0) out.push({ $or: prefix.map((p) => prefixOf('event', p)) });
  if (exclude && exclude.length > 0) out.push({ $nor: exclude.map((p) => prefixOf('event', p)) });
  if (name && name.length > 0) out.push({ event: { $in: name } });
  if (excludeName && excludeName.length > 0) out.push({ event: { $nin: excludeName } });
  return out;
}

function resourceFilter(f: Json | undefined): Filter[] {
  if (!f) return [];
  const out: Filter[] = [];
  const ids = strings(f.id, 'resource.id');
  const prefixes = strings(f.id_prefix, 'resource.id_prefix');
  if (ids && ids.length > 0) out.push({ resource_id: { $in: ids } });
  if (prefixes && prefixes.length > 0) out.push({ $or: prefixes.map((p) => prefixOf('resource_id', p)) });
  out.push(...labelFilters(f.labels, '_resource_labels', [''], 'resource.labels'));
  return out;
}

function relatedFilter(f: Json, where: string): Filter[] {
  const out: Filter[] = [];
  // Like Prefect, an empty list means "no test", not "match nothing".
  const nonEmpty = (v: string[] | undefined) => (v && v.length > 0 ? v : undefined);
  const ids = nonEmpty(strings(f.id, `${where}.id`));
  let roles = nonEmpty(strings(f.role, `${where}.role`));
  const labels = obj(f.labels, `${where}.labels`);
  // A `prefect.resource.role` label is a role test (Prefect compares it exactly).
  let otherLabels: Json | undefined = labels;
  if (labels && labels['prefect.resource.role'] !== undefined) {
    const raw = labels['prefect.resource.role'];
    const labelRoles = nonEmpty(typeof raw === 'string' ? [raw] : strings(raw, `${where}.labels.prefect.resource.role`));
    if (labelRoles) roles = roles ? roles.filter((r) => labelRoles.includes(r)) : labelRoles;
    const { ['prefect.resource.role']: _, ...rest } = labels;
    otherLabels = rest;
  }
  if (roles && roles.length === 0) return [NOTHING];
  if (ids && roles) out.push({ _related_id_roles: { $in: roles.flatMap((r) => ids.map((id) => `${r}|${id}`)) } });
  else if (ids) out.push({ _related_ids: { $in: ids } });
  else if (roles) out.push({ _related_roles: { $in: roles } });
  if (Array.isArray(f.resources_in_roles) ? f.resources_in_roles.length > 0 : f.resources_in_roles !== null && f.resources_in_roles !== undefined) {
    if (!Array.isArray(f.resources_in_roles)) throw new ValidationError(`${where}.resources_in_roles must be a list of [id, role] pairs`);
    const pairs = f.resources_in_roles.map((p, i) => {
      if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'string' || typeof p[1] !== 'string') throw new ValidationError(`${where}.resources_in_roles[${i}] must be an [id, role] pair`);
      return `${p[1]}|${p[0]}`;
    });
    out.push({ _related_id_roles: { $in: pairs } });
  }
  if (otherLabels && Object.keys(otherLabels).length > 0) {
    out.push(...(roles ? labelFilters(otherLabels, '_related_role_labels', roles.map((r) => `${r}|`), `${where}.labels`) : labelFilters(otherLabels, '_related_labels', [''], `${where}.labels`)));
  }
  return out;
}

function anyResourceFilter(f: Json, where: string): Filter[] {
  const out: Filter[] = [];
  const ids = strings(f.id, `${where}.id`);
  const prefixes = strings(f.id_prefix, `${where}.id_prefix`);
  if (ids && ids.length > 0) out.push({ $or: [{ resource_id: { $in: ids } }, { _related_ids: { $in: ids } }] });
  if (prefixes && prefixes.length > 0) out.push({ $or: prefixes.flatMap((p) => [prefixOf('resource_id', p), { _related_ids: { $startsWith: p } }]) });
  const primary = labelFilters(f.labels, '_resource_labels', [''], `${where}.labels`);
  if (primary.length > 0) out.push({ $or: [and(...primary)!, and(...labelFilters(f.labels, '_related_labels', [''], `${where}.labels`))!] });
  return out;
}

/** Compiles an EventFilter; throws a ValidationError naming the first problem. */
export function compileEventFilter(raw: unknown, options: EventFilterOptions): CompiledEventFilter {
  const f = obj(raw, 'filter') ?? {};
  const occurred = obj(f.occurred, 'occurred');
  const window = occurredWindow(occurred, options);
  const order = f.order === null || f.order === undefined ? 'DESC' : f.order;
  if (order !== 'ASC' && order !== 'DESC') throw new ValidationError('order must be ASC or DESC');
  const parts: Filter[] = [{ occurred: window.until === undefined ? { $gte: window.since } : { $gte: window.since, $lte: window.until } }];
  parts.push(...eventNameFilter(obj(f.event, 'event')));
  const resource = obj(f.resource, 'resource');
  parts.push(...resourceFilter(resource));
  oneOrMany(f.related, 'related').forEach((r, i) => parts.push(...relatedFilter(r, `related[${i}]`)));
  oneOrMany(f.any_resource, 'any_resource').forEach((r, i) => parts.push(...anyResourceFilter(r, `any_resource[${i}]`)));
  const idFilter = obj(f.id, 'id');
  const ids = strings(idFilter?.id, 'id.id');
  if (ids && ids.length > 0) {
    const canonical = ids.map((id) => canonicalUuid(id) ?? invalidId(id));
    parts.push({ id: { $in: canonical } });
  }
  const text = textSearchFilter(f.text, ['json'], 'text');
  if (text) parts.push(text);
  const distinct = resource?.distinct === true;
  const normalized: Record<string, unknown> = { ...f, occurred: { since: window.since, until: window.until ?? null }, order };
  return { filter: and(...parts)!, order, since: window.since, until: window.until, distinct, normalized };
}

function invalidId(id: string): never {
  throw new ValidationError(`id.id: ${JSON.stringify(id)} is not a UUID`);
}
