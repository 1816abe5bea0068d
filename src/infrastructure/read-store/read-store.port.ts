/**
 * The read store port: collections of JSON documents for projections and queries.
 * Every adapter (SQLite, MongoDB) passes test/contract/read-store.contract.ts.
 *
 * Reserved document fields:
 *  - `_id`: the document id (string);
 *  - `_pos`: global position of the last event applied (the position guard);
 *  - `_account`, `_workspace`: the tenancy scope, stamped and filtered by ScopedCollection.
 *
 * Documents are JSON values: plain objects, arrays, strings, finite numbers, booleans and null.
 * A property whose value is `undefined` is not stored. Collection and index names match
 * `NAME_PATTERN`. A collection exists from its first write on; reading one that does not exist
 * yields nothing.
 *
 * Filter semantics (every adapter agrees, the contract suite pins them down):
 *  - A field is a dotted path of identifiers (`FIELD_PATH_PATTERN`) that walks nested objects
 *    (`state.type`). A path that walks *through* an array of objects (`items.name`) is unspecified.
 *  - Types never coerce: 1, '1' and true are three different values.
 *  - On an array field, `$eq`, `$in`, `$all`, the ranges, `$contains` and `$startsWith` hold when
 *    any element matches (MongoDB semantics); `$ne` and `$nin` are their exact negations (no element
 *    matches). Several operators on one field must all hold, each possibly by a different element.
 *  - null and missing: `{f: null}`, `$eq: null` and `$in: [null, …]` match a field that is null or
 *    missing (or an array holding null); `$ne: null` matches a field that is present and not null;
 *    `$exists: true` matches a present field, even null; `$exists: false` matches a missing one only.
 *  - Ranges compare numbers with numbers and strings with strings (by Unicode code point, so ISO-8601
 *    timestamps in one format order by time); any other type, null or missing never matches a range.
 *  - `$contains` / `$startsWith` match string values only, case-insensitively character by character
 *    (see `textMatchPattern`); the needle is literal text, never a pattern.
 *  - `$all: []` and `$or: []` match nothing; `{}`, `$and: []`, `$nor: []` and an `undefined` condition
 *    match everything. `$nor: [a, b]` holds when none of the filters holds (a document missing a
 *    field fails the inner test, so it passes the negation).
 *  - A malformed filter (unknown operator, bad path, wrong operand type, empty condition `{}`) is
 *    rejected with a ValidationError; so are a bad sort field and a negative or fractional limit/offset.
 *
 * Order: by the sort keys, then `_id` ascending (also the order when no sort is given). Null and
 * missing come first ascending and last descending (their order among themselves is unspecified),
 * numbers before strings; strings by code point (characters beyond U+FFFF against U+E000–U+FFFF
 * are unspecified: some MongoDB-compatible servers compare UTF-16 units). Sorting on arrays,
 * objects, booleans or mixed types is otherwise unspecified. `limit: 0` returns no documents.
 */
import type { Document, IndexSpec } from '../../shared/ddd/projection';
import { ValidationError } from '../../shared/errors';
export type { Document, IndexSpec };

export type Scalar = string | number | boolean | null;

export interface FieldCondition {
  $eq?: Scalar;
  $ne?: Scalar;
  $in?: readonly Scalar[];
  $nin?: readonly Scalar[];
  /** Array field contains every one of these values (a scalar field equal to the one value matches too). */
  $all?: readonly Scalar[];
  $gt?: string | number;
  $gte?: string | number;
  $lt?: string | number;
  $lte?: string | number;
  $exists?: boolean;
  /** Case-insensitive substring match on a string field. */
  $contains?: string;
  /** Case-insensitive prefix match on a string field. */
  $startsWith?: string;
}

/**
 * Field names may be dotted paths into nested objects (`state.type`). A bare scalar means `$eq`;
 * on an array field `$eq`/`$in` match when any element matches (MongoDB semantics).
 */
export type Filter = {
  $and?: readonly Filter[];
  $or?: readonly Filter[];
  /** None of these filters holds (MongoDB's `$nor`). */
  $nor?: readonly Filter[];
} & { [field: string]: Scalar | FieldCondition | readonly Filter[] | undefined };

export interface SortKey {
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}

export interface FindOptions {
  readonly sort?: readonly SortKey[];
  readonly limit?: number;
  readonly offset?: number;
}


export type WriteOp =
  | { readonly kind: 'put'; readonly collection: string; readonly doc: Document }
  | { readonly kind: 'delete'; readonly collection: string; readonly id: string; readonly position?: number };

export interface Checkpoint {
  readonly name: string;
  readonly position: number;
  readonly version: number;
}

export interface ReadStore {
  /**
   * Creates the collection and makes the declared indexes exist (idempotent). A unique index treats
   * null and missing as one value, so two documents lacking the field collide (MongoDB semantics);
   * unique indexes are meant for scalar fields.
   */
  ensureCollection(collection: string, indexes?: readonly IndexSpec[]): Promise<void>;
  /** Removes every document of the collection (and, where the server can, its indexes). */
  dropCollection(collection: string): Promise<void>;

