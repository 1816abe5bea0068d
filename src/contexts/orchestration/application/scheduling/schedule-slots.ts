import { CronExpressionParser, type CronExpression } from 'cron-parser';
import { IANAZone } from 'luxon';
import { RRule, RRuleSet, rrulestr } from 'rrule';
import { ValidationError } from '../../../../shared/errors';
import { toMicroIso } from '../../../../shared/ddd';
import { isoOfMicros, microsOfIso, type Slot, type SlotSource } from '../../domain/schedule/schedule';
import type { ScheduleSpec } from '../../read-models';

/**
 * The calendar behind Prefect's three schedule kinds (server `schemas/schedules.py`), as SlotSources
 * for the pure scheduler rules. Time zones come from luxon, cron from cron-parser, rrule from rrule.
 *
 * Lives in the application layer only because the domain may import no package; every function here
 * is pure (no clock, no I/O).
 */

/** Prefect stops a `get_dates` after this many candidate dates. */
const MAX_ITERATIONS = 1000;
const SECOND = 1_000_000;
const DAY = 86_400 * SECOND;
/** Candidates a `day_or: false` cron may skip between two matches (e.g. Friday the 13th). */
const MAX_AND_CANDIDATES = 100_000;

export function zoneOf(timezone: string | null | undefined): IANAZone {
  const name = timezone || 'UTC';
  if (!IANAZone.isValidZone(name)) throw new ValidationError(`Invalid timezone: "${name}"`);
  return IANAZone.create(name);
}

/** Offset of `zone` at the instant (microseconds since the epoch), in microseconds. */
function offsetAt(zone: IANAZone, instant: number): number {
  return zone.offset(Math.floor(instant / 1000)) * 60 * SECOND;
}

/** The wall-clock time of an instant in `zone`, encoded as if it were UTC. */
export function wallOf(instant: number, zone: IANAZone): number {
  return instant + offsetAt(zone, instant);
}

/**
 * The instant a wall-clock time means in `zone`, as Python reads an aware datetime with fold=0: an
 * ambiguous time (clocks set back) is its first occurrence; a time skipped by the clocks moving
 * forward keeps the offset from before the change (02:30 → 03:30 summer time).
 */
export function instantOf(wall: number, zone: IANAZone): number {
  const before = offsetAt(zone, wall - DAY);
  const after = offsetAt(zone, wall + DAY);
  const early = wall - before;
  const late = wall - after;
  const earlyValid = offsetAt(zone, early) === before;
  const lateValid = offsetAt(zone, late) === after;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (lateValid) return late;
  return early;
}

