import type { Filter, SortKey } from '../../../infrastructure/read-store/read-store.port';
import { ValidationError } from '../../../shared/errors';
import { compileFilter, ops } from './prefect-filters';

/**
 * Prefect's BlockTypeFilter, BlockSchemaFilter and BlockDocumentFilter (prefect-api.md §7.2)
 * compiled to read-store filters. Joins (documents by type or schema, types by schema) are
 * resolved by the controllers into id lists.
 */
type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

export const blockTypeFilter = (f: unknown): Filter | undefined => compileFilter(f, { id: ops.id('id'), name: ops.name('name'), slug: ops.id('slug') }, 'block_types');

export const blockSchemaFilter = (f: unknown): Filter | undefined =>
  compileFilter(
    f,
    {
      id: ops.id('id'),
      block_type_id: ops.id('block_type_id'),
      block_capabilities: (s) => ops.tags('capabilities')({ all_: s.all_ }),
      version: ops.id('version'),
    },
    'block_schemas',
  );

/**
 * BlockDocumentFilter. `is_anonymous` defaults to `eq_: false` (also when no filter is given);
 * an explicit null means "anonymous or not".
 */
export function blockDocumentFilter(f: unknown): Filter | undefined {
  const body = obj(f);
  const fields = compileFilter(
    f,
    {
      id: ops.id('id'),
      block_type_id: ops.id('block_type_id'),
      name: ops.name('name'),
    },
    'block_documents',
  );
  let anonymous: Filter | undefined = { is_anonymous: false };
  if (body && 'is_anonymous' in body) {
    const a = obj(body.is_anonymous);
    if (body.is_anonymous === null) anonymous = undefined;
    else if (!a) throw new ValidationError('block_documents.is_anonymous must be an object');
    else if (a.eq_ === null || a.eq_ === undefined) anonymous = undefined;
    else if (typeof a.eq_ !== 'boolean') throw new ValidationError('block_documents.is_anonymous.eq_ must be a boolean');
    else anonymous = { is_anonymous: a.eq_ };
  }
  if (fields && anonymous) return body?.operator === 'or_' ? { $or: [fields, anonymous] } : { $and: [fields, anonymous] };
  return fields ?? anonymous;
}

const asc = (field: string): SortKey => ({ field, direction: 'asc' });
const desc = (field: string): SortKey => ({ field, direction: 'desc' });

export const BLOCK_DOCUMENT_SORTS: Record<string, readonly SortKey[]> = {
  NAME_ASC: [asc('name')],
  NAME_DESC: [desc('name')],
  BLOCK_TYPE_AND_NAME_ASC: [asc('block_type_name'), asc('name')],
};

export const BLOCK_TYPE_SORT: readonly SortKey[] = [asc('name')];
export const BLOCK_SCHEMA_SORT: readonly SortKey[] = [desc('created')];

/** `?include_secrets=` as FastAPI reads a bool query parameter. */
export function boolQuery(v: unknown, name: string): boolean {
  if (v === undefined || v === null || v === '') return false;
  const s = String(v).toLowerCase();
  if (['true', '1', 'yes', 'on', 't', 'y'].includes(s)) return true;
  if (['false', '0', 'no', 'off', 'f', 'n'].includes(s)) return false;
  throw new ValidationError(`${name} must be a boolean`);
}