  get<D extends Document>(collection: string, id: string): Promise<D | undefined>;
  /** The documents found, in the order of `ids`, each once; unknown ids are skipped. */
  getMany<D extends Document>(collection: string, ids: readonly string[]): Promise<D[]>;
  /**
   * Writes the document unless the stored one has `_pos` >= doc._pos (when both are set).
   * Returns whether it was written. Rejects with an AlreadyExistsError when a unique index refuses it.
   */
  put(collection: string, doc: Document): Promise<boolean>;
  /**
   * Deletes unless `position` is given and the stored document has `_pos` >= position: the same
   * guard as put, so a redelivered event never deletes what it (or a later event) wrote.
   * Returns whether a document was deleted.
   */
  delete(collection: string, id: string, position?: number): Promise<boolean>;
  /**
   * Applies the ops in order (each position-guarded like put/delete) and the checkpoint together.
   * The checkpoint is written only if every op succeeded. Where the backend has transactions
   * (SQLite, a MongoDB replica set) a failed batch applies nothing; elsewhere earlier ops may stay
   * applied, which is harmless since every op is guarded and the batch is replayed.
   */
  writeBatch(ops: readonly WriteOp[], checkpoint?: Checkpoint): Promise<void>;

  find<D extends Document>(collection: string, filter?: Filter, options?: FindOptions): Promise<D[]>;
  count(collection: string, filter?: Filter): Promise<number>;
  /**
   * Counts per distinct value of `field` (null for null or missing), ordered by value: null, then
   * numbers, strings (by code point), false, true. Meant for scalar fields.
   */
  countBy(collection: string, field: string, filter?: Filter): Promise<{ value: Scalar; count: number }[]>;

  getCheckpoint(name: string): Promise<Checkpoint | undefined>;
  close(): Promise<void>;
}

export const READ_STORE = Symbol('READ_STORE');

// ---------------------------------------------------------------------------------------------
// The shared meaning of filters. Both adapters compile from this one normalized form, so the
// validation and the corner cases (null vs missing, `$all: []`, case folding) cannot drift apart.
// ---------------------------------------------------------------------------------------------

export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;
export const FIELD_PATH_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}(\.[A-Za-z_][A-Za-z0-9_]{0,63}){0,7}$/;

export type RangeOp = 'gt' | 'gte' | 'lt' | 'lte';

/** A validated filter. Field nodes match "the value, or any element when it is an array". */
export type FilterNode =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'and'; readonly nodes: readonly FilterNode[] }
  | { readonly kind: 'or'; readonly nodes: readonly FilterNode[] }
  | { readonly kind: 'not'; readonly node: FilterNode }
  | { readonly kind: 'eq'; readonly path: string; readonly value: Scalar }
  | { readonly kind: 'in'; readonly path: string; readonly values: readonly Scalar[] }
  | { readonly kind: 'range'; readonly path: string; readonly op: RangeOp; readonly value: string | number }
  | { readonly kind: 'exists'; readonly path: string; readonly exists: boolean }
  | { readonly kind: 'text'; readonly path: string; readonly pattern: string };

export function assertName(kind: 'collection' | 'index', name: string): void {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) throw new ValidationError(`invalid ${kind} name ${JSON.stringify(name)}`);
}

export function assertFieldPath(path: string): void {
  if (typeof path !== 'string' || !FIELD_PATH_PATTERN.test(path)) throw new ValidationError(`invalid field path ${JSON.stringify(path)}`);
}

export function assertPageOptions(options: FindOptions): void {
  for (const key of ['limit', 'offset'] as const) {
    const v = options[key];
    if (v !== undefined && !(Number.isSafeInteger(v) && v >= 0)) throw new ValidationError(`${key} must be a non-negative integer`);
  }
  const seen = new Set<string>();
  for (const s of options.sort ?? []) {
    assertFieldPath(s.field);
    if (s.direction !== 'asc' && s.direction !== 'desc') throw new ValidationError(`invalid sort direction ${JSON.stringify(s.direction)}`);
    if (seen.has(s.field)) throw new ValidationError(`sort names ${s.field} twice`);
    seen.add(s.field);
  }
}

export function assertDocument(doc: Document): void {
  if (typeof doc !== 'object' || doc === null || typeof doc._id !== 'string' || doc._id === '') {
    throw new ValidationError('a document needs a non-empty string _id');
  }
  if (doc._pos !== undefined && doc._pos !== null && !isFiniteNumber(doc._pos)) throw new ValidationError('_pos must be a finite number');
}

const ALL: FilterNode = { kind: 'all' };
const NONE: FilterNode = { kind: 'none' };
const RANGE_OPS: Record<string, RangeOp> = { $gt: 'gt', $gte: 'gte', $lt: 'lt', $lte: 'lte' };

export function parseFilter(filter: Filter | undefined): FilterNode {
  if (filter === undefined) return ALL;
  if (!isPlainObject(filter)) throw new ValidationError('a filter must be an object');
  const nodes: FilterNode[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(value)) throw new ValidationError(`${key} takes an array of filters`);
      const parts = (value as readonly Filter[]).map(parseFilter);
      nodes.push(key === '$and' ? and(parts) : key === '$or' ? or(parts) : not(or(parts)));
    } else {
      assertFieldPath(key);
      nodes.push(parseField(key, value));
    }
  }
  return and(nodes);
}