/** Python's `str()` of the instant as an aware datetime in `zone` (`2026-03-08 09:00:00-05:00`). */
export function pythonStr(instant: number, zone: IANAZone): string {
  const offset = offsetAt(zone, instant);
  const wall = isoOfMicros(instant + offset); // 2026-03-08T09:00:00.000000Z
  const micros = wall.slice(20, 26);
  const minutes = Math.round(Math.abs(offset) / (60 * SECOND));
  const sign = offset < 0 ? '-' : '+';
  return `${wall.slice(0, 10)} ${wall.slice(11, 19)}${micros === '000000' ? '' : `.${micros}`}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const slotAt = (instant: number, zone: IANAZone): Slot => ({ at: isoOfMicros(instant), local: pythonStr(instant, zone) });

function parseInstant(value: string, what: string): number {
  const iso = toMicroIso(value);
  if (iso === undefined) throw new ValidationError(`${what} must be an ISO-8601 datetime`);
  return microsOfIso(iso);
}

/**
 * Collects distinct dates from `candidates` (instants in order) as Prefect's generators do: skip
 * those before `start`, stop after `end`, after `n` dates or after MAX_ITERATIONS candidates.
 */
function* collect(candidates: Iterable<number>, zone: IANAZone, n: number, start: number, end: number): Generator<Slot> {
  const seen = new Set<number>();
  let counter = 0;
  for (const instant of candidates) {
    if (instant > end) return;
    if (instant >= start && !seen.has(instant)) {
      seen.add(instant);
      yield slotAt(instant, zone);
    }
    if (seen.size >= n || counter > MAX_ITERATIONS) return;
    counter++;
  }
}

/**
 * IntervalSchedule: `anchor_date + k × interval`. Intervals under a day are exact durations (an
 * hourly schedule fires every elapsed hour across DST); whole days are calendar days in the
 * schedule's time zone, so a daily 09:00 stays 09:00 local. Slot k is always computed from the
 * anchor (not by stepping from the previous one), so the same slots come out whatever `start` is.
 */
export function intervalSlots(spec: { interval: number; anchor_date: string; timezone: string | null }): SlotSource {
  const zone = zoneOf(spec.timezone);
  const interval = Math.round(spec.interval * SECOND);
  if (!(interval > 0)) throw new ValidationError('The interval must be positive');
  const anchor = parseInstant(spec.anchor_date, 'anchor_date');
  const days = Math.floor(interval / DAY);
  const rest = interval - days * DAY;
  const anchorWall = wallOf(anchor, zone);
  const slot = (k: number): number => (days === 0 ? anchor + k * interval : instantOf(anchorWall + k * days * DAY, zone) + k * rest);
  return ({ n, start, end }) => {
    const s = microsOfIso(start);
    let k = Math.trunc((s - anchor) / interval);
    while (slot(k - 1) >= s) k--;
    while (slot(k) < s) k++;
    return collect(
      (function* () {
        for (;;) yield slot(k++);
      })(),
      zone,
      n,
      s,
      microsOfIso(end),
    );
  };
}

/** The day-of-month and day-of-week fields of a 5- or 6-field cron (cron-parser puts seconds first). */
function dayFields(cron: string): { fields: string[]; dom: number; dow: number } | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length === 5) return { fields, dom: 2, dow: 4 };
  if (fields.length === 6) return { fields, dom: 3, dow: 5 };
  return undefined;
}

const isWildcard = (field: string) => field === '*' || field === '?';

function parseCron(expression: string, from: number): CronExpression {
  return CronExpressionParser.parse(expression, { currentDate: new Date(Math.floor(from / 1000)), tz: 'UTC' });
}

/** Throws a ValidationError unless Prefect would accept the cron string. */
export function validateCron(cron: string): void {
  if (cron.split(/\s+/).some((f) => ['r', 'h'].includes(f.toLowerCase()))) throw new ValidationError(`Random and Hashed expressions are unsupported, received: "${cron}"`);
  try {
    parseCron(cron, 0);
  } catch {
    throw new ValidationError(`Invalid cron string: "${cron}"`);
  }
}

/**
 * CronSchedule: the cron runs over wall-clock times in the schedule's time zone (as croniter does in
 * Prefect), each read as an instant with fold=0: a 09:00 cron stays 09:00 local; an hourly one skips
 * the hour clocks jump over and fires once in the hour they repeat. With `day_or: false` a date must
 * match both day of month and day of week (fcron's AND) instead of either.
 */
export function cronSlots(spec: { cron: string; timezone: string | null; day_or: boolean }): SlotSource {
  const zone = zoneOf(spec.timezone);
  validateCron(spec.cron);
  const days = dayFields(spec.cron);
  const both = spec.day_or === false && days !== undefined && !isWildcard(days.fields[days.dom]!) && !isWildcard(days.fields[days.dow]!);
  const only = (keep: 'dom' | 'dow') => {
    const f = [...days!.fields];
    f[keep === 'dom' ? days!.dow : days!.dom] = '*';
    return parseCron(f.join(' '), 0);
  };
  const domOnly = both ? only('dom') : undefined;
  const dowOnly = both ? only('dow') : undefined;
  return ({ n, start, end }) => {
    const s = microsOfIso(start);
    // Prefect starts croniter one second before `start`, rounded up when `start` has microseconds.
    let from = wallOf(s, zone) - SECOND;
    if (from % SECOND !== 0) from += SECOND;
    const expression = parseCron(spec.cron, from);
    const candidates = function* (): Generator<number> {
      let skipped = 0;
      for (;;) {
        let next: Date;
        try {
          next = expression.next().toDate();
        } catch {
          return; // no further date (e.g. 30 February)
        }
        if (both && !(domOnly!.includesDate(next) && dowOnly!.includesDate(next))) {
          if (++skipped > MAX_AND_CANDIDATES) return;
          continue;
        }
        skipped = 0;
        yield instantOf(next.getTime() * 1000, zone);
      }
    };
    return collect(candidates(), zone, n, s, microsOfIso(end));
  };
}

/** The rrule as dateutil reads it in Prefect: DTSTART defaults to 2020-01-01, times are wall-clock. */
function wallClockRuleSet(text: string): RRuleSet {
  const source = /(^|\n)\s*DTSTART/i.test(text) ? text : `DTSTART:20200101T000000\n${text}`;
  let parsed: RRule | RRuleSet;
  try {
    parsed = rrulestr(source, { forceset: true });
  } catch (err) {
    throw new ValidationError(`Invalid rrule string: ${(err as Error).message}`);
  }
  const set = parsed as RRuleSet;
  // rrule keeps DTSTART/UNTIL as wall-clock times encoded as UTC plus a TZID; Prefect replaces any
  // DTSTART zone by the schedule's timezone, so drop the TZID and read the wall times in that zone.
  const wallClock = (r: RRule) => new RRule({ ...r.origOptions, tzid: null, dtstart: r.options.dtstart, until: r.options.until });
  const out = new RRuleSet();
  for (const r of set.rrules()) out.rrule(wallClock(r));
  for (const r of set.exrules()) out.exrule(wallClock(r));
  for (const d of set.rdates()) out.rdate(d);
  for (const d of set.exdates()) out.exdate(d);
  return out;
}

export function validateRrule(rrule: string): void {
  wallClockRuleSet(rrule);
}

/**
 * RRuleSchedule: the rule's occurrences are wall-clock times in the schedule's timezone (default
 * UTC), read with fold=0, as dateutil does with a localized DTSTART.
 */
export function rruleSlots(spec: { rrule: string; timezone: string | null }): SlotSource {
  const zone = zoneOf(spec.timezone);
  const set = wallClockRuleSet(spec.rrule);
  return ({ n, start, end }) => {
    const s = microsOfIso(start);
    const e = microsOfIso(end);
    const walls: number[] = [];
    // A day of margin on both sides: the wall clock and the instant differ by at most a day.
    set.between(new Date(Math.floor((wallOf(s, zone) - DAY) / 1000)), new Date(Math.floor((wallOf(e, zone) + DAY) / 1000)), true, (d: Date) => {
      const instant = instantOf(d.getTime() * 1000, zone);
      if (instant > e) return false;
      if (instant >= s) walls.push(instant);
      return walls.length < n + MAX_ITERATIONS;
    });
    return collect(walls, zone, n, s, e);
  };
}

/** The SlotSource of any of Prefect's schedule kinds. */
export function slotsOf(spec: ScheduleSpec): SlotSource {
  if ('interval' in spec) return intervalSlots(spec);
  if ('cron' in spec) return cronSlots(spec);
  if ('rrule' in spec) return rruleSlots(spec);
  throw new ValidationError('unknown schedule kind');
}
