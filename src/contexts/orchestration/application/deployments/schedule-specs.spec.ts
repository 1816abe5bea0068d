import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMaxScheduledRuns, parseScheduleSpec } from './schedule-specs';

const now = '2026-11-27T10:00:00.000000Z';
const invalid = (raw: unknown, message?: RegExp) =>
  assert.throws(
    () => parseScheduleSpec(raw, now),
    (err: unknown) => {
      assert.equal((err as { code?: string }).code, 'VALIDATION_FAILED');
      if (message) assert.match((err as Error).message, message);
      return true;
    },
  );

describe('schedule specs', () => {
  it('normalises interval schedules: seconds > 0, anchor to UTC micro ISO (default now), timezone UTC by default', () => {
    assert.deepEqual(parseScheduleSpec({ interval: 90.5, anchor_date: '2026-01-01T01:00:00+01:00' }, now), { interval: 90.5, anchor_date: '2026-01-01T00:00:00.000000Z', timezone: 'UTC' });
    assert.deepEqual(parseScheduleSpec({ interval: 60, timezone: 'America/New_York' }, now), { interval: 60, anchor_date: now, timezone: 'America/New_York' });
    invalid({ interval: 0 }, /greater than 0/);
    invalid({ interval: '60' });
    invalid({ interval: 60, anchor_date: 'yesterday' }, /anchor_date/);
    invalid({ interval: 60, timezone: 'Nowhere/Special' }, /Invalid timezone/);
    invalid({ interval: 60, extra: true }, /unknown keys/);
  });

  it('checks cron strings with cron-parser and refuses Random/Hashed expressions', () => {
    assert.deepEqual(parseScheduleSpec({ cron: '*/15 9-17 * * 1-5', timezone: 'Europe/Paris' }, now), { cron: '*/15 9-17 * * 1-5', timezone: 'Europe/Paris', day_or: true });
    assert.deepEqual(parseScheduleSpec({ cron: '@daily', day_or: false }, now), { cron: '@daily', timezone: null, day_or: false });
    invalid({ cron: '61 * * * *' }, /Invalid cron string/);
    invalid({ cron: 'H * * * *' }, /Random and Hashed/);
    invalid({ cron: '' });
  });

  it('checks rrule strings with rrule', () => {
    assert.deepEqual(parseScheduleSpec({ rrule: 'FREQ=WEEKLY;BYDAY=MO,WE', timezone: null }, now), { rrule: 'FREQ=WEEKLY;BYDAY=MO,WE', timezone: null });
    invalid({ rrule: 'FREQ=SOMETIMES' }, /Invalid RRule string/);
    invalid({ rrule: 'x'.repeat(7000) }, /max length/);
  });

  it('refuses objects of no known kind', () => {
    invalid({});
    invalid('hourly');
    invalid(null);
  });

  it('max_scheduled_runs is a positive integer up to 50, or null', () => {
    assert.equal(parseMaxScheduledRuns(null, 's'), null);
    assert.equal(parseMaxScheduledRuns(50, 's'), 50);
    for (const bad of [0, -1, 1.5, 51, '3']) assert.throws(() => parseMaxScheduledRuns(bad, 's'), { code: 'VALIDATION_FAILED' } as object);
  });
});
