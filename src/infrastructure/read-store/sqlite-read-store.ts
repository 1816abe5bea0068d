import Database from 'better-sqlite3';
import { AlreadyExistsError, ValidationError } from '../../shared/errors';
import {
  assertDocument,
  assertFieldPath,
  assertName,
  assertPageOptions,
  compareScalars,
  FIELD_PATH_PATTERN,
  parseFilter,
  type Checkpoint,
  type Document,
  type Filter,
  type FilterNode,
  type FindOptions,
  type IndexSpec,
  type ReadStore,
  type Scalar,
  type WriteOp,
} from './read-store.port';

/**
 * Stands for null and missing inside every field expression. JSON text made by JSON.stringify can
 * never hold -Infinity, so the sentinel collides with no real value, sorts before every number and
 * string, keeps `{f: null}` index-friendly, and makes a unique index treat null and missing as one
 * value like MongoDB does (SQLite's own NULLs would all be distinct).
 */
const MISSING = '-9e999';
const NUMBER_TYPES = "('integer','real')";
const RANGE_SQL = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
const STATEMENT_CACHE_LIMIT = 500;
const REGEX_CACHE_LIMIT = 200;

interface FieldSql {
  /** The value, MISSING for null or missing; JSON text for objects and arrays. */
  readonly value: string;
  /** json_type(): 'null', 'true', 'false', 'integer', 'real', 'text', 'array', 'object', or NULL when missing. */
  readonly type: string;
  readonly jsonPath: string | undefined;
}

interface Compiled {
  readonly sql: string;
  readonly params: unknown[];
}

/**
 * The embedded read store: one SQLite file (WAL, `synchronous=FULL`), one table per collection with
 * the document as JSON text. Filters compile to SQL over json_extract/json_each, declared indexes
 * to expression indexes over the very same expressions, so the planner can use them.
 *
 * Array semantics need `json_each`, which no index can serve; the store remembers which paths ever
 * held an array in a collection (`array_paths`) and adds the array branch only for those, so
 * equality and ranges on scalar fields stay index lookups.
 */
export class SqliteReadStore implements ReadStore {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly tables = new Set<string>();
  private readonly arrayPaths = new Map<string, Set<string>>();
  private dataVersion = -1;
  private readonly regexes = new Map<string, RegExp>();

  /**
   * `synchronous`: FULL syncs every commit (survives a power cut); NORMAL in WAL mode survives a
   * process crash (kill -9) and may lose the last commits only to a power cut or OS crash. Read models
   * are rebuilt from the event log, so NORMAL is the default (PRAETOR_READ_STORE_SYNC); the event
   * store itself always runs FULL.
   */
  static open(path: string, options: { readonly synchronous?: 'full' | 'normal' } = {}): SqliteReadStore {
    return new SqliteReadStore(path, options.synchronous ?? 'full');
  }

  private constructor(path: string, synchronous: 'full' | 'normal') {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS checkpoints (
        name     TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        version  INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS array_paths (
        collection TEXT NOT NULL,
        path       TEXT NOT NULL,
        PRIMARY KEY (collection, path)
      ) WITHOUT ROWID;
    `);
    this.db.function('read_store_regexp', { deterministic: true }, (pattern: unknown, value: unknown) =>
      typeof pattern === 'string' && typeof value === 'string' && this.regex(pattern).test(value) ? 1 : 0,
    );
  }

  async ensureCollection(collection: string, indexes: readonly IndexSpec[] = []): Promise<void> {
    assertName('collection', collection);
    const table = tableName(collection);
    this.transaction(() => {
      this.createTable(collection);
      for (const spec of indexes) {
        assertName('index', spec.name);
        if (spec.fields.length === 0) throw new ValidationError(`index ${spec.name} has no fields`);
        const name = quote(`${table}__${spec.name}`);
        const columns = spec.fields.map((f) => {
          assertFieldPath(f.field);
          return `${field(f.field).value} ${f.direction === 'desc' ? 'DESC' : 'ASC'}`;
        });
        const sql = `CREATE ${spec.unique ? 'UNIQUE ' : ''}INDEX ${name} ON ${quote(table)}(${columns.join(', ')})`;
        const existing = this.stmt("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?").pluck().get(`${table}__${spec.name}`);
        if (existing === sql) continue;
        // A changed definition under the same name: rebuild it, as the projection now declares it.
        if (existing !== undefined) this.db.exec(`DROP INDEX ${name}`);
        this.db.exec(sql);
      }
    });
  }

  async dropCollection(collection: string): Promise<void> {
    assertName('collection', collection);
    this.transaction(() => {
      this.db.exec(`DROP TABLE IF EXISTS ${quote(tableName(collection))}`);
      this.stmt('DELETE FROM array_paths WHERE collection = ?').run(collection);
    });
    this.tables.delete(collection);
    this.arrayPaths.delete(collection);
  }

  async get<D extends Document>(collection: string, id: string): Promise<D | undefined> {
    assertName('collection', collection);
    const json = this.read(collection, undefined, (t) => this.stmt(`SELECT doc FROM ${t} WHERE id = ?`).pluck().get(id) as string | undefined);
    return json === undefined ? undefined : (JSON.parse(json) as D);
  }

  async getMany<D extends Document>(collection: string, ids: readonly string[]): Promise<D[]> {
    assertName('collection', collection);
    if (ids.length === 0) return [];
    // One statement text for any number of ids: the list travels as one JSON parameter.
    const rows = this.read(collection, [], (t) =>
      this.stmt(`SELECT id, doc FROM ${t} WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as { id: string; doc: string }[],
    );
    const byId = new Map(rows.map((r) => [r.id, r.doc]));
    const out: D[] = [];
    for (const id of new Set(ids)) {
      const json = byId.get(id);
      if (json !== undefined) out.push(JSON.parse(json) as D);
    }
    return out;
  }

