import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cronSlots, instantOf, intervalSlots, pythonStr, rruleSlots, slotsOf, zoneOf } from './schedule-slots';
import { microsOfIso, type Slot, type SlotSource } from '../../domain/schedule/schedule';

const take = (source: SlotSource, n: number, start: string, end = '2100-01-01T00:00:00.000000Z'): Slot[] => [...source({ n, start, end })];
const hoursIn = (slots: Slot[], tz: string) =>
  slots.map((s) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', hourCycle: 'h23' }).format(new Date(s.at.slice(0, 23) + 'Z'))));
const utcHours = (slots: Slot[]) => slots.map((s) => Number(s.at.slice(11, 13)));
const NY = 'America/New_York';

describe('time zone helpers', () => {
  it('reads a wall-clock time as Python does with fold=0', () => {
    const ny = zoneOf(NY);
    const wall = (iso: string) => microsOfIso(iso);
    // ambiguous 01:30 on 2018-11-04: the first occurrence (EDT, 05:30 UTC)
    assert.equal(instantOf(wall('2018-11-04T01:30:00.000000Z'), ny), wall('2018-11-04T05:30:00.000000Z'));
    // skipped 02:30 on 2018-03-11: the offset before the change (EST), i.e. 03:30 EDT
    assert.equal(instantOf(wall('2018-03-11T02:30:00.000000Z'), ny), wall('2018-03-11T07:30:00.000000Z'));
    assert.equal(instantOf(wall('2018-07-01T09:00:00.000000Z'), ny), wall('2018-07-01T13:00:00.000000Z'));
  });

  it("formats a date as Python's str() of an aware datetime in the zone", () => {
    assert.equal(pythonStr(microsOfIso('2018-03-08T14:00:00.000000Z'), zoneOf(NY)), '2018-03-08 09:00:00-05:00');
    assert.equal(pythonStr(microsOfIso('2026-11-27T10:00:00.250000Z'), zoneOf('UTC')), '2026-11-27 10:00:00.250000+00:00');
    assert.equal(pythonStr(microsOfIso('2026-01-01T00:00:00.000000Z'), zoneOf('Asia/Kolkata')), '2026-01-01 05:30:00+05:30');
  });

  it('refuses an unknown time zone', () => assert.throws(() => zoneOf('Mars/Olympus'), { code: 'VALIDATION_FAILED' }));
});

describe('IntervalSchedule', () => {
  it('aligns on the anchor and starts at the first slot on or after start', () => {
    const s = intervalSlots({ interval: 600, anchor_date: '2026-01-01T00:00:00Z', timezone: null });
    assert.deepEqual(
      take(s, 3, '2026-11-27T10:03:00.000000Z').map((x) => x.at),
      ['2026-11-27T10:10:00.000000Z', '2026-11-27T10:20:00.000000Z', '2026-11-27T10:30:00.000000Z'],
    );
    assert.equal(take(s, 1, '2026-11-27T10:10:00.000000Z')[0]!.at, '2026-11-27T10:10:00.000000Z', 'start is inclusive');
    assert.equal(take(s, 1, '2026-11-27T10:03:00.000000Z')[0]!.local, '2026-11-27 10:10:00+00:00');
  });

  it('works before the anchor too, and keeps sub-second intervals', () => {
    const s = intervalSlots({ interval: 1.5, anchor_date: '2026-01-01T00:00:00Z', timezone: 'UTC' });
    assert.deepEqual(
      take(s, 2, '2025-12-31T23:59:58.000000Z').map((x) => x.at),
      ['2025-12-31T23:59:58.500000Z', '2026-01-01T00:00:00.000000Z'],
    );
  });

  it('stops at n dates and at end (inclusive)', () => {
    const s = intervalSlots({ interval: 3600, anchor_date: '2026-01-01T00:00:00Z', timezone: null });
    assert.equal(take(s, 5, '2026-01-01T00:00:00.000000Z').length, 5);
    assert.deepEqual(
      take(s, 100, '2026-01-01T00:00:00.000000Z', '2026-01-01T02:00:00.000000Z').map((x) => x.at),
      ['2026-01-01T00:00:00.000000Z', '2026-01-01T01:00:00.000000Z', '2026-01-01T02:00:00.000000Z'],
    );
  });

  it('an hourly schedule fires every elapsed hour across the spring-forward change', () => {
    const s = intervalSlots({ interval: 3600, anchor_date: '2018-03-11T04:00:00Z', timezone: NY });
    const dates = take(s, 5, '2018-03-11T04:00:00.000000Z'); // 2018-03-10 23:00 New York
    assert.deepEqual(hoursIn(dates, NY), [23, 0, 1, 3, 4]);
    assert.deepEqual(utcHours(dates), [4, 5, 6, 7, 8]);
  });

  it('an hourly schedule repeats the local hour when clocks go back', () => {
    const s = intervalSlots({ interval: 3600, anchor_date: '2018-11-04T03:00:00Z', timezone: NY });
    const dates = take(s, 5, '2018-11-04T03:00:00.000000Z'); // 2018-11-03 23:00 New York
    assert.deepEqual(hoursIn(dates, NY), [23, 0, 1, 1, 2]);
    assert.deepEqual(utcHours(dates), [3, 4, 5, 6, 7]);
    assert.deepEqual(
      dates.map((d) => d.local.slice(11)),
      ['23:00:00-04:00', '00:00:00-04:00', '01:00:00-04:00', '01:00:00-05:00', '02:00:00-05:00'],
    );
  });

  it('a daily schedule keeps 09:00 local through both DST changes', () => {
    const fwd = take(intervalSlots({ interval: 86_400, anchor_date: '2018-03-08T09:00:00-05:00', timezone: NY }), 5, '2018-03-08T14:00:00.000000Z');
    assert.deepEqual(hoursIn(fwd, NY), [9, 9, 9, 9, 9]);
    assert.deepEqual(utcHours(fwd), [14, 14, 14, 13, 13]);
    const back = take(intervalSlots({ interval: 86_400, anchor_date: '2018-11-01T09:00:00-04:00', timezone: NY }), 5, '2018-11-01T13:00:00.000000Z');
    assert.deepEqual(hoursIn(back, NY), [9, 9, 9, 9, 9]);
    assert.deepEqual(utcHours(back), [13, 13, 13, 14, 14]);
  });

  it('a daily schedule anchored in winter still fires at 09:00 local in summer, whatever the start', () => {
    const s = intervalSlots({ interval: 86_400, anchor_date: '2018-01-01T09:00:00-05:00', timezone: NY });
    const july = take(s, 2, '2018-07-01T00:00:00.000000Z');
    assert.deepEqual(july.map((d) => d.local), ['2018-07-01 09:00:00-04:00', '2018-07-02 09:00:00-04:00']);
    // the same slots come out whether generation starts before or after them
    const fromEarlier = take(s, 200, '2018-06-01T00:00:00.000000Z').map((d) => d.at);
    assert.ok(fromEarlier.includes(july[0]!.at) && fromEarlier.includes(july[1]!.at));
  });

  it('a weekly schedule counts calendar days in the zone', () => {
    const s = intervalSlots({ interval: 7 * 86_400, anchor_date: '2018-03-05T09:00:00-05:00', timezone: NY });
    assert.deepEqual(take(s, 2, '2018-03-06T00:00:00.000000Z').map((d) => d.local), ['2018-03-12 09:00:00-04:00', '2018-03-19 09:00:00-04:00']);
  });

  it('refuses a non-positive interval', () => assert.throws(() => intervalSlots({ interval: 0, anchor_date: '2026-01-01T00:00:00Z', timezone: null }), { code: 'VALIDATION_FAILED' }));
});

describe('CronSchedule', () => {
  it('fires on the cron in UTC by default, start inclusive', () => {
    const s = cronSlots({ cron: '*/15 * * * *', timezone: null, day_or: true });
    assert.deepEqual(
      take(s, 3, '2026-11-27T10:15:00.000000Z').map((d) => d.at),
      ['2026-11-27T10:15:00.000000Z', '2026-11-27T10:30:00.000000Z', '2026-11-27T10:45:00.000000Z'],
    );
    assert.equal(take(s, 1, '2026-11-27T10:15:00.500000Z')[0]!.at, '2026-11-27T10:30:00.000000Z', 'a start with microseconds rounds up');
  });

  it('reads the cron in its time zone', () => {
    const s = cronSlots({ cron: '0 9 * * *', timezone: 'Europe/Paris', day_or: true });
    assert.deepEqual(take(s, 2, '2026-11-27T12:00:00.000000Z').map((d) => d.local), ['2026-11-28 09:00:00+01:00', '2026-11-29 09:00:00+01:00']);
  });

  it('an hourly cron skips the hour clocks jump over', () => {
    const dates = take(cronSlots({ cron: '0 * * * *', timezone: NY, day_or: true }), 5, '2018-03-11T04:00:00.000000Z');
    assert.deepEqual(hoursIn(dates, NY), [23, 0, 1, 3, 4]);
    assert.deepEqual(utcHours(dates), [4, 5, 6, 7, 8]);
  });

  it('an hourly cron fires once in the repeated hour when clocks go back', () => {
    const dates = take(cronSlots({ cron: '0 * * * *', timezone: NY, day_or: true }), 5, '2018-11-04T03:00:00.000000Z');
    assert.deepEqual(hoursIn(dates, NY), [23, 0, 1, 2, 3]);
    assert.deepEqual(utcHours(dates), [3, 4, 5, 7, 8]);
  });

  it('a 09:00 cron stays 09:00 local through DST changes', () => {
    const fwd = take(cronSlots({ cron: '0 9 * * *', timezone: NY, day_or: true }), 5, '2018-03-08T14:00:00.000000Z');
    assert.deepEqual(utcHours(fwd), [14, 14, 14, 13, 13]);
    const back = take(cronSlots({ cron: '0 9 * * *', timezone: NY, day_or: true }), 5, '2018-11-01T13:00:00.000000Z');
    assert.deepEqual(utcHours(back), [13, 13, 13, 14, 14]);
  });

  it('schedules correctly from the morning of a DST change, before the change', () => {
    const dates = take(cronSlots({ cron: '10 0 * * *', timezone: 'America/Montreal', day_or: true }), 5, '2023-03-12T05:10:02.000000Z');
    assert.deepEqual(hoursIn(dates, NY), [0, 0, 0, 0, 0]);
    assert.deepEqual(utcHours(dates), [4, 4, 4, 4, 4]);
  });

  it('day_or: true fires on the 13th or on Fridays; false only on Friday the 13th', () => {
    const or = take(cronSlots({ cron: '0 0 13 * 5', timezone: null, day_or: true }), 3, '2026-01-01T00:00:00.000000Z').map((d) => d.at.slice(0, 10));
    assert.deepEqual(or, ['2026-01-02', '2026-01-09', '2026-01-13']);
    const and = take(cronSlots({ cron: '0 0 13 * 5', timezone: null, day_or: false }), 3, '2026-01-01T00:00:00.000000Z').map((d) => d.at.slice(0, 10));
    assert.deepEqual(and, ['2026-02-13', '2026-03-13', '2026-11-13']);
    // without both day fields restricted, day_or changes nothing
    assert.deepEqual(
      take(cronSlots({ cron: '0 0 * * 5', timezone: null, day_or: false }), 2, '2026-01-01T00:00:00.000000Z').map((d) => d.at.slice(0, 10)),
      ['2026-01-02', '2026-01-09'],
    );
  });

  it('refuses invalid, random and hashed crons', () => {
    assert.throws(() => cronSlots({ cron: 'not a cron', timezone: null, day_or: true }), { code: 'VALIDATION_FAILED' });
    assert.throws(() => cronSlots({ cron: 'H * * * *', timezone: null, day_or: true }), { code: 'VALIDATION_FAILED' });
  });
});

describe('RRuleSchedule', () => {
  it('reads DTSTART as wall-clock time in the schedule zone: a daily 09:00 stays 09:00', () => {
    const s = rruleSlots({ rrule: 'DTSTART:20180308T090000\nRRULE:FREQ=DAILY', timezone: NY });
    const dates = take(s, 5, '2018-03-08T14:00:00.000000Z');
    assert.deepEqual(hoursIn(dates, NY), [9, 9, 9, 9, 9]);
    assert.deepEqual(utcHours(dates), [14, 14, 14, 13, 13]);
    // the same rule in UTC keeps 09:00 UTC
    assert.deepEqual(utcHours(take(rruleSlots({ rrule: 'DTSTART:20181101T090000\nRRULE:FREQ=DAILY', timezone: 'UTC' }), 5, '2018-11-01T09:00:00.000000Z')), [9, 9, 9, 9, 9]);
  });

  it('the schedule timezone wins over a TZID on DTSTART (as Prefect replaces it)', () => {
    const s = rruleSlots({ rrule: 'DTSTART;TZID=Europe/Paris:20260101T090000\nRRULE:FREQ=DAILY', timezone: NY });
    assert.equal(take(s, 1, '2026-06-01T00:00:00.000000Z')[0]!.local, '2026-06-01 09:00:00-04:00');
  });

  it('hourly rules skip the jumped hour and fire once in the repeated one', () => {
    const fwd = take(rruleSlots({ rrule: 'DTSTART:20180310T230000\nRRULE:FREQ=HOURLY', timezone: NY }), 5, '2018-03-11T04:00:00.000000Z');
    assert.deepEqual(hoursIn(fwd, NY), [23, 0, 1, 3, 4]);
    const back = take(rruleSlots({ rrule: 'DTSTART:20181103T230000\nRRULE:FREQ=HOURLY', timezone: NY }), 5, '2018-11-04T03:00:00.000000Z');
    assert.deepEqual(utcHours(back), [3, 4, 5, 7, 8]);
  });

  it('without DTSTART the rule starts 2020-01-01 00:00; COUNT, UNTIL and EXDATE are honoured', () => {
    assert.deepEqual(
      take(rruleSlots({ rrule: 'RRULE:FREQ=WEEKLY;BYDAY=MO', timezone: null }), 2, '2026-11-27T00:00:00.000000Z').map((d) => d.at),
      ['2026-11-30T00:00:00.000000Z', '2026-12-07T00:00:00.000000Z'],
    );
    assert.equal(take(rruleSlots({ rrule: 'DTSTART:20260101T000000\nRRULE:FREQ=DAILY;COUNT=3', timezone: null }), 10, '2026-01-02T00:00:00.000000Z').length, 2);
    assert.equal(take(rruleSlots({ rrule: 'DTSTART:20260101T000000\nRRULE:FREQ=DAILY;UNTIL=20260105T000000Z', timezone: null }), 10, '2026-01-01T00:00:00.000000Z').length, 5);
    assert.deepEqual(
      take(rruleSlots({ rrule: 'DTSTART:20260101T000000\nRRULE:FREQ=DAILY\nEXDATE:20260102T000000', timezone: null }), 2, '2026-01-01T00:00:00.000000Z').map((d) => d.at.slice(0, 10)),
      ['2026-01-01', '2026-01-03'],
    );
  });

  it('refuses an invalid rrule', () => assert.throws(() => rruleSlots({ rrule: 'FREQ=SOMETIMES', timezone: null }), { code: 'VALIDATION_FAILED' }));
});

describe('slotsOf', () => {
  it('tells the kinds apart by their key', () => {
    const start = '2026-01-01T00:00:00.000000Z';
    assert.equal(take(slotsOf({ interval: 60, anchor_date: start, timezone: null }), 1, start)[0]!.at, start);
    assert.equal(take(slotsOf({ cron: '0 0 * * *', timezone: null, day_or: true }), 1, start)[0]!.at, start);
    assert.equal(take(slotsOf({ rrule: 'RRULE:FREQ=DAILY', timezone: null }), 1, start)[0]!.at, start);
  });
});
