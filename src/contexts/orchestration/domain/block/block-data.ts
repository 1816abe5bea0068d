import { ValidationError } from '../../../../shared/errors';
import { isPlainObject, type JsonObject, type JsonValue } from '../common/json';

/**
 * Block document data and its secret fields, as Prefect treats them (models/block_documents.py,
 * schemas/core.py). Secret fields are dotted paths into the data; `*` means "everything under the
 * path before it" (`headers.*`). Pure: sealing and opening values is the caller's business.
 */

/** What Prefect shows instead of a secret value. */
export const OBFUSCATED = '********';

export type DataPath = readonly string[];

/** Prefect's dict_to_flatdict: leaves are values that are not non-empty objects. */
export function flatten(data: JsonObject, parent: DataPath = []): [DataPath, JsonValue][] {
  const out: [DataPath, JsonValue][] = [];
  for (const [k, v] of Object.entries(data)) {
    const path = [...parent, k];
    if (isPlainObject(v) && Object.keys(v).length > 0) out.push(...flatten(v as JsonObject, path));
    else out.push([path, v]);
  }
  return out;
}

export function getAt(data: JsonObject, path: DataPath): { found: boolean; value?: JsonValue } {
  let cur: JsonValue = data;
  for (const k of path) {
    if (!isPlainObject(cur) || !Object.prototype.hasOwnProperty.call(cur, k)) return { found: false };
    cur = (cur as JsonObject)[k]!;
  }
  return { found: true, value: cur };
}

/** A copy of `data` with the value at `path` replaced (intermediate objects must exist). */
export function setAt(data: JsonObject, path: DataPath, value: JsonValue): JsonObject {
  if (path.length === 0) return data;
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) return { ...data, [head]: value };
  const child = data[head];
  if (!isPlainObject(child)) return data;
  return { ...data, [head]: setAt(child as JsonObject, rest, value) };
}

export interface SecretPattern {
  readonly path: DataPath;
  /** True for `a.b.*`: every leaf under `path`. */
  readonly wildcard: boolean;
}

export function secretPatterns(secretFields: readonly string[]): SecretPattern[] {
  const seen = new Set<string>();
  const out: SecretPattern[] = [];
  for (const field of secretFields) {
    if (typeof field !== 'string' || field === '' || seen.has(field)) continue;
    seen.add(field);
    const parts = field.split('.');
    const star = parts.indexOf('*');
    out.push(star < 0 ? { path: parts, wildcard: false } : { path: parts.slice(0, star), wildcard: true });
  }
  return out;
}

const startsWith = (path: DataPath, prefix: DataPath) => prefix.length <= path.length && prefix.every((p, i) => path[i] === p);

/** The paths in `data` whose values are secret under `secretFields`. */
export function secretPaths(data: JsonObject, secretFields: readonly string[]): DataPath[] {
  const out = new Map<string, DataPath>();
  const patterns = secretPatterns(secretFields);
  let flat: [DataPath, JsonValue][] | undefined;
  for (const p of patterns) {
    if (!p.wildcard) {
      // A whole value is secret even when it is an object (Prefect would only mask its leaves by wildcard).
      if (getAt(data, p.path).found) out.set(JSON.stringify(p.path), p.path);
    } else {
      flat ??= flatten(data);
      for (const [path] of flat) if (startsWith(path, p.path)) out.set(JSON.stringify(path), path);
    }
  }
  return [...out.values()];
}

/** Replaces every secret value by `transform(path, value)`. */
export function mapSecrets(data: JsonObject, secretFields: readonly string[], transform: (path: DataPath, value: JsonValue) => JsonValue): JsonObject {
  let out = data;
  for (const path of secretPaths(data, secretFields)) out = setAt(out, path, transform(path, getAt(out, path).value!));
  return out;
}

/** Replaces every string that `isSecret` recognises, wherever it sits in the value. */
export function mapStrings(value: JsonValue, isSecret: (s: string) => boolean, transform: (s: string) => JsonValue): JsonValue {
  if (typeof value === 'string') return isSecret(value) ? transform(value) : value;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, isSecret, transform));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v as JsonValue, isSecret, transform)]));
  return value;
}

/**
 * Someone posting back what they read gets `********` in the secret fields: Prefect keeps the
 * current value there instead of storing the mask (update_block_document).
 */
export function restoreObfuscated(update: JsonObject, current: JsonObject, secretFields: readonly string[]): JsonObject {
  let out = update;
  for (const path of secretPaths(update, secretFields)) {
    if (getAt(out, path).value !== OBFUSCATED) continue;
    const cur = getAt(current, path);
    if (cur.found && cur.value !== null) out = setAt(out, path, cur.value!);
  }
  return out;
}

/**
 * Prefect keeps references to other block documents (`{"$ref": {"block_document_id": ...}}` at a
 * top-level key) apart from the data.
 */
export function separateReferences(data: JsonObject): { data: JsonObject; references: Record<string, string> } {
  const rest: Record<string, JsonValue> = {};
  const references: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (isPlainObject(value) && '$ref' in value) {
      const ref = (value as JsonObject)['$ref'];
      const id = isPlainObject(ref) ? (ref as JsonObject)['block_document_id'] : undefined;
      if (typeof id !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
        throw new ValidationError(`Received block reference without a block_document_id in key ${key}`);
      }
      references[key] = id.toLowerCase();
    } else rest[key] = value;
  }
  return { data: rest, references };
}

/** The ids a document's data refers to (validated), for the caller to check they exist. */
export function referencedIds(data: JsonObject): string[] {
  return Object.values(separateReferences(data).references);
}