  async put(collection: string, doc: Document): Promise<boolean> {
    assertName('collection', collection);
    return this.transaction(() => this.applyPut(collection, doc));
  }

  async delete(collection: string, id: string, position?: number): Promise<boolean> {
    assertName('collection', collection);
    return this.applyDelete(collection, id, position);
  }

  async writeBatch(ops: readonly WriteOp[], checkpoint?: Checkpoint): Promise<void> {
    for (const op of ops) assertName('collection', op.collection);
    this.transaction(() => {
      for (const op of ops) {
        if (op.kind === 'put') this.applyPut(op.collection, op.doc);
        else this.applyDelete(op.collection, op.id, op.position);
      }
      if (checkpoint) {
        this.stmt(
          'INSERT INTO checkpoints(name, position, version) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position, version = excluded.version',
        ).run(checkpoint.name, checkpoint.position, checkpoint.version);
      }
    });
  }

  async find<D extends Document>(collection: string, filter?: Filter, options: FindOptions = {}): Promise<D[]> {
    assertName('collection', collection);
    assertPageOptions(options);
    const node = parseFilter(filter);
    if (options.limit === 0) return [];
    const rows = this.read(collection, [], (t) => {
      const q = this.select(t, collection, node, options);
      return this.stmt(q.sql).pluck().all(...q.params) as string[];
    });
    return rows.map((json) => JSON.parse(json) as D);
  }

  /** SQLite's plan for a find, one line per step: shows whether a declared index serves a query. */
  queryPlan(collection: string, filter?: Filter, options: FindOptions = {}): string[] {
    assertName('collection', collection);
    assertPageOptions(options);
    const node = parseFilter(filter);
    return this.read(collection, [], (t) => {
      const q = this.select(t, collection, node, options);
      return (this.db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[]).map((r) => r.detail);
    });
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    assertName('collection', collection);
    const node = parseFilter(filter);
    return this.read(collection, 0, (t) => {
      const where = this.compile(collection, node);
      return this.stmt(`SELECT count(*) FROM ${t} WHERE ${where.sql}`).pluck().get(...where.params) as number;
    });
  }

  async countBy(collection: string, fieldPath: string, filter?: Filter): Promise<{ value: Scalar; count: number }[]> {
    assertName('collection', collection);
    assertFieldPath(fieldPath);
    const node = parseFilter(filter);
    const f = field(fieldPath);
    const rows = this.read(collection, [], (t) => {
      const where = this.compile(collection, node);
      // json_extract() reads true as 1: the type tells booleans from numbers.
      const sql = `SELECT ${f.value} AS value, ${f.type} IN ('true','false') AS bool, count(*) AS n FROM ${t} WHERE ${where.sql} GROUP BY 1, 2`;
      return this.stmt(sql).all(...where.params) as { value: unknown; bool: number | null; n: number }[];
    });
    const counts = new Map<string, { value: Scalar; count: number }>();
    for (const row of rows) {
      const value: Scalar = row.bool === 1 ? row.value === 1 : row.value === -Infinity ? null : (row.value as Scalar);
      const key = `${typeof value}:${String(value)}`;
      const entry = counts.get(key);
      if (entry) entry.count += row.n;
      else counts.set(key, { value, count: row.n });
    }
    return [...counts.values()].sort((a, b) => compareScalars(a.value, b.value));
  }

  async getCheckpoint(name: string): Promise<Checkpoint | undefined> {
    return this.stmt('SELECT name, position, version FROM checkpoints WHERE name = ?').get(name) as Checkpoint | undefined;
  }

