import { MongoBulkWriteError, MongoClient, MongoServerError, type AnyBulkWriteOperation, type ClientSession, type Collection, type Db, type Filter as MongoFilter } from 'mongodb';
import { AlreadyExistsError, ValidationError } from '../../shared/errors';
import {
  assertDocument,
  assertFieldPath,
  assertName,
  assertPageOptions,
  compareScalars,
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

export interface MongoReadStoreOptions {
  /**
   * 'auto' (the default) runs writeBatch in a transaction when the server is a replica set or a
   * sharded cluster, the only topologies where MongoDB has them; 'never' applies the ops in order
   * and writes the checkpoint last.
   */
  readonly transactions?: 'auto' | 'never';
}

interface CheckpointDoc {
  _id: string;
  position: number;
  version: number;
}

const CHECKPOINTS = '_checkpoints';
const DUPLICATE_KEY = 11000;
const COMMAND_NOT_FOUND = 59;
const INDEX_CONFLICTS = new Set([85, 86]);
/** A filter no document passes: MongoDB rejects an empty `$or`. */
const NOTHING: MongoFilter<Document> = { _id: { $in: [] } };

/**
 * The production read store: one MongoDB collection per read-model collection, documents stored
 * as they are with `_id` as the id. Every write replaces the whole document behind a filter on
 * `_pos`, so a redelivered or stale write finds no document to replace.
 */
export class MongoReadStore implements ReadStore {
  static async connect(url: string, dbName: string, options: MongoReadStoreOptions = {}): Promise<MongoReadStore> {
    // ignoreUndefined: SQLite's JSON drops undefined properties; the driver would store null.
    const client = new MongoClient(url, { ignoreUndefined: true });
    await client.connect();
    try {
      const db = client.db(dbName);
      const hello = await db.command({ hello: 1 });
      const clustered = typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
      return new MongoReadStore(client, db, options.transactions !== 'never' && clustered);
    } catch (err) {
      await client.close();
      throw err;
    }
  }

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    /** Whether writeBatch runs in a transaction. */
    readonly transactional: boolean,
  ) {}

  async ensureCollection(collection: string, indexes: readonly IndexSpec[] = []): Promise<void> {
    const col = this.collection(collection);
    for (const spec of indexes) {
      assertName('index', spec.name);
      if (spec.fields.length === 0) throw new ValidationError(`index ${spec.name} has no fields`);
      for (const f of spec.fields) assertFieldPath(f.field);
      const keys = Object.fromEntries(spec.fields.map((f) => [f.field, f.direction === 'desc' ? -1 : 1] as const));
      const options = { name: spec.name, ...(spec.unique ? { unique: true } : {}) };
      try {
        await col.createIndex(keys, options);
      } catch (err) {
        if (!(err instanceof MongoServerError && typeof err.code === 'number' && INDEX_CONFLICTS.has(err.code))) throw err;
        // The definition changed under the same name (or the keys exist under another name):
        // rebuild it as the projection now declares it.
        for (const existing of await col.listIndexes().toArray()) {
          if (existing.name === '_id_') continue;
          if (existing.name === spec.name || JSON.stringify(existing.key) === JSON.stringify(keys)) await col.dropIndex(existing.name as string);
        }
        await col.createIndex(keys, options);
      }
    }
  }

  async dropCollection(collection: string): Promise<void> {
    const col = this.collection(collection);
    try {
      await col.drop();
    } catch (err) {
      if (!(err instanceof MongoServerError && err.code === COMMAND_NOT_FOUND)) throw err;
      // Some MongoDB-compatible test servers lack `drop` (and `dropIndexes`): empty it instead.
      await col.deleteMany({});
    }
  }

  async get<D extends Document>(collection: string, id: string): Promise<D | undefined> {
    const doc = await this.collection(collection).findOne({ _id: id });
    return (doc ?? undefined) as D | undefined;
  }

  async getMany<D extends Document>(collection: string, ids: readonly string[]): Promise<D[]> {
    const col = this.collection(collection);
    if (ids.length === 0) return [];
    const unique = [...new Set(ids)];
    const byId = new Map((await col.find({ _id: { $in: unique } }).toArray()).map((d) => [d._id, d]));
    return unique.flatMap((id) => (byId.has(id) ? [byId.get(id) as D] : []));
  }

  async put(collection: string, doc: Document): Promise<boolean> {
    const col = this.collection(collection);
    assertDocument(doc);
    return this.putOne(col, doc);
  }

  async delete(collection: string, id: string, position?: number): Promise<boolean> {
    const result = await this.collection(collection).deleteOne(guard(id, position));
    return result.deletedCount > 0;
  }

  async writeBatch(ops: readonly WriteOp[], checkpoint?: Checkpoint): Promise<void> {
    for (const op of ops) {
      assertName('collection', op.collection);
      if (op.kind === 'put') assertDocument(op.doc);
    }
    if (!this.transactional) {
      // At least once: a crash before the checkpoint replays the batch, and every op is guarded.
      await this.applyOps(ops, undefined);
      if (checkpoint) await this.saveCheckpoint(checkpoint, undefined);
      return;
    }
    const session = this.client.startSession();
    try {
      await session.withTransaction(async () => {
        await this.applyOps(ops, session);
        if (checkpoint) await this.saveCheckpoint(checkpoint, session);
      });
    } finally {
      await session.endSession();
    }
  }

  async find<D extends Document>(collection: string, filter?: Filter, options: FindOptions = {}): Promise<D[]> {
    const col = this.collection(collection);
    assertPageOptions(options);
    const query = toMongo(parseFilter(filter));
    if (options.limit === 0) return [];
    const sort: [string, 1 | -1][] = (options.sort ?? []).map((s) => [s.field, s.direction === 'desc' ? -1 : 1]);
    if (!sort.some(([f]) => f === '_id')) sort.push(['_id', 1]);
    let cursor = col.find(query).sort(sort);
    if (options.offset) cursor = cursor.skip(options.offset);
    if (options.limit !== undefined) cursor = cursor.limit(options.limit);
    return (await cursor.toArray()) as D[];
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    return this.collection(collection).countDocuments(toMongo(parseFilter(filter)));
  }

  async countBy(collection: string, field: string, filter?: Filter): Promise<{ value: Scalar; count: number }[]> {
    const col = this.collection(collection);
    assertFieldPath(field);
    const groups = await col
      .aggregate<{ _id: Scalar | undefined; count: number }>([{ $match: toMongo(parseFilter(filter)) }, { $group: { _id: `$${field}`, count: { $sum: 1 } } }])
      .toArray();
    return groups.map((g) => ({ value: g._id ?? null, count: g.count })).sort((a, b) => compareScalars(a.value, b.value));
  }

  async getCheckpoint(name: string): Promise<Checkpoint | undefined> {
    const doc = await this.db.collection<CheckpointDoc>(CHECKPOINTS).findOne({ _id: name });
    return doc ? { name: doc._id, position: doc.position, version: doc.version } : undefined;
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  // ---------------------------------------------------------------------------------------------

  private collection(name: string): Collection<Document> {
    assertName('collection', name);
    return this.db.collection<Document>(name);
  }

  private async putOne(col: Collection<Document>, doc: Document): Promise<boolean> {
    try {
      const result = await col.replaceOne(guard(doc._id, doc._pos), doc, { upsert: true });
      return result.matchedCount > 0 || result.upsertedCount > 0;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // No document passed the guard, so the upsert tried to insert and hit either the stored,
      // newer document (not written) or another unique index (a real conflict).
      const stored = await col.findOne({ _id: doc._id });
      if (stored && !passes(stored._pos, doc._pos)) return false;
      throw uniqueViolation(col.collectionName, doc._id, err);
    }
  }

  private async applyOps(ops: readonly WriteOp[], session: ClientSession | undefined): Promise<void> {
    const kept = await this.withoutRefusedPuts(ops, session);
    // Consecutive ops on one collection go in one ordered bulk write: one round trip, order kept.
    for (let start = 0; start < kept.length; ) {
      let end = start + 1;
      while (end < kept.length && kept[end]!.collection === kept[start]!.collection) end++;
      const run = kept.slice(start, end);
      const col = this.collection(run[0]!.collection);
      try {
        await col.bulkWrite(run.map(toBulkOp), { ordered: true, session });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        if (session) throw uniqueViolation(col.collectionName, '(batch)', err);
        // A concurrent write or a unique index: replay the run one op at a time, which tells the
        // two apart. Replaying is safe: every op is guarded, and the run's order is kept.
        for (const op of run) {
          if (op.kind === 'put') await this.putOne(col, op.doc);
          else await col.deleteOne(guard(op.id, op.position));
        }
      }
      start = end;
    }
  }

  /**
   * Drops the puts the position guard is going to refuse, judged from the stored positions. A
   * refused upsert fails with a duplicate-key error, which would abort a transaction; in a
   * redelivered batch that is every op.
   */
  private async withoutRefusedPuts(ops: readonly WriteOp[], session: ClientSession | undefined): Promise<WriteOp[]> {
    const ids = new Map<string, Set<string>>();
    for (const op of ops) {
      const set = ids.get(op.collection) ?? new Set<string>();
      set.add(op.kind === 'put' ? op.doc._id : op.id);
      ids.set(op.collection, set);
    }
    // Per collection and id: the stored `_pos` (null: none), absent when there is no document.
    const stored = new Map<string, Map<string, number | null>>();
    for (const [collection, set] of ids) {
      const docs = await this.collection(collection)
        .find({ _id: { $in: [...set] } }, { projection: { _pos: 1 }, session })
        .toArray();
      stored.set(collection, new Map(docs.map((d) => [d._id, typeof d._pos === 'number' ? d._pos : null])));
    }
    const kept: WriteOp[] = [];
    for (const op of ops) {
      const state = stored.get(op.collection)!;
      if (op.kind === 'put') {
        const id = op.doc._id;
        if (state.has(id) && !passes(state.get(id)!, op.doc._pos)) continue;
        state.set(id, op.doc._pos ?? null);
      } else if (state.has(op.id) && passes(state.get(op.id)!, op.position)) {
        state.delete(op.id);
      }
      kept.push(op);
    }
    return kept;
  }

  private async saveCheckpoint(cp: Checkpoint, session: ClientSession | undefined): Promise<void> {
    await this.db
      .collection<CheckpointDoc>(CHECKPOINTS)
      .replaceOne({ _id: cp.name }, { position: cp.position, version: cp.version }, { upsert: true, session });
  }
}

/** Matches the document only if a write at `position` may replace it (see ReadStore.put). */
function guard(id: string, position: number | null | undefined): MongoFilter<Document> {
  if (position === undefined || position === null) return { _id: id };
  // `_pos: null` also matches a document without `_pos`.
  const filter = { _id: id, $or: [{ _pos: null }, { _pos: { $lt: position } }] };
  return filter as MongoFilter<Document>;
}

function passes(storedPos: unknown, position: number | null | undefined): boolean {
  return typeof storedPos !== 'number' || position === undefined || position === null || storedPos < position;
}

function toBulkOp(op: WriteOp): AnyBulkWriteOperation<Document> {
  return op.kind === 'put'
    ? { replaceOne: { filter: guard(op.doc._id, op.doc._pos), replacement: op.doc, upsert: true } }
    : { deleteOne: { filter: guard(op.id, op.position) } };
}

function toMongo(n: FilterNode): MongoFilter<Document> {
  switch (n.kind) {
    case 'all':
      return {};
    case 'none':
      return NOTHING;
    case 'and':
      return { $and: n.nodes.map(toMongo) };
    case 'or':
      return { $or: n.nodes.map(toMongo) };
    case 'not':
      if (n.node.kind === 'eq') return { [n.node.path]: { $ne: n.node.value } };
      if (n.node.kind === 'in') {
        const { path, values } = n.node;
        if (!values.includes(null)) return { [path]: { $nin: [...values] } };
        // Same meaning, but jongodb lets a missing field through `$nin: [..., null]`; `$ne: null` it gets right.
        return { $and: [{ [path]: { $nin: values.filter((v) => v !== null) } }, { [path]: { $ne: null } }] };
      }
      return { $nor: [toMongo(n.node)] };
    case 'eq':
      return { [n.path]: { $eq: n.value } };
    case 'in':
      return { [n.path]: { $in: [...n.values] } };
    case 'range':
      return { [n.path]: { [`$${n.op}`]: n.value } };
    case 'exists':
      return { [n.path]: { $exists: n.exists } };
    case 'text':
      // No `i` flag: the pattern spells out both cases, and servers fold Unicode differently.
      return { [n.path]: { $regex: n.pattern } };
  }
}

function isDuplicateKey(err: unknown): boolean {
  if (err instanceof MongoBulkWriteError) {
    const writeErrors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
    return err.code === DUPLICATE_KEY || writeErrors.some((e) => e?.code === DUPLICATE_KEY);
  }
  return err instanceof MongoServerError && err.code === DUPLICATE_KEY;
}

function uniqueViolation(collection: string, id: string, cause: unknown): AlreadyExistsError {
  const err = new AlreadyExistsError(`${collection}/${id} violates a unique index: ${(cause as Error).message}`);
  (err as { cause?: unknown }).cause = cause;
  return err;
}
