import type { RecordedEvent } from './recorded-event';

/**
 * A read-model document. Reserved fields:
 *  - `_id`: the document id;
 *  - `_pos`: global position of the last event applied (makes redelivery a no-op);
 *  - `_account`, `_workspace`: the tenancy scope, stamped by projections and enforced by the scoped store.
 */
export interface Document {
  _id: string;
  _pos?: number;
  _account?: string | null;
  _workspace?: string | null;
  [key: string]: unknown;
}

export interface IndexSpec {
  readonly name: string;
  readonly fields: readonly { readonly field: string; readonly direction?: 'asc' | 'desc' }[];
  readonly unique?: boolean;
}

/**
 * A projection is pure: `evolve(doc, event)` returns the next document, or undefined to delete it.
 * `keys(event)` names the documents an event touches. Bump `version` to rebuild from position 0.
 */
export interface Projection<D extends Document = Document> {
  readonly name: string;
  readonly version: number;
  readonly collection: string;
  readonly indexes?: readonly IndexSpec[];
  readonly eventTypes: readonly string[];
  keys(event: RecordedEvent): readonly string[];
  evolve(doc: D | undefined, event: RecordedEvent): D | undefined;
}
