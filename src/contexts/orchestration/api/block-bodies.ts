import { ValidationError } from '../../../shared/errors';
import { isJsonValue, type JsonObject } from '../domain/common/json';
import { DEFAULT_BLOCK_SCHEMA_VERSION } from '../domain/block/block-schema';
import type { BlockDocumentInput, BlockDocumentUpdateInput, BlockSchemaInput, BlockTypeInput } from '../application/blocks/block.use-cases';
import type { BlockTypeChanges } from '../domain/block/block-type';
import { object, optString, optStrings, optUuid, reqUuid } from './run-bodies';

/** Request bodies of the block routes: null means the default, unknown keys are ignored. */
type Json = Record<string, unknown>;

const optJsonObject = (b: Json, k: string): JsonObject | undefined => {
  const v = b[k];
  if (v === null || v === undefined) return undefined;
  const o = object(v, k);
  if (!isJsonValue(o)) throw new ValidationError(`${k} must be JSON`);
  return o as JsonObject;
};

const optBool = (b: Json, k: string): boolean | undefined => {
  const v = b[k];
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new ValidationError(`${k} must be a boolean`);
  return v;
};

function url(b: Json, k: string): string | null | undefined {
  const v = optString(b, k);
  if (typeof v === 'string' && !/^https?:\/\/\S+$/i.test(v)) throw new ValidationError(`${k} must be an http(s) URL`);
  return v;
}

export function parseBlockTypeCreate(raw: unknown): BlockTypeInput {
  const b = object(raw, 'body');
  const name = optString(b, 'name');
  const slug = optString(b, 'slug');
  if (!name) throw new ValidationError('name is required');
  if (!slug) throw new ValidationError('slug is required');
  return {
    name,
    slug,
    logoUrl: url(b, 'logo_url') ?? null,
    documentationUrl: url(b, 'documentation_url') ?? null,
    description: optString(b, 'description') ?? null,
    codeExample: optString(b, 'code_example') ?? null,
  };
}

/** Only the keys sent change; an explicit null clears (the client sends every key). */
export function parseBlockTypeUpdate(raw: unknown): BlockTypeChanges {
  const b = object(raw ?? {}, 'body');
  const pick = <T>(k: string, read: (b: Json, k: string) => T) => (k in b ? (read(b, k) ?? null) : undefined);
  return {
    logoUrl: pick('logo_url', url),
    documentationUrl: pick('documentation_url', url),
    description: pick('description', optString),
    codeExample: pick('code_example', optString),
  };
}

export function parseBlockSchemaCreate(raw: unknown, fieldsForChecksum: unknown): BlockSchemaInput {
  const b = object(raw, 'body');
  return {
    fields: optJsonObject(b, 'fields') ?? {},
    fieldsForChecksum: fieldsForChecksum ?? undefined,
    blockTypeId: reqUuid(b, 'block_type_id'),
    capabilities: optStrings(b, 'capabilities') ?? [],
    version: optString(b, 'version') ?? DEFAULT_BLOCK_SCHEMA_VERSION,
  };
}

export function parseBlockDocumentCreate(raw: unknown): BlockDocumentInput {
  const b = object(raw, 'body');
  return {
    name: optString(b, 'name') ?? null,
    data: optJsonObject(b, 'data') ?? {},
    blockSchemaId: reqUuid(b, 'block_schema_id'),
    blockTypeId: reqUuid(b, 'block_type_id'),
    isAnonymous: optBool(b, 'is_anonymous') ?? false,
  };
}

/**
 * BlockDocumentUpdate. With `merge_existing_data` (the default) only the data sent changes; without
 * it the data is replaced, by `{}` when none is sent (Prefect's default).
 */
export function parseBlockDocumentUpdate(raw: unknown): BlockDocumentUpdateInput {
  const b = object(raw ?? {}, 'body');
  const mergeExistingData = optBool(b, 'merge_existing_data') ?? true;
  const data = optJsonObject(b, 'data');
  return { blockSchemaId: optUuid(b, 'block_schema_id') ?? null, data: data ?? (mergeExistingData ? undefined : {}), mergeExistingData };
}
