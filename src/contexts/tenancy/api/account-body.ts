import { NotFoundError, ValidationError } from '../../../shared/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Json = Record<string, unknown>;

/** A JSON object body; an absent body is `{}`. */
export function object(raw: unknown): Json {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ValidationError('the body must be a JSON object');
  return raw as Json;
}

/** A path id that is not a UUID names nothing: 404. */
export function pathId(value: string, what: string): string {
  if (!UUID.test(value)) throw new NotFoundError(`${what} not found`);
  return value.toLowerCase();
}

export function count(value: unknown, field: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new ValidationError(`${field} must be a non-negative integer`);
  return value;
}
