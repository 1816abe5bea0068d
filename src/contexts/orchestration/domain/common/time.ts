import { ValidationError } from '../../../../shared/errors';

/**
 * Time arithmetic on ISO-8601 strings. The domain never reads the clock: `now` arrives on commands.
 * Our own timestamps are UTC millisecond strings (`2026-11-27T10:00:00.000Z`), so they also sort
 * lexically; parsing Prefect's microsecond, offset or space-separated forms normalises them to that.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Parses a Prefect datetime into a UTC millisecond ISO string; undefined when it is not one. */
export function normaliseDateTime(value: string): string | undefined {
  const m = ISO.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  // Date.UTC silently rolls over (Feb 30 → Mar 2); refuse instead.
  const check = new Date(t);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  // Prefect treats a datetime without an offset as UTC.
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    t -= sign * offsetMinutes * 60_000;
  }
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

export function parseDateTime(value: unknown, path: string): string {
  const parsed = typeof value === 'string' ? normaliseDateTime(value) : undefined;
  if (parsed === undefined) throw new ValidationError(`${path} must be an ISO-8601 datetime`, { path });
  return parsed;
}

export function toMillis(iso: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new ValidationError(`not an ISO-8601 datetime: ${iso}`);
  return t;
}

export function fromMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/** `iso` plus a (possibly fractional) number of seconds, at millisecond precision. */
export function addSeconds(iso: string, seconds: number): string {
  return fromMillis(toMillis(iso) + Math.round(seconds * 1000));
}

/** Seconds from `a` to `b` (negative when b is earlier). */
export function secondsBetween(a: string, b: string): number {
  return (toMillis(b) - toMillis(a)) / 1000;
}

export function isBefore(a: string, b: string): boolean {
  return toMillis(a) < toMillis(b);
}
