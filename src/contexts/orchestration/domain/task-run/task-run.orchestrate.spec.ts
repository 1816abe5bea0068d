import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptState, type StateCreate } from '../states/state';
import type { TaskRun } from './task-run';
import type { CreateTaskRunData, SetTaskRunStateData } from './task-run.commands';
import { decideTaskRun } from './task-run.decide';
import type { TaskRunEvent, TaskRunStateChangedData } from './task-run.events';
import { orchestrateTaskRunState } from './task-run.orchestrate';
import { evolveTaskRun, initialTaskRunState } from './task-run.state';

const T0 = '2026-11-27T10:00:00.000000Z';
const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString().replace('Z', '000Z');

/** A task run driven through commands, keeping its event history like the store would. */
class Sim {
  readonly events: TaskRunEvent[] = [];
  private n = 0;
  constructor(create: Partial<CreateTaskRunData> = {}) {
    this.events.push(...decideTaskRun({ type: 'CreateTaskRun', data: { taskRunId: 'tr1', name: 'child-flow', flow_run_id: 'fr-parent', task_key: 'child-123', dynamic_key: '0', stateId: 'init', now: at(0), ...create } }, initialTaskRunState()));
  }
  get state() {
    return this.events.reduce(evolveTaskRun, initialTaskRunState());
  }
  get run(): TaskRun {
    const s = this.state;
    assert.equal(s.status, 'active');
    return (s as { run: TaskRun }).run;
  }
  propose(proposed: StateCreate, atSeconds: number, o: Partial<SetTaskRunStateData> = {}) {
    const out = orchestrateTaskRunState(this.state, { type: 'SetTaskRunState', data: { proposed, force: false, stateId: `s${++this.n}`, now: at(atSeconds), ...o } });
    this.events.push(...out.events);
    return out;
  }
  decide(command: Parameters<typeof decideTaskRun>[0]) {
    const events = decideTaskRun(command, this.state);
    this.events.push(...events);
    return events;
  }
  lastChange(): TaskRunStateChangedData {
    const e = this.events[this.events.length - 1]!;
    assert.equal(e.type, 'TaskRunStateChanged');
    return e.data as TaskRunStateChangedData;
  }
}

describe('orchestrating a task run through REST', () => {
  it('counts runs, times them, and points the state at the task and its flow run', () => {
    const sim = new Sim();
    assert.deepEqual(sim.run.state.state_details, { flow_run_id: 'fr-parent', task_run_id: 'tr1' });
    const running = sim.propose({ type: 'RUNNING' }, 1, { parentFlowRunStateType: 'RUNNING', parentFlowRun: { runCount: 1, pauseTimeout: null, pauseReschedule: false } });
    assert.deepEqual([running.output.written, running.output.result.status, running.output.result.details], [true, 'ACCEPT', { type: 'accept_details' }]);
    assert.deepEqual([sim.run.run_count, sim.run.flow_run_run_count, sim.run.start_time], [1, 1, at(1)]);
    sim.propose({ type: 'COMPLETED' }, 3);
    assert.deepEqual([sim.run.end_time, sim.run.total_run_time, sim.lastChange().status], [at(3), 2, 'ACCEPT']);
  });

  it('retries a failed task with the per-attempt delay, WAITs until then, and renames the rerun Retrying', () => {
    const sim = new Sim({ empirical_policy: { retries: 2, retry_delay: [5, 60] } });
    sim.propose({ type: 'RUNNING' }, 1);
    const failed = sim.propose({ type: 'FAILED', message: 'boom' }, 2);
    assert.deepEqual([failed.output.result.status, failed.output.result.state?.name, failed.output.result.state?.state_details.scheduled_time], ['REJECT', 'AwaitingRetry', at(7)]);
    assert.deepEqual(sim.propose({ type: 'RUNNING' }, 3).output.result.details, { type: 'wait_details', delay_seconds: 4, reason: 'Scheduled time is in the future' });
    sim.propose({ type: 'RUNNING' }, 7);
    assert.deepEqual([sim.run.state.name, sim.run.run_count], ['Retrying', 2]);
    assert.equal(sim.propose({ type: 'FAILED' }, 8).output.result.state?.state_details.scheduled_time, at(68));
    sim.propose({ type: 'RUNNING' }, 68);
    assert.equal(sim.propose({ type: 'FAILED' }, 69).output.result.status, 'ACCEPT');
    assert.equal(sim.run.state.type, 'FAILED');
  });

  it('returns a cached result instead of running', () => {
    const sim = new Sim();
    const cached = acceptState({ type: 'COMPLETED', data: { storage_key: 'k' }, state_details: { cache_key: 'ck' } }, 'cached', at(-100));
    const out = sim.propose({ type: 'RUNNING', state_details: { cache_key: 'ck' } }, 1, { cachedState: cached });
    assert.deepEqual([out.output.result.status, out.output.result.state?.type, out.output.result.state?.name, out.output.result.state?.id], ['REJECT', 'COMPLETED', 'Cached', 's1']);
    assert.deepEqual(out.output.result.state?.state_details, { cache_key: 'ck', flow_run_id: 'fr-parent', task_run_id: 'tr1' });
    assert.deepEqual([sim.run.run_count, sim.run.end_time], [0, at(1)]);
  });

  it('reruns a finished task from a fresh count, named Rerunning only if it had run', () => {
    const sim = new Sim();
    sim.propose({ type: 'RUNNING' }, 1);
    sim.propose({ type: 'FAILED' }, 2);
    sim.propose({ type: 'RUNNING' }, 3);
    // HandleTaskTerminalStateTransitions resets run_count, so RenameReruns sees a first run
    assert.deepEqual([sim.run.state.name, sim.run.run_count], ['Running', 1]);
  });

  it('keeps tasks of a stopped flow from running', () => {
    const sim = new Sim();
    const out = sim.propose({ type: 'RUNNING' }, 1, { parentFlowRunStateType: 'CANCELLING' });
    assert.deepEqual([out.output.result.status, out.output.written, out.events], ['ABORT', false, []]);
  });

  it('forced states go through (Minimal policy) and release tag slots', () => {
    const sim = new Sim({ tags: ['db'] });
    sim.propose({ type: 'RUNNING' }, 1, { tagConcurrency: { limits: [{ tag: 'db', limit: 1, slotAvailable: true }], slotWaitSeconds: 10 } });
    assert.deepEqual(sim.lastChange().concurrency, [{ type: 'TaskTagSlotsAcquired', tags: ['db'] }]);
    const crash = sim.propose({ type: 'CRASHED' }, 2, { force: true });
    assert.deepEqual([crash.output.result.status, sim.lastChange().forced, crash.output.effects], ['ACCEPT', true, [{ type: 'TaskTagSlotsReleased', tags: ['db'] }]]);
  });

  it('a missing task run is not found', () => {
    assert.throws(
      () => orchestrateTaskRunState(initialTaskRunState(), { type: 'SetTaskRunState', data: { proposed: { type: 'RUNNING' }, force: false, stateId: 's', now: T0 } }),
      (e: unknown) => (e as { code?: string }).code === 'NOT_FOUND',
    );
  });
});

