/**
 * The read store port: collections of JSON documents for projections and queries.
 * Every adapter (SQLite, MongoDB) passes test/contract/read-store.contract.ts.
 *
 * Reserved document fields:
 *  - `_id`: the document id (string);
 *  - `_pos`: global position of the last event applied (the position guard);
 *  - `_account`, `_workspace`: the tenancy scope, stamped and filtered by ScopedCollection.
 */
import type { Document, IndexSpec } from '../../shared/ddd/projection';
export type { Document, IndexSpec };

export type Scalar = string | number | boolean | null;

export interface FieldCondition {
  $eq?: Scalar;
  $ne?: Scalar;
  $in?: readonly Scalar[];
  $nin?: readonly Scalar[];
  /** Array field contains every one of these values. */
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
  ensureCollection(collection: string, indexes?: readonly IndexSpec[]): Promise<void>;
  dropCollection(collection: string): Promise<void>;

  get<D extends Document>(collection: string, id: string): Promise<D | undefined>;
  getMany<D extends Document>(collection: string, ids: readonly string[]): Promise<D[]>;
  /**
   * Writes the document unless the stored one has `_pos` >= doc._pos (when both are set).
   * Returns whether it was written.
   */
  put(collection: string, doc: Document): Promise<boolean>;
  /** Deletes unless `position` is given and the stored document has a greater `_pos`. */
  delete(collection: string, id: string, position?: number): Promise<boolean>;
  /** Applies the ops (each position-guarded like put/delete) and the checkpoint together. */
  writeBatch(ops: readonly WriteOp[], checkpoint?: Checkpoint): Promise<void>;

  find<D extends Document>(collection: string, filter?: Filter, options?: FindOptions): Promise<D[]>;
  count(collection: string, filter?: Filter): Promise<number>;
  /** Counts per distinct value of `field` (null for missing). */
  countBy(collection: string, field: string, filter?: Filter): Promise<{ value: Scalar; count: number }[]>;

  getCheckpoint(name: string): Promise<Checkpoint | undefined>;
  close(): Promise<void>;
}

export const READ_STORE = Symbol('READ_STORE');
