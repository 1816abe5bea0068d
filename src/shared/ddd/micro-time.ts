/**
 * Timestamps of telemetry (client events, log lines) keep the client's microseconds: the Python
 * client stamps them with microsecond precision, and tasks produce several events within one
 * millisecond. Stored and compared as `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC), so they sort lexically
 * and every bound of a filter must be normalised the same way.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Parses an ISO-8601 datetime (also Python's `str(datetime)`); no offset means UTC. */
export function toMicroIso(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const m = ISO.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const digits = frac.padEnd(6, '0').slice(0, 6);
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(digits.slice(0, 3)));
  const check = new Date(t);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const z = zone.slice(1).replace(':', '');
    t -= sign * (Number(z.slice(0, 2)) * 60 + Number(z.slice(2) || '0')) * 60_000;
  }
  if (!Number.isFinite(t) || t < Date.UTC(1, 0, 1) || t > Date.UTC(9999, 11, 31, 23, 59, 59, 999)) return undefined;
  return withMicros(new Date(t), digits.slice(3));
}

export function microIso(date: Date): string {
  return withMicros(date, '000');
}

export function microsOf(iso: string): number {
  // `2026-01-01T00:00:00.123456Z`: the milliseconds come from Date, the rest from the digits.
  return Date.parse(iso) * 1000 + Number(iso.slice(23, 26) || '0');
}

export function microIsoFromMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  return withMicros(new Date(ms), String(micros - ms * 1000).padStart(3, '0'));
}

/** Python's `datetime.isoformat()` of a UTC time, as Prefect writes it into resource labels. */
export function pythonIsoFormat(iso: string): string {
  const micro = toMicroIso(iso) ?? iso;
  return micro.replace(/\.000000Z$/, '+00:00').replace(/Z$/, '+00:00');
}

function withMicros(date: Date, extra: string): string {
  const base = date.toISOString(); // 2026-01-01T00:00:00.123Z (years 0-9999 only)
  return `${base.slice(0, 23)}${extra}Z`;
}
