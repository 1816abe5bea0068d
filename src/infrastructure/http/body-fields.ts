import { NotFoundError, ValidationError } from '../../shared/errors';

/** Checks of hand-read JSON bodies and path ids shared by the controllers; each failure is a 422, a bad path id a 404. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Json = Record<string, unknown>;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** A JSON object body; an absent body is `{}`. */
export function object(raw: unknown): Json {
  if (raw === undefined || raw === null) return {};
  return requiredObject(raw);
}

/** A JSON object body that must be there. */
export function requiredObject(raw: unknown): Json {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ValidationError('the body must be a JSON object');
  return raw as Json;
}

/** A path id that is not a UUID names nothing: 404 `${what} not found`. Lower-cased. */
export function pathId(value: string, what: string): string {
  if (!UUID.test(value)) throw new NotFoundError(`${what} not found`);
  return value.toLowerCase();
}

/** A UUID in the body. Lower-cased. */
export function uuidField(value: unknown, field: string): string {
  if (!isUuid(value)) throw new ValidationError(`${field} must be a UUID`);
  return value.toLowerCase();
}

/** A non-negative integer; `fallback` when absent or null. */
export function count<F extends number | undefined>(value: unknown, field: string, fallback: F): number | F {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new ValidationError(`${field} must be a non-negative integer`);
  return value;
}

/** A string field that may be left out (undefined). */
export function optionalString(body: Json, field: string): string | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ValidationError(`${field} must be a string`);
  return v;
}

/** A string field that may be left out (undefined) or null. */
export function nullableString(body: Json, field: string): string | null | undefined {
  const v = body[field];
  if (v === undefined || v === null) return v;
  if (typeof v !== 'string') throw new ValidationError(`${field} must be a string or null`);
  return v;
}

/** A string field that must be there (it may be empty). */
export function requiredString(body: Json, field: string): string {
  const v = body[field];
  if (typeof v !== 'string') throw new ValidationError(`${field} is required and must be a string`);
  return v;
}
