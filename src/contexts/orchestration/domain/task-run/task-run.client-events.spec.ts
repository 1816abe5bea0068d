import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { acceptState, type StateCreate } from '../states/state';
import type { ClientTaskRunFields, TaskRun } from './task-run';
import type { RecordClientTaskRunStateData, TaskRunCommand } from './task-run.commands';
import { taskRunDecider } from './task-run.decide';
import type { TaskRunEvent, TaskRunStateRecordedData } from './task-run.events';

const spec = deciderSpec(taskRunDecider);
const T0 = '2026-11-27T10:00:00.000000Z';
const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString().replace('Z', '000Z');

/** The engine's view of task `a` (prefect-api.md §2 #15-17), as each event reports it. */
const fields = (o: ClientTaskRunFields = {}): ClientTaskRunFields => ({
  name: 'a-x1y',
  task_key: 'a-abc123',
  dynamic_key: '9f2c',
  task_version: 'v1',
  empirical_policy: { max_retries: 0, retry_delay_seconds: 0, retries: 0, retry_delay: 0 },
  tags: [],
  labels: {},
  task_inputs: {},
  run_count: 0,
  flow_run_run_count: 1,
  expected_start_time: at(0),
  total_run_time: 0,
  ...o,
});
const record = (id: string, p: StateCreate, s: number, f: ClientTaskRunFields): TaskRunCommand => ({
  type: 'RecordClientTaskRunState',
  data: { taskRunId: 'tr1', flowRunId: 'fr1', state: acceptState(p, id, at(s)), taskRunFields: f, now: at(s + 0.05) } satisfies RecordClientTaskRunStateData,
});
const pending = record('e1', { type: 'PENDING' }, 0, fields());
const running = record('e2', { type: 'RUNNING' }, 1, fields({ run_count: 1, start_time: at(1) }));
const completed = record('e3', { type: 'COMPLETED', message: null }, 3, fields({ run_count: 1, start_time: at(1), end_time: at(3), total_run_time: 2 }));

const decide = (history: TaskRunEvent[], c: TaskRunCommand) => taskRunDecider.decide(c, history.reduce(taskRunDecider.evolve, taskRunDecider.initialState()));
const recorded = (events: readonly TaskRunEvent[]): TaskRunStateRecordedData => {
  assert.equal(events.length, 1);
  assert.equal(events[0]!.type, 'TaskRunStateRecorded');
  return events[0]!.data as TaskRunStateRecordedData;
};
const runOf = (history: TaskRunEvent[]): TaskRun => {
  const s = history.reduce(taskRunDecider.evolve, taskRunDecider.initialState());
  assert.equal(s.status, 'active');
  return (s as { run: TaskRun }).run;
};

describe('recording client task-run events (3.x engine)', () => {
  it('creates the run from its first event, pointing the state at the task and flow run', () => {
    const d = recorded(decide([], pending));
    assert.deepEqual([d.created, d.current, d.flow_run_id], [true, true, 'fr1']);
    assert.deepEqual(d.state.state_details, { task_run_id: 'tr1', flow_run_id: 'fr1' });
    assert.deepEqual(d.run, {
      name: 'a-x1y',
      flow_run_id: 'fr1',
      task_key: 'a-abc123',
      dynamic_key: '9f2c',
      cache_key: null,
      cache_expiration: null,
      task_version: 'v1',
      empirical_policy: { max_retries: 0, retry_delay_seconds: 0, retries: 0, retry_delay: 0, retry_jitter_factor: null },
      tags: [],
      labels: {},
      task_inputs: {},
      state: d.state,
      run_count: 0,
      flow_run_run_count: 1,
      start_time: null,
      end_time: null,
      total_run_time: 0,
      expected_start_time: at(0),
      next_scheduled_start_time: null,
      created: at(0.05),
    });
  });

  it('in order: each newer state becomes current, with the fields the client reports', () => {
    const history: TaskRunEvent[] = [];
    for (const c of [pending, running, completed]) history.push(...decide(history, c));
    const run = runOf(history);
    assert.deepEqual([run.state.id, run.state.type, run.run_count, run.start_time, run.end_time, run.total_run_time], ['e3', 'COMPLETED', 1, at(1), at(3), 2]);
  });

  it('out of order: an older state joins the history without becoming current', () => {
    const history: TaskRunEvent[] = [];
    history.push(...decide(history, pending));
    history.push(...decide(history, completed));
    const late = recorded(decide(history, running));
    assert.deepEqual([late.current, late.created, late.run, late.state.id], [false, false, null, 'e2']);
    history.push({ type: 'TaskRunStateRecorded', data: late });
    const run = runOf(history);
    assert.deepEqual([run.state.id, run.end_time], ['e3', at(3)]);
  });

  it('a first event that is not the first state still creates the run', () => {
    const history = [...decide([], completed)];
    assert.equal(recorded(decide(history, pending)).current, false);
    assert.equal(runOf(history).state.type, 'COMPLETED');
  });

  it('the same state twice decides nothing, even after it stopped being current', () => {
    const history = [...decide([], pending)];
    spec.given(history).when(pending).thenNothing();
    history.push(...decide(history, running));
    spec.given(history).when(pending).thenNothing();
    spec.given(history).when(running).thenNothing();
  });

  it('a state with the same timestamp as the current one is recorded but not made current', () => {
    const history = [...decide([], pending)];
    const same = recorded(decide(history, record('e9', { type: 'RUNNING' }, 0, fields())));
    assert.equal(same.current, false);
  });

  it('keeps stored fields the client left out, and follows the reported flow run', () => {
    const history = [...decide([], record('e1', { type: 'PENDING' }, 0, fields({ cache_key: 'ck', tags: ['t'] })))];
    history.push(...decide(history, record('e2', { type: 'RUNNING' }, 1, { run_count: 1 })));
    const run = runOf(history);
    assert.deepEqual([run.cache_key, run.tags, run.task_key, run.run_count], ['ck', ['t'], 'a-abc123', 1]);
  });

  it('refuses to create a run without its task and dynamic keys', () => {
    spec.given([]).when(record('e1', { type: 'PENDING' }, 0, { name: 'x' })).thenThrows('VALIDATION_FAILED');
  });

  it('drops late events for a deleted run', () => {
    const history = [...decide([], pending), { type: 'TaskRunDeleted' as const, data: { taskRunId: 'tr1', deletedAt: at(9) } }];
    spec.given(history).when(running).thenNothing();
  });
});
