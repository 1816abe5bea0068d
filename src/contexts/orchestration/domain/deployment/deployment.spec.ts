import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { DEFAULT_SETTINGS, deploymentDecider, type DeploymentEvent, type DeploymentSchedule, type DeploymentSettings, type ScheduleInput } from './deployment';

const spec = deciderSpec(deploymentDecider);
const t0 = '2026-11-27T10:00:00.000000Z';
const t1 = '2026-11-27T10:01:00.000000Z';
const t2 = '2026-11-27T10:02:00.000000Z';
const every = (interval: number) => ({ interval, anchor_date: t0, timezone: 'UTC' });
const input = (id: string, slug: string | null, interval = 60): ScheduleInput => ({ id, schedule: every(interval), active: true, max_scheduled_runs: null, parameters: {}, slug });
const stored = (i: ScheduleInput, at = t0): DeploymentSchedule => ({ ...i, created: at, updated: at });
const settings: DeploymentSettings = { ...DEFAULT_SETTINGS, name: 'nightly', flow_id: 'f1' };

const created = (schedules: DeploymentSchedule[] = [], generation = 1): DeploymentEvent => ({
  type: 'DeploymentCreated',
  data: { deploymentId: 'd1', settings, schedules, schedule_generation: generation, createdAt: t0 },
});
const upsert = (over: Partial<DeploymentSettings>, schedules: ScheduleInput[] = [], now = t1) =>
  ({ type: 'UpsertDeployment', data: { deploymentId: 'd1', settings: { name: 'nightly', flow_id: 'f1', ...over }, schedules, now } }) as const;

/** The events a command decides, for assertions on parts of them. */
function decide(history: DeploymentEvent[], command: Parameters<typeof deploymentDecider.decide>[0]) {
  return deploymentDecider.decide(command, history.reduce(deploymentDecider.evolve, deploymentDecider.initialState()));
}

