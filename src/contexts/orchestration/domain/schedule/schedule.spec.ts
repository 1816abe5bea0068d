import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isoOfMicros, microsOfIso, scheduleClassName, scheduledRunIdempotencyKey, slotsToKeep, type SlotSource } from './schedule';
import { desiredScheduledRuns, scheduledRunsToRemove, type DeploymentForScheduling, type ExistingRun } from './scheduled-runs';

const now = '2026-11-27T10:00:00.000000Z';
/** Every `seconds` from `anchor`, UTC: enough calendar for the rules. */
function every(seconds: number, anchor = now): SlotSource {
  return function* ({ n, start, end }) {
    const step = seconds * 1_000_000;
    let t = microsOfIso(anchor);
    while (t < microsOfIso(start)) t += step;
    for (let i = 0; i < n && t <= microsOfIso(end); i++, t += step) yield { at: isoOfMicros(t), local: isoOfMicros(t).replace('T', ' ').replace('.000000Z', '+00:00') };
  };
}
const minutesFromNow = (iso: string) => (microsOfIso(iso) - microsOfIso(now)) / 60_000_000;

describe('which runs to keep (Prefect scheduler rule)', () => {
  it('keeps at least 3 runs and at least one hour ahead', () => {
    // every 10 minutes: 3 runs are not enough, it goes until the first run at or after now + 1 h
    assert.deepEqual(slotsToKeep(every(600), now, null).map((s) => minutesFromNow(s.at)), [0, 10, 20, 30, 40, 50, 60]);
    // daily: an hour is covered by the first; 3 runs are the minimum
    assert.deepEqual(slotsToKeep(every(86_400), now, null).map((s) => minutesFromNow(s.at) / 1440), [0, 1, 2]);
  });

  it('never more than 100 runs, nor more than max_scheduled_runs', () => {
    assert.equal(slotsToKeep(every(10), now, null).length, 100);
    assert.equal(slotsToKeep(every(10), now, 5).length, 5);
    assert.equal(slotsToKeep(every(600), now, 2).length, 2, 'max_scheduled_runs also wins over min_runs');
    assert.equal(slotsToKeep(every(10), now, 500).length, 100, 'max_scheduled_runs is capped by max_runs');
  });

  it('never beyond 100 days', () => {
    assert.deepEqual(slotsToKeep(every(60 * 86_400), now, null).map((s) => minutesFromNow(s.at) / 1440), [0, 60]);
    assert.deepEqual(slotsToKeep(every(86_400, '2027-03-07T10:00:00.000001Z'), now, null), [], 'the first date is 1 µs past now + 100 days');
    assert.equal(slotsToKeep(every(86_400, '2027-03-07T10:00:00.000000Z'), now, null).length, 1, 'now + 100 days itself is kept');
  });

  it('builds Prefect idempotency keys and display values', () => {
    assert.equal(scheduledRunIdempotencyKey('d1', 's1', { at: now, local: '2026-11-27 05:00:00-05:00' }), 'scheduled d1 s1 2026-11-27 05:00:00-05:00');
    assert.equal(scheduleClassName({ interval: 60 }), 'IntervalSchedule');
    assert.equal(scheduleClassName({ cron: '* * * * *' }), 'CronSchedule');
    assert.equal(scheduleClassName({ rrule: 'FREQ=DAILY' }), 'RRuleSchedule');
  });
});

const deployment: DeploymentForScheduling = {
  id: 'd1',
  flow_id: 'f1',
  paused: false,
  schedules: [
    { id: 's1', schedule: { interval: 86_400 }, active: true, max_scheduled_runs: null, parameters: { x: 2 }, slug: null },
    { id: 's2', schedule: { cron: '0 * * * *' }, active: false, max_scheduled_runs: null, parameters: {}, slug: 'hourly' },
  ],
  parameters: { x: 1, y: 1 },
  tags: ['etl'],
  labels: { team: 'data' },
  job_variables: { image: 'python' },
  work_queue_name: 'default',
  work_queue_id: 'q1',
  work_pool_name: 'P',
  work_pool_id: 'p1',
  version: 'v1',
  infrastructure_document_id: null,
  schedule_generation: 4,
};
const runId = (d: string, s: string, slot: { at: string }, g: number) => `${d}/${s}/${slot.at}/${g}`;

describe('the runs a deployment should have', () => {
  it('one run per kept slot of each active schedule, with Prefect fields', () => {
    const runs = desiredScheduledRuns(deployment, now, () => every(86_400), runId);
    assert.equal(runs.length, 3);
    const first = runs[0]!;
    assert.equal(first.flowRunId, `d1/s1/${now}/4`);
    assert.deepEqual(first.createdBy, { id: 's1', type: 'SCHEDULE', display_value: 'IntervalSchedule' });
    assert.deepEqual(first.input, {
      flow_id: 'f1',
      deployment_id: 'd1',
      deployment_version: 'v1',
      work_queue_name: 'default',
      work_queue_id: 'q1',
      work_pool_name: 'P',
      work_pool_id: 'p1',
      parameters: { x: 2, y: 1 },
      job_variables: { image: 'python' },
      infrastructure_document_id: null,
      idempotency_key: 'scheduled d1 s1 2026-11-27 10:00:00+00:00',
      tags: ['auto-scheduled', 'etl'],
      inheritedLabels: { team: 'data', 'prefect.deployment.id': 'd1' },
      auto_scheduled: true,
      state: { type: 'SCHEDULED', name: 'Scheduled', message: 'Flow run scheduled', state_details: { scheduled_time: now } },
    });
  });

  it('the slug is the display value when set; a paused deployment wants nothing', () => {
    const active = { ...deployment, schedules: deployment.schedules.map((s) => ({ ...s, active: true })) };
    const runs = desiredScheduledRuns(active, now, () => every(3600), runId);
    assert.ok(runs.some((r) => r.createdBy.display_value === 'hourly'));
    assert.deepEqual(desiredScheduledRuns({ ...active, paused: true }, now, () => every(3600), runId), []);
  });
});

describe('the runs to remove', () => {
  const run = (over: Partial<ExistingRun>): ExistingRun => ({
    id: 'r',
    auto_scheduled: true,
    state_type: 'SCHEDULED',
    state_name: 'Scheduled',
    next_scheduled_start_time: '2026-11-27T11:00:00.000000Z',
    run_count: 0,
    ...over,
  });
  it('only future auto-scheduled runs still Scheduled that are no longer wanted', () => {
    const existing = [
      run({ id: 'wanted' }),
      run({ id: 'stale' }),
      run({ id: 'manual', auto_scheduled: false }),
      run({ id: 'late', state_name: 'Late' }),
      run({ id: 'awaiting', state_name: 'AwaitingConcurrencySlot' }),
      run({ id: 'pending', state_type: 'PENDING', state_name: 'Pending' }),
      run({ id: 'past', next_scheduled_start_time: '2026-11-27T09:59:00.000000Z' }),
      run({ id: 'retried', run_count: 1 }),
    ];
    assert.deepEqual(scheduledRunsToRemove(existing, new Set(['wanted']), now), ['stale']);
  });
});