  async close(): Promise<void> {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }

  // --- writes ---------------------------------------------------------------------------------

  /** A write transaction, taking the write lock up front so it never fails half-way on SQLITE_BUSY. */
  private transaction<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      // A rollback also undoes tables created inside it; forget them so the next write recreates them.
      this.tables.clear();
      throw err;
    }
  }

  private applyPut(collection: string, doc: Document): boolean {
    assertDocument(doc);
    const pos = doc._pos ?? null;
    this.createTable(collection);
    this.rememberArrayPaths(collection, doc);
    const t = quote(tableName(collection));
    try {
      const info = this.stmt(
        `INSERT INTO ${t}(id, pos, doc) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET pos = excluded.pos, doc = excluded.doc
         WHERE ${t}.pos IS NULL OR excluded.pos IS NULL OR ${t}.pos < excluded.pos`,
      ).run(doc._id, pos, JSON.stringify(doc));
      return info.changes > 0;
    } catch (err) {
      if (isSqliteError(err, 'SQLITE_CONSTRAINT_UNIQUE')) {
        throw new AlreadyExistsError(`${collection}/${doc._id} violates a unique index: ${(err as Error).message}`);
      }
      throw err;
    }
  }

  private applyDelete(collection: string, id: string, position: number | undefined): boolean {
    return this.read(collection, false, (t) => {
      const info =
        position === undefined
          ? this.stmt(`DELETE FROM ${t} WHERE id = ?`).run(id)
          : this.stmt(`DELETE FROM ${t} WHERE id = ? AND (pos IS NULL OR pos < ?)`).run(id, position);
      return info.changes > 0;
    });
  }

  private createTable(collection: string): void {
    if (this.tables.has(collection)) return;
    // A plain rowid table: WITHOUT ROWID is a poor fit for documents of a megabyte.
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${quote(tableName(collection))} (id TEXT PRIMARY KEY, pos INTEGER, doc TEXT NOT NULL)`);
    this.tables.add(collection);
  }

  private rememberArrayPaths(collection: string, doc: Document): void {
    const found = new Set<string>();
    collectArrayPaths(doc, '', found);
    if (found.size === 0) return;
    const known = this.knownArrayPaths(collection);
    for (const path of found) {
      if (known.has(path)) continue;
      this.stmt('INSERT OR IGNORE INTO array_paths(collection, path) VALUES (?, ?)').run(collection, path);
      // Added before the commit: if the transaction rolls back, the cache holds a superset, which
      // only costs an unneeded array branch.
      known.add(path);
    }
  }

  private knownArrayPaths(collection: string): Set<string> {
    // Another connection may have committed new array paths (or dropped a collection) meanwhile.
    const version = this.stmt('PRAGMA data_version').pluck().get() as number;
    if (version !== this.dataVersion) {
      this.arrayPaths.clear();
      this.dataVersion = version;
    }
    let known = this.arrayPaths.get(collection);
    if (!known) {
      known = new Set(this.stmt('SELECT path FROM array_paths WHERE collection = ?').pluck().all(collection) as string[]);
      this.arrayPaths.set(collection, known);
    }
    return known;
  }

  // --- reads ----------------------------------------------------------------------------------

  /** Runs `fn` on the collection's table; a collection that was never written reads as `empty`. */
  private read<T>(collection: string, empty: T, fn: (table: string) => T): T {
    if (!this.tables.has(collection)) {
      const exists = this.stmt("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(tableName(collection));
      if (!exists) return empty;
      this.tables.add(collection);
    }
    try {
      return fn(quote(tableName(collection)));
    } catch (err) {
      // Dropped through another connection since we last looked.
      if (err instanceof Database.SqliteError && /no such table/.test(err.message)) {
        this.tables.delete(collection);
        return empty;
      }
      throw err;
    }
  }

  private select(table: string, collection: string, node: FilterNode, options: FindOptions): Compiled {
    const where = this.compile(collection, node);
    const order = (options.sort ?? []).map((s) => `${field(s.field).value} ${s.direction === 'desc' ? 'DESC' : 'ASC'}`);
    if (!(options.sort ?? []).some((s) => s.field === '_id')) order.push('id ASC');
    return {
      sql: `SELECT doc FROM ${table} WHERE ${where.sql} ORDER BY ${order.join(', ')} LIMIT ? OFFSET ?`,
      params: [...where.params, options.limit ?? -1, options.offset ?? 0],
    };
  }

  private compile(collection: string, node: FilterNode): Compiled {
    const params: unknown[] = [];
    const arrays = this.knownArrayPaths(collection);
    const walk = (n: FilterNode): string => {
      switch (n.kind) {
        case 'all':
          return '1';
        case 'none':
          return '0';
        case 'and':
          return `(${n.nodes.map(walk).join(' AND ')})`;
        case 'or':
          return `(${n.nodes.map(walk).join(' OR ')})`;
        case 'not':
          // Predicates may be NULL (json_type of a missing field); NOT NULL would drop the row.
          return `(NOT coalesce(${walk(n.node)}, 0))`;
        default: {
          const f = field(n.path);
          const scalar = leaf(n, f.value, f.type, params);
          if (f.jsonPath === undefined || n.kind === 'exists' || !arrays.has(n.path)) return scalar;
          const element = leaf(n, 'e.value', 'e.type', params, true);
          return `(${scalar} OR (${f.type} = 'array' AND EXISTS (SELECT 1 FROM json_each(doc, '${f.jsonPath}') AS e WHERE ${element})))`;
        }
      }
    };
    const sql = walk(node);
    return { sql, params };
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear();
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private regex(pattern: string): RegExp {
    let r = this.regexes.get(pattern);
    if (!r) {
      if (this.regexes.size >= REGEX_CACHE_LIMIT) this.regexes.clear();
      r = new RegExp(pattern, 'u');
      this.regexes.set(pattern, r);
    }
    return r;
  }
}

/**
 * One field test on one value: the field itself, or (`element`) one element of an array field,
 * where json_each gives the SQL value and the JSON type but never a missing value.
 */
function leaf(n: Exclude<FilterNode, { kind: 'all' | 'none' | 'and' | 'or' | 'not' }>, value: string, type: string, params: unknown[], element = false): string {
  const missing = element ? `${type} = 'null'` : `${value} = ${MISSING}`;
  switch (n.kind) {
    case 'eq':
      return eq(n.value, value, type, missing, params);
    case 'in': {
      const parts: string[] = [];
      // Strings and numbers apart: the id column's TEXT affinity would turn 5 into '5'.
      for (const kind of ['string', 'number'] as const) {
        const values = n.values.filter((v) => typeof v === kind);
        if (values.length === 0) continue;
        params.push(JSON.stringify(values));
        parts.push(`(${value} IN (SELECT v.value FROM json_each(?) AS v) AND ${typeGuard(kind, type)})`);
      }
      for (const b of new Set(n.values.filter((v): v is boolean => typeof v === 'boolean'))) parts.push(`${type} = '${b}'`);
      if (n.values.includes(null)) parts.push(missing);
      return parts.length === 0 ? '0' : `(${parts.join(' OR ')})`;
    }
    case 'range':
      params.push(n.value);
      return `(${value} ${RANGE_SQL[n.op]} ? AND ${typeGuard(typeof n.value === 'number' ? 'number' : 'string', type)})`;
    case 'exists':
      return n.exists ? `${type} IS NOT NULL` : `${type} IS NULL`;
    case 'text':
      params.push(n.pattern);
      return `(${type} = 'text' AND read_store_regexp(?, ${value}))`;
  }
}

function eq(v: Scalar, value: string, type: string, missing: string, params: unknown[]): string {
  if (v === null) return missing;
  if (typeof v === 'boolean') return `${type} = '${v}'`;
  params.push(v);
  return `(${value} = ? AND ${typeGuard(typeof v === 'number' ? 'number' : 'string', type)})`;
}

/** json_extract() reads true as 1 and gives objects as JSON text: only the JSON type tells them apart. */
function typeGuard(kind: 'string' | 'number', type: string): string {
  return kind === 'number' ? `${type} IN ${NUMBER_TYPES}` : `${type} = 'text'`;
}

function field(path: string): FieldSql {
  if (path === '_id') return { value: 'id', type: "'text'", jsonPath: undefined };
  // The path is inlined, not bound: expression indexes only match literal paths. It passed
  // FIELD_PATH_PATTERN (identifiers and dots), so it cannot break out of the string literal.
  if (!FIELD_PATH_PATTERN.test(path)) throw new ValidationError(`invalid field path ${JSON.stringify(path)}`);
  const jsonPath = `$.${path}`;
  return { value: `coalesce(json_extract(doc, '${jsonPath}'), ${MISSING})`, type: `json_type(doc, '${jsonPath}')`, jsonPath };
}

function collectArrayPaths(value: object, prefix: string, out: Set<string>): void {
  for (const [key, v] of Object.entries(value)) {
    if (v === null || typeof v !== 'object') continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (!FIELD_PATH_PATTERN.test(path)) continue;
    if (Array.isArray(v)) out.add(path);
    else collectArrayPaths(v, path, out);
  }
}

function tableName(collection: string): string {
  return `docs_${collection}`;
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

function isSqliteError(err: unknown, code: string): boolean {
  return err instanceof Database.SqliteError && err.code === code;
}
