import { microIso, microIsoFromMicros, microsOf, toMicroIso } from '../../../../shared/ddd';
import { ValidationError } from '../../../../shared/errors';

/**
 * Time arithmetic on ISO-8601 strings. The domain never reads the clock: `now` arrives on commands.
 * Timestamps are UTC microsecond strings (`2026-11-27T10:00:00.000000Z`, shared/ddd/micro-time.ts):
 * the client stamps task states microseconds apart, and one fixed width keeps them sorting lexically.
 */

/** Parses a Prefect datetime into our UTC microsecond ISO form; undefined when it is not one. */
export function normaliseDateTime(value: string): string | undefined {
  return toMicroIso(value);
}

export function parseDateTime(value: unknown, path: string): string {
  const parsed = typeof value === 'string' ? normaliseDateTime(value) : undefined;
  if (parsed === undefined) throw new ValidationError(`${path} must be an ISO-8601 datetime`, { path });
  return parsed;
}

function micros(iso: string): number {
  const normal = toMicroIso(iso);
  if (normal === undefined) throw new ValidationError(`not an ISO-8601 datetime: ${iso}`);
  return microsOf(normal);
}

export function toMillis(iso: string): number {
  return Math.floor(micros(iso) / 1000);
}

export function fromMillis(ms: number): string {
  return microIso(new Date(ms));
}

/** `iso` plus a (possibly fractional) number of seconds, at microsecond precision. */
export function addSeconds(iso: string, seconds: number): string {
  return microIsoFromMicros(micros(iso) + Math.round(seconds * 1_000_000));
}

/** Seconds from `a` to `b` (negative when b is earlier). */
export function secondsBetween(a: string, b: string): number {
  return (micros(b) - micros(a)) / 1_000_000;
}

export function isBefore(a: string, b: string): boolean {
  return micros(a) < micros(b);
}
