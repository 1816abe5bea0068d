import { CronExpressionParser } from 'cron-parser';
import { IANAZone } from 'luxon';
import { rrulestr } from 'rrule';
import { toMicroIso } from '../../../../shared/ddd';
import { ValidationError } from '../../../../shared/errors';
import type { JsonObject } from '../../domain/common/json';
import type { ScheduleSpec } from '../../domain/deployment/deployment';

/**
 * Prefect's schedule objects (server `schemas/schedules.py`) validated and normalised with the
 * calendar libraries; the domain only ever sees valid specs. Bad input is a 422 naming the problem.
 */
type Json = Record<string, unknown>;

/** Prefect's PREFECT_DEPLOYMENT_SCHEDULE_MAX_SCHEDULED_RUNS default. */
export const MAX_SCHEDULED_RUNS_LIMIT = 50;
const MAX_RRULE_LENGTH = 6500;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function timezone(v: unknown, where: string): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') throw new ValidationError(`${where}.timezone must be a string`);
  if (v !== '' && !IANAZone.isValidZone(v)) throw new ValidationError(`Invalid timezone: "${v}" (specify in IANA tzdata format, for example, America/New_York)`);
  return v;
}

function onlyKeys(o: Json, allowed: readonly string[], where: string): void {
  const extra = Object.keys(o).filter((k) => !allowed.includes(k));
  if (extra.length > 0) throw new ValidationError(`${where} has unknown keys: ${extra.join(', ')}`);
}

/** `{interval, anchor_date, timezone}` | `{cron, timezone, day_or}` | `{rrule, timezone}`; `now` is the default anchor. */
export function parseScheduleSpec(raw: unknown, now: string, where = 'schedule'): ScheduleSpec {
  if (!isObject(raw)) throw new ValidationError(`${where} must be an object`);
  if ('interval' in raw) {
    onlyKeys(raw, ['interval', 'anchor_date', 'timezone'], where);
    const interval = raw.interval;
    if (typeof interval !== 'number' || !Number.isFinite(interval) || interval <= 0) throw new ValidationError(`${where}.interval must be a number of seconds greater than 0`);
    let anchor = now;
    if (raw.anchor_date !== null && raw.anchor_date !== undefined) {
      const parsed = typeof raw.anchor_date === 'string' ? toMicroIso(raw.anchor_date) : undefined;
      if (!parsed) throw new ValidationError(`${where}.anchor_date is not a valid datetime: ${String(raw.anchor_date)}`);
      anchor = parsed;
    }
    return { interval, anchor_date: anchor, timezone: timezone(raw.timezone, where) ?? 'UTC' };
  }
  if ('cron' in raw) {
    onlyKeys(raw, ['cron', 'timezone', 'day_or'], where);
    const cron = raw.cron;
    if (typeof cron !== 'string' || cron.trim() === '') throw new ValidationError(`${where}.cron must be a cron string`);
    if (cron.split(/\s+/).some((part) => ['r', 'h'].includes(part.toLowerCase()))) throw new ValidationError(`Random and Hashed expressions are unsupported, received: "${cron}"`);
    const tz = timezone(raw.timezone, where);
    try {
      CronExpressionParser.parse(cron, { tz: tz || 'UTC' });
    } catch (err) {
      throw new ValidationError(`Invalid cron string: "${cron}" (${(err as Error).message})`);
    }
    if (raw.day_or !== undefined && raw.day_or !== null && typeof raw.day_or !== 'boolean') throw new ValidationError(`${where}.day_or must be a boolean`);
    return { cron, timezone: tz, day_or: raw.day_or === false ? false : true };
  }
  if ('rrule' in raw) {
    onlyKeys(raw, ['rrule', 'timezone'], where);
    const rrule = raw.rrule;
    if (typeof rrule !== 'string' || rrule.trim() === '') throw new ValidationError(`${where}.rrule must be an RRule string`);
    if (rrule.length > MAX_RRULE_LENGTH) throw new ValidationError(`Invalid RRule string "${rrule.slice(0, 40)}...": max length is ${MAX_RRULE_LENGTH}, got ${rrule.length}`);
    try {
      rrulestr(rrule);
    } catch (err) {
      throw new ValidationError(`Invalid RRule string "${rrule}": ${(err as Error).message}`);
    }
    return { rrule, timezone: timezone(raw.timezone, where) };
  }
  throw new ValidationError(`${where} must be an interval, cron or rrule schedule`);
}

export function parseMaxScheduledRuns(v: unknown, where: string): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ValidationError(`${where}.max_scheduled_runs must be a positive integer or null`);
  if (v > MAX_SCHEDULED_RUNS_LIMIT) throw new ValidationError(`\`max_scheduled_runs\` must be less than or equal to ${MAX_SCHEDULED_RUNS_LIMIT}.`);
  return v;
}

export function optParameters(v: unknown, where: string): JsonObject | undefined {
  if (v === null || v === undefined) return undefined;
  if (!isObject(v)) throw new ValidationError(`${where}.parameters must be an object`);
  return v as JsonObject;
}

export function optSlug(v: unknown, where: string): string | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'string') throw new ValidationError(`${where} must be a string`);
  return v;
}

export function optBool(v: unknown, where: string): boolean | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new ValidationError(`${where} must be a boolean`);
  return v;
}