describe('mirroring a subflow onto its tracking task run', () => {
  const child = (id: string, p: StateCreate, s: number) => ({ ...acceptState(p, id, at(s)), state_details: { flow_run_id: 'fr-child', task_run_id: 'tr1', ...p.state_details } });

  it('copies each child state as a forced, fresh state with child_flow_run_id set', () => {
    const sim = new Sim();
    const events = sim.decide({ type: 'MirrorSubflowState', data: { childFlowRunId: 'fr-child', childState: child('c1', { type: 'RUNNING' }, 1), stateId: 'm1', now: at(1.1) } });
    assert.equal(events.length, 1);
    const d = sim.lastChange();
    assert.deepEqual([d.forced, d.status, d.mirrored_child_state_id], [true, 'ACCEPT', 'c1']);
    assert.deepEqual(d.state, { id: 'm1', type: 'RUNNING', name: 'Running', timestamp: at(1.1), message: null, data: null, state_details: { flow_run_id: 'fr-parent', task_run_id: 'tr1', child_flow_run_id: 'fr-child' } });
    assert.equal(sim.run.run_count, 1);
    sim.decide({ type: 'MirrorSubflowState', data: { childFlowRunId: 'fr-child', childState: child('c2', { type: 'COMPLETED', message: 'done' }, 5), stateId: 'm2', now: at(5.1) } });
    assert.deepEqual([sim.run.state.type, sim.run.state.message, sim.run.end_time, sim.run.total_run_time], ['COMPLETED', 'done', at(5.1), 4]);
  });

  it('mirrors even what the task rules would refuse, and a redelivered child state decides nothing', () => {
    const sim = new Sim();
    const done = child('c1', { type: 'COMPLETED', data: { storage_key: 'k' } }, 1);
    sim.decide({ type: 'MirrorSubflowState', data: { childFlowRunId: 'fr-child', childState: done, stateId: 'm1', now: at(1) } });
    assert.deepEqual(sim.decide({ type: 'MirrorSubflowState', data: { childFlowRunId: 'fr-child', childState: done, stateId: 'm1-again', now: at(2) } }), []);
    sim.decide({ type: 'MirrorSubflowState', data: { childFlowRunId: 'fr-child', childState: child('c2', { type: 'RUNNING' }, 3), stateId: 'm2', now: at(3) } });
    assert.equal(sim.run.state.type, 'RUNNING');
  });
});
