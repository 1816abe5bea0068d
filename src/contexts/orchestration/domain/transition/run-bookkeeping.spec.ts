import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptState, type StateCreate } from '../states/state';
import { advanceRunTimes, NO_RUN_TIMES, type RunTimes } from './run-bookkeeping';

const t = (s: number) => new Date(Date.parse('2026-11-27T10:00:00.000000Z') + s * 1000).toISOString().replace('Z', '000Z');
const st = (p: StateCreate, at: number) => acceptState(p, `s${at}`, t(at));

describe('run times (Prefect global transforms)', () => {
  it('sets expected start from the first state: its scheduled time, else its timestamp', () => {
    assert.equal(advanceRunTimes(NO_RUN_TIMES, null, st({ type: 'SCHEDULED', state_details: { scheduled_time: t(600) } }, 0)).expected_start_time, t(600));
    assert.equal(advanceRunTimes(NO_RUN_TIMES, null, st({ type: 'PENDING' }, 0)).expected_start_time, t(0));
    const set: RunTimes = { ...NO_RUN_TIMES, expected_start_time: t(-5) };
    assert.equal(advanceRunTimes(set, st({ type: 'PENDING' }, 0), st({ type: 'SCHEDULED', state_details: { scheduled_time: t(9) } }, 1)).expected_start_time, t(-5));
  });

  it('tracks the next scheduled start while SCHEDULED', () => {
    const scheduled = st({ type: 'SCHEDULED', state_details: { scheduled_time: t(60) } }, 0);
    const times = advanceRunTimes(NO_RUN_TIMES, null, scheduled);
    assert.equal(times.next_scheduled_start_time, t(60));
    assert.equal(advanceRunTimes(times, scheduled, st({ type: 'PENDING' }, 61)).next_scheduled_start_time, null);
  });

  it('starts on the first RUNNING and accumulates time spent RUNNING', () => {
    const running1 = st({ type: 'RUNNING' }, 10);
    let times = advanceRunTimes(NO_RUN_TIMES, st({ type: 'PENDING' }, 0), running1);
    assert.equal(times.start_time, t(10));
    const paused = st({ type: 'PAUSED' }, 12.5);
    times = advanceRunTimes(times, running1, paused);
    assert.equal(times.total_run_time, 2.5);
    const running2 = st({ type: 'RUNNING' }, 20);
    times = advanceRunTimes(times, paused, running2);
    assert.equal(times.start_time, t(10));
    assert.equal(times.total_run_time, 2.5);
    times = advanceRunTimes(times, running2, st({ type: 'COMPLETED' }, 21.25));
    assert.equal(times.total_run_time, 3.75);
    assert.equal(times.end_time, t(21.25));
  });

  it('ends on a final state, starting a run that never ran, and reopens when leaving it', () => {
    const failed = st({ type: 'FAILED' }, 5);
    let times = advanceRunTimes(NO_RUN_TIMES, st({ type: 'PENDING' }, 0), failed);
    assert.deepEqual([times.start_time, times.end_time], [t(5), t(5)]);
    const crashed = st({ type: 'CRASHED' }, 6);
    assert.equal(advanceRunTimes(times, failed, crashed).end_time, t(5));
    times = advanceRunTimes(times, failed, st({ type: 'SCHEDULED' }, 7));
    assert.equal(times.end_time, null);
    assert.equal(times.start_time, t(5));
  });
});
