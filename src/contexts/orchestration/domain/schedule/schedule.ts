/**
 * Prefect's scheduler rules (server `models/deployments.py` `_generate_scheduled_flow_runs`,
 * `services/scheduler.py`), pure: the clock arrives as `now`, the calendar (time zones, cron, rrule)
 * arrives as a SlotSource built by the application from the schedule.
 */

/** One date a schedule fires at. */
export interface Slot {
  /** The instant, UTC with microseconds (`2026-11-27T10:00:00.000000Z`). */
  readonly at: string;
  /**
   * Python's `str()` of the date in the schedule's time zone (`2026-11-27 05:00:00-05:00`): what
   * Prefect writes into the run's idempotency key.
   */
  readonly local: string;
}

/**
 * A schedule's dates on or after `start` and not after `end` (both UTC micro ISO), in order, at most
 * `n` distinct ones (Prefect's `_get_dates_generator`). May be consumed partially.
 */
export type SlotSource = (window: { readonly n: number; readonly start: string; readonly end: string }) => Iterable<Slot>;

/** Prefect's scheduler settings (PREFECT_API_SERVICES_SCHEDULER_*), with its defaults. */
export interface SchedulerPolicy {
  /** At least this many runs per schedule... */
  readonly minRuns: number;
  /** ...and at most this many... */
  readonly maxRuns: number;
  /** ...until at least now + this (seconds)... */
  readonly minScheduledSeconds: number;
  /** ...but never beyond now + this (seconds). */
  readonly maxScheduledSeconds: number;
}

export const PREFECT_SCHEDULER_POLICY: SchedulerPolicy = { minRuns: 3, maxRuns: 100, minScheduledSeconds: 3600, maxScheduledSeconds: 100 * 86_400 };

const MICROS_PER_SECOND = 1_000_000;

/** Microseconds since the epoch of a UTC micro ISO string (`…T10:00:00.123456Z`). */
export function microsOfIso(iso: string): number {
  return Date.parse(iso) * 1000 + Number(iso.slice(23, 26) || '0');
}

/** A UTC micro ISO string from microseconds since the epoch. */
export function isoOfMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  return `${new Date(ms).toISOString().slice(0, 23)}${String(micros - ms * 1000).padStart(3, '0')}Z`;
}

/**
 * The dates to keep scheduled for one schedule: from `now`, up to `max_scheduled_runs` (capped by
 * maxRuns) dates not beyond now + maxScheduledSeconds, stopping as soon as there are at least
 * minRuns of them and the last one reaches now + minScheduledSeconds.
 */
export function slotsToKeep(source: SlotSource, now: string, maxScheduledRuns: number | null, policy: SchedulerPolicy = PREFECT_SCHEDULER_POLICY): Slot[] {
  const nowMicros = microsOfIso(now);
  const n = maxScheduledRuns !== null && maxScheduledRuns > 0 ? Math.min(maxScheduledRuns, policy.maxRuns) : policy.maxRuns;
  const end = isoOfMicros(nowMicros + policy.maxScheduledSeconds * MICROS_PER_SECOND);
  const horizon = nowMicros + policy.minScheduledSeconds * MICROS_PER_SECOND;
  const kept: Slot[] = [];
  for (const slot of source({ n, start: now, end })) {
    kept.push(slot);
    if (kept.length >= n) break;
    if (kept.length >= policy.minRuns && microsOfIso(slot.at) >= horizon) break;
  }
  return kept;
}

/** Prefect's idempotency key of an auto-scheduled run. */
export function scheduledRunIdempotencyKey(deploymentId: string, scheduleId: string, slot: Slot): string {
  return `scheduled ${deploymentId} ${scheduleId} ${slot.local}`;
}

/** The three schedule kinds, told apart by their key (as Prefect's union is). */
export type ScheduleKindSpec = { readonly interval: number } | { readonly cron: string } | { readonly rrule: string };

/** Prefect's schedule class name: the run's `created_by.display_value` when the schedule has no slug. */
export function scheduleClassName(spec: ScheduleKindSpec): 'IntervalSchedule' | 'CronSchedule' | 'RRuleSchedule' {
  if ('interval' in spec) return 'IntervalSchedule';
  if ('cron' in spec) return 'CronSchedule';
  return 'RRuleSchedule';
}