function parseField(path: string, value: unknown): FilterNode {
  if (isScalar(value)) return { kind: 'eq', path, value };
  if (!isPlainObject(value)) throw new ValidationError(`field ${path}: expected a value or an operator object`);
  const nodes: FilterNode[] = [];
  let operators = 0;
  for (const [op, operand] of Object.entries(value)) {
    if (operand === undefined) continue;
    operators++;
    switch (op) {
      case '$eq':
        nodes.push({ kind: 'eq', path, value: scalar(path, op, operand) });
        break;
      case '$ne':
        nodes.push({ kind: 'not', node: { kind: 'eq', path, value: scalar(path, op, operand) } });
        break;
      case '$in':
        nodes.push({ kind: 'in', path, values: scalars(path, op, operand) });
        break;
      case '$nin':
        nodes.push({ kind: 'not', node: { kind: 'in', path, values: scalars(path, op, operand) } });
        break;
      case '$all': {
        const values = scalars(path, op, operand);
        nodes.push(values.length === 0 ? NONE : and(values.map((v) => ({ kind: 'eq', path, value: v }))));
        break;
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        if (typeof operand !== 'string' && !isFiniteNumber(operand)) throw new ValidationError(`field ${path}: ${op} takes a string or a number`);
        nodes.push({ kind: 'range', path, op: RANGE_OPS[op]!, value: operand });
        break;
      case '$exists':
        if (typeof operand !== 'boolean') throw new ValidationError(`field ${path}: $exists takes a boolean`);
        nodes.push({ kind: 'exists', path, exists: operand });
        break;
      case '$contains':
      case '$startsWith':
        if (typeof operand !== 'string') throw new ValidationError(`field ${path}: ${op} takes a string`);
        nodes.push({ kind: 'text', path, pattern: textMatchPattern(operand, op === '$startsWith' ? 'prefix' : 'substring') });
        break;
      default:
        throw new ValidationError(`field ${path}: unknown operator ${JSON.stringify(op)}`);
    }
  }
  if (operators === 0) throw new ValidationError(`field ${path}: empty condition`);
  return and(nodes);
}

function and(nodes: readonly FilterNode[]): FilterNode {
  const kept = nodes.filter((n) => n.kind !== 'all');
  if (kept.some((n) => n.kind === 'none')) return NONE;
  if (kept.length === 0) return ALL;
  return kept.length === 1 ? kept[0]! : { kind: 'and', nodes: kept };
}

function or(nodes: readonly FilterNode[]): FilterNode {
  const kept = nodes.filter((n) => n.kind !== 'none');
  if (kept.some((n) => n.kind === 'all')) return ALL;
  if (kept.length === 0) return NONE;
  return kept.length === 1 ? kept[0]! : { kind: 'or', nodes: kept };
}

function not(node: FilterNode): FilterNode {
  if (node.kind === 'all') return NONE;
  if (node.kind === 'none') return ALL;
  if (node.kind === 'not') return node.node;
  return { kind: 'not', node };
}

function scalar(path: string, op: string, v: unknown): Scalar {
  if (!isScalar(v)) throw new ValidationError(`field ${path}: ${op} takes a string, finite number, boolean or null`);
  return v;
}

function scalars(path: string, op: string, v: unknown): Scalar[] {
  if (!Array.isArray(v)) throw new ValidationError(`field ${path}: ${op} takes an array`);
  return v.map((x) => scalar(path, op, x));
}

function isScalar(v: unknown): v is Scalar {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || isFiniteNumber(v);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Only these are special in JavaScript (`u` mode), Java and PCRE patterns alike; escaping
// anything else is an error in JavaScript's `u` mode.
const REGEX_SYNTAX = new Set(['\\', '^', '$', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/']);

/**
 * The one definition of case-insensitive text matching, as a regular expression source that means
 * the same in JavaScript (`u` flag), MongoDB (PCRE) and Java-based test servers. Each character of
 * the needle becomes a class of itself and its single-character lower and upper case, so no server
 * flag (whose Unicode folding differs between servers) is involved: 'ü' also matches 'Ü', 'a.b*'
 * matches the literal text.
 */
export function textMatchPattern(needle: string, mode: 'substring' | 'prefix'): string {
  let out = mode === 'prefix' ? '^' : '';
  for (const ch of needle) {
    const variants = [...new Set([ch, ch.toLowerCase(), ch.toUpperCase()])].filter((v) => [...v].length === 1);
    if (variants.length > 1) out += `[${variants.join('')}]`;
    else if (REGEX_SYNTAX.has(ch)) out += `\\${ch}`;
    else if (ch.codePointAt(0)! < 0x20) out += `\\x${ch.codePointAt(0)!.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

/** The order of `countBy` results: null, numbers, strings by code point, false, true. */
export function compareScalars(a: Scalar, b: Scalar): number {
  const rank = (v: Scalar) => (v === null ? 0 : typeof v === 'number' ? 1 : typeof v === 'string' ? 2 : 3);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return 0;
}