describe('deployment decider', () => {
  it('creates with Prefect defaults for the keys not given, generation 1', () => {
    spec.given([]).when(upsert({}, [], t0)).then([created()]);
  });

  it('an upsert that changes nothing decides nothing; one that changes a setting records only the change', () => {
    spec.given([created()]).when(upsert({ tags: [], paused: false })).thenNothing();
    spec
      .given([created()])
      .when(upsert({ description: 'docs', tags: ['a'] }))
      .then([{ type: 'DeploymentUpdated', data: { deploymentId: 'd1', changes: { description: 'docs', tags: ['a'] }, previous: { description: null, tags: [] }, schedule_generation: 2, updatedAt: t1 } }]);
  });

  it('bumps the schedule generation only for changes that change the runs to keep', () => {
    const [desc] = decide([created()], upsert({ description: 'x' }));
    assert.equal(desc!.type === 'DeploymentUpdated' && desc!.data.schedule_generation, 1);
    const [params] = decide([created()], upsert({ parameters: { n: 1 } }));
    assert.equal(params!.type === 'DeploymentUpdated' && params!.data.schedule_generation, 2);
  });

  it('upsert replaces the schedule list, keeping the id of a schedule matched by slug', () => {
    const old = stored(input('s-old', 'daily'));
    const [e] = decide([created([old])], upsert({}, [input('s-new', 'daily', 120), input('s-other', null)]));
    assert.equal(e!.type, 'DeploymentUpdated');
    const schedules = e!.type === 'DeploymentUpdated' ? e!.data.schedules! : [];
    assert.deepEqual(
      schedules.map((s) => [s.id, s.slug, (s.schedule as { interval: number }).interval, s.created]),
      [
        ['s-old', 'daily', 120, t0],
        ['s-other', null, 60, t1],
      ],
    );
    // The same schedule again is no change at all.
    spec.given([created([old])]).when(upsert({}, [input('ignored', 'daily')])).thenNothing();
    // So is an identical slugless schedule.
    const plain = stored(input('s-plain', null));
    spec.given([created([plain])]).when(upsert({}, [input('ignored', null)])).thenNothing();
  });

  it('refuses an invalid name and duplicate slugs in one request', () => {
    spec.given([]).when(upsert({ name: 'a/b' })).thenThrows('VALIDATION_FAILED');
    spec.given([]).when(upsert({}, [input('s1', 'x'), input('s2', 'x')])).thenThrows('VALIDATION_FAILED');
  });

  it('patches schedules by slug when all have slugs: updates the match, adds new ones, keeps the rest', () => {
    const a = stored(input('sa', 'a'));
    const b = stored(input('sb', 'b'));
    const [e] = decide([created([a, b])], { type: 'UpdateDeployment', data: { changes: {}, schedules: [{ id: 'x1', slug: 'a', active: false }, { id: 'x2', slug: 'c', schedule: every(30) }], now: t1 } });
    const list = e!.type === 'DeploymentUpdated' ? e!.data.schedules! : [];
    assert.deepEqual(
      list.map((s) => [s.id, s.slug, s.active]),
      [
        ['sa', 'a', false],
        ['sb', 'b', true],
        ['x2', 'c', true],
      ],
    );
  });

  it('renames a slug with `replaces`, and refuses Prefect’s ambiguous patches with 422', () => {
    const a = stored(input('sa', 'a'));
    const b = stored(input('sb', 'b'));
    const [e] = decide([created([a])], { type: 'UpdateDeployment', data: { changes: {}, schedules: [{ id: 'x', slug: 'renamed', replaces: 'a' }], now: t1 } });
    assert.deepEqual(e!.type === 'DeploymentUpdated' && e!.data.schedules!.map((s) => [s.id, s.slug]), [['sa', 'renamed']]);
    spec.given([created([a])]).when({ type: 'UpdateDeployment', data: { changes: {}, schedules: [{ id: 'x', schedule: every(5) }], now: t1 } }).thenThrows('VALIDATION_FAILED', /provide a slug/);
    spec.given([created([a, b])]).when({ type: 'UpdateDeployment', data: { changes: {}, schedules: [{ id: 'x', slug: 'b', replaces: 'a' }], now: t1 } }).thenThrows('VALIDATION_FAILED', /already exists/);
    spec.given([created([a])]).when({ type: 'UpdateDeployment', data: { changes: {}, schedules: [{ id: 'x', slug: 'new' }], now: t1 } }).thenThrows('VALIDATION_FAILED', /without a schedule/);
  });

  it('without slugs on the existing schedules, a patched list replaces them', () => {
    const a = stored(input('sa', null));
    const [e] = decide([created([a])], { type: 'UpdateDeployment', data: { changes: { paused: true }, schedules: [{ id: 'n1', schedule: every(10) }], now: t1 } });
    assert.equal(e!.type, 'DeploymentUpdated');
    if (e!.type !== 'DeploymentUpdated') return;
    assert.deepEqual(e.data.changes, { paused: true });
    assert.deepEqual(e.data.schedules!.map((s) => s.id), ['n1']);
    assert.equal(e.data.schedule_generation, 2);
  });

  it('pausing twice decides nothing the second time', () => {
    const paused: DeploymentEvent = { type: 'DeploymentUpdated', data: { deploymentId: 'd1', changes: { paused: true }, previous: { paused: false }, schedule_generation: 2, updatedAt: t1 } };
    spec.given([created(), paused]).when({ type: 'UpdateDeployment', data: { changes: { paused: true }, now: t2 } }).thenNothing();
  });

  it('adds schedules (409 on a slug already used), updates and deletes one by id (404 when unknown)', () => {
    const a = stored(input('sa', 'a'));
    spec
      .given([created([a])])
      .when({ type: 'AddDeploymentSchedules', data: { schedules: [input('sb', 'b')], now: t1 } })
      .then([{ type: 'DeploymentUpdated', data: { deploymentId: 'd1', changes: {}, previous: {}, schedules: [a, stored(input('sb', 'b'), t1)], schedule_generation: 2, updatedAt: t1 } }]);
    spec.given([created([a])]).when({ type: 'AddDeploymentSchedules', data: { schedules: [input('sb', 'a')], now: t1 } }).thenThrows('CONFLICT');
    spec
      .given([created([a])])
      .when({ type: 'UpdateDeploymentSchedule', data: { scheduleId: 'sa', patch: { max_scheduled_runs: 5 }, now: t1 } })
      .then([{ type: 'DeploymentUpdated', data: { deploymentId: 'd1', changes: {}, previous: {}, schedules: [{ ...a, max_scheduled_runs: 5, updated: t1 }], schedule_generation: 2, updatedAt: t1 } }]);
    spec.given([created([a])]).when({ type: 'UpdateDeploymentSchedule', data: { scheduleId: 'nope', patch: { active: false }, now: t1 } }).thenThrows('NOT_FOUND');
    spec
      .given([created([a])])
      .when({ type: 'DeleteDeploymentSchedule', data: { scheduleId: 'sa', now: t1 } })
      .then([{ type: 'DeploymentUpdated', data: { deploymentId: 'd1', changes: {}, previous: {}, schedules: [], schedule_generation: 2, updatedAt: t1 } }]);
    spec.given([created([a])]).when({ type: 'DeleteDeploymentSchedule', data: { scheduleId: 'nope', now: t1 } }).thenThrows('NOT_FOUND');
  });

  it('deletes; a deleted deployment is not found; creating it again continues the generation', () => {
    const deleted: DeploymentEvent = { type: 'DeploymentDeleted', data: { deploymentId: 'd1', name: 'nightly', flow_id: 'f1', work_queue_id: null, deletedAt: t1 } };
    spec.given([created()]).when({ type: 'DeleteDeployment', data: { now: t1 } }).then([deleted]);
    spec.given([created(), deleted]).when({ type: 'DeleteDeployment', data: { now: t2 } }).thenThrows('NOT_FOUND');
    spec.given([created(), deleted]).when({ type: 'UpdateDeployment', data: { changes: { paused: true }, now: t2 } }).thenThrows('NOT_FOUND');
    spec.given([created(), deleted]).when(upsert({}, [], t0)).then([created([], 2)]);
  });
});
