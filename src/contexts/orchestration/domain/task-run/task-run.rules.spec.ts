import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptState, draftState, type StateCreate } from '../states/state';
import { NO_RUN_TIMES } from '../transition/run-bookkeeping';
import { clampedPoissonInterval, taskRetryDelaySeconds } from './retry-delay';
import { normaliseTaskRunPolicy, type TaskRun } from './task-run';
import * as rules from './task-run.rules';
import type { TaskRuleContext } from './task-run.rules';

const now = '2026-11-27T10:00:00.000000Z';
const at = (s: number) => new Date(Date.parse(now) + s * 1000).toISOString().replace('Z', '000Z');
const ACCEPT = { kind: 'accept' } as const;

function taskRun(overrides: Partial<TaskRun> = {}): TaskRun {
  return {
    id: 'tr1',
    name: 'b-abc',
    flow_run_id: 'fr1',
    task_key: 'b-123',
    dynamic_key: '0',
    cache_key: null,
    cache_expiration: null,
    task_version: null,
    empirical_policy: normaliseTaskRunPolicy(null),
    tags: [],
    labels: {},
    task_inputs: {},
    state: acceptState({ type: 'PENDING' }, 's0', at(-60)),
    run_count: 0,
    flow_run_run_count: 1,
    ...NO_RUN_TIMES,
    created: at(-60),
    ...overrides,
  };
}
function ctx(initial: StateCreate, proposal: StateCreate, o: Partial<Omit<TaskRuleContext, 'run'>> & { run?: Partial<TaskRun> } = {}): TaskRuleContext {
  const state = acceptState(initial, 's0', at(-60));
  const { run, ...rest } = o;
  return {
    run: taskRun({ state, ...run }),
    initial: state,
    proposed: draftState(proposal, now),
    intended: { from: state.type, to: proposal.type },
    now,
    stateId: 'new-state',
    retryJitterSample: 0.5,
    maxCacheKeyLength: 2000,
    ...rest,
  };
}
const cached = acceptState({ type: 'COMPLETED', message: 'from cache', data: { storage_key: 'k' }, state_details: { cache_key: 'ck', task_run_id: 'other' } }, 'cached-state', at(-3600));

describe('CacheRetrieval', () => {
  it('answers a RUNNING proposal with the cached COMPLETED state, renamed Cached', () => {
    const out = rules.cacheRetrieval(ctx({ type: 'PENDING' }, { type: 'RUNNING', state_details: { cache_key: 'ck' } }, { cachedState: cached }));
    assert.deepEqual(out, {
      kind: 'reject',
      state: { type: 'COMPLETED', name: 'Cached', message: 'from cache', data: { storage_key: 'k' }, state_details: { cache_key: 'ck', task_run_id: 'other' } },
      reason: 'Retrieved state from cache',
    });
  });
  it('runs when there is no hit, the hit expired, a refresh is asked, or there is no cache key', () => {
    const expired = { ...cached, state_details: { ...cached.state_details, cache_expiration: at(-1) } };
    for (const c of [
      ctx({ type: 'PENDING' }, { type: 'RUNNING', state_details: { cache_key: 'ck' } }, { cachedState: null }),
      ctx({ type: 'PENDING' }, { type: 'RUNNING', state_details: { cache_key: 'ck' } }),
      ctx({ type: 'PENDING' }, { type: 'RUNNING', state_details: { cache_key: 'ck' } }, { cachedState: expired }),
      ctx({ type: 'PENDING' }, { type: 'RUNNING', state_details: { cache_key: 'ck', refresh_cache: true } }, { cachedState: cached }),
      ctx({ type: 'PENDING' }, { type: 'RUNNING' }, { cachedState: cached }),
      ctx({ type: 'PENDING' }, { type: 'RUNNING', state_details: { cache_key: 'other-key' } }, { cachedState: cached }),
    ]) {
      assert.deepEqual(rules.cacheRetrieval(c), ACCEPT);
    }
    const unexpired = { ...cached, state_details: { ...cached.state_details, cache_expiration: at(60) } };
    assert.equal(rules.cacheRetrieval(ctx({ type: 'PENDING' }, { type: 'RUNNING', state_details: { cache_key: 'ck' } }, { cachedState: unexpired })).kind, 'reject');
  });
});

describe('HandleTaskTerminalStateTransitions', () => {
  it('aborts terminal → CANCELLING, PAUSED or CRASHED', () => {
    assert.deepEqual(rules.handleTaskTerminalStateTransitions(ctx({ type: 'COMPLETED' }, { type: 'CRASHED' })), { kind: 'abort', reason: 'Run is already COMPLETED.' });
  });
  it('rejects leaving a COMPLETED state with a persisted result', () => {
    assert.deepEqual(rules.handleTaskTerminalStateTransitions(ctx({ type: 'COMPLETED', data: { storage_key: 'k' } }, { type: 'RUNNING' })), { kind: 'reject', state: null, reason: 'This run is already completed.' });
  });
  it('resets run_count on a rerun, and names it Retrying when the flow is retrying', () => {
    assert.deepEqual(rules.handleTaskTerminalStateTransitions(ctx({ type: 'FAILED' }, { type: 'RUNNING' }, { run: { run_count: 2 } })), { kind: 'accept', before: { run_count: 0 } });
    const retrying = rules.handleTaskTerminalStateTransitions(ctx({ type: 'FAILED' }, { type: 'RUNNING' }, { run: { run_count: 2, flow_run_run_count: 1 }, parentFlowRun: { runCount: 2, pauseTimeout: null, pauseReschedule: false } }));
    assert.deepEqual(retrying, { kind: 'accept', proposed: { ...draftState({ type: 'RUNNING' }, now), name: 'Retrying' }, before: { run_count: 0 } });
    assert.deepEqual(rules.handleTaskTerminalStateTransitions(ctx({ type: 'FAILED' }, { type: 'COMPLETED' })), ACCEPT);
  });
});

describe('PreventRunningTasksFromStoppedFlows', () => {
  it('lets a task run while its flow runs', () => {
    assert.deepEqual(rules.preventRunningTasksFromStoppedFlows(ctx({ type: 'PENDING' }, { type: 'RUNNING' }, { parentFlowRunStateType: 'RUNNING' })), ACCEPT);
  });
  it('pauses the task as NotReady while its flow is paused', () => {
    const out = rules.preventRunningTasksFromStoppedFlows(
      ctx({ type: 'PENDING' }, { type: 'RUNNING' }, { parentFlowRunStateType: 'PAUSED', parentFlowRun: { runCount: 1, pauseTimeout: at(300), pauseReschedule: false } }),
    );
    assert.deepEqual(out, {
      kind: 'reject',
      state: { type: 'PAUSED', name: 'NotReady', message: null, data: null, state_details: { pause_timeout: at(300), pause_reschedule: false } },
      reason: 'The flow is paused, new tasks can execute after resuming flow run: fr1.',
    });
  });
  it('aborts when the flow is not running or has no state', () => {
    for (const parent of ['COMPLETED', 'PENDING', 'CANCELLING', null] as const) {
      assert.deepEqual(rules.preventRunningTasksFromStoppedFlows(ctx({ type: 'PENDING' }, { type: 'RUNNING' }, { parentFlowRunStateType: parent })), {
        kind: 'abort',
        reason: 'The enclosing flow must be running to begin task execution.',
      });
    }
  });
  it('does not check without a flow run or without its state', () => {
    assert.deepEqual(rules.preventRunningTasksFromStoppedFlows(ctx({ type: 'PENDING' }, { type: 'RUNNING' }, { run: { flow_run_id: null }, parentFlowRunStateType: 'COMPLETED' })), ACCEPT);
    assert.deepEqual(rules.preventRunningTasksFromStoppedFlows(ctx({ type: 'PENDING' }, { type: 'RUNNING' })), ACCEPT);
  });
});

describe('SecureTaskConcurrencySlots', () => {
  const limits = (...l: [string, number, boolean][]) => ({ tagConcurrency: { limits: l.map(([tag, limit, slotAvailable]) => ({ tag, limit, slotAvailable })), slotWaitSeconds: 10 } });
  it('takes a slot on every tag limit', () => {
    assert.deepEqual(rules.secureTaskConcurrencySlots(ctx({ type: 'PENDING' }, { type: 'RUNNING' }, limits(['db', 2, true], ['api', 1, true]))), {
      kind: 'accept',
      effects: [{ type: 'TaskTagSlotsAcquired', tags: ['db', 'api'] }],
    });
  });
  it('waits when a limit is full and aborts on a limit of 0', () => {
    assert.deepEqual(rules.secureTaskConcurrencySlots(ctx({ type: 'PENDING' }, { type: 'RUNNING' }, limits(['db', 2, true], ['api', 1, false]))), {
      kind: 'wait',
      delaySeconds: 10,
      reason: 'Concurrency limit reached for tags: db, api',
    });
    assert.deepEqual(rules.secureTaskConcurrencySlots(ctx({ type: 'PENDING' }, { type: 'RUNNING' }, limits(['db', 0, false]))), {
      kind: 'abort',
      reason: 'The concurrency limit on tag "db" is 0 and will deadlock if the task tries to run again.',
    });
  });
  it('does nothing without context', () => {
    assert.deepEqual(rules.secureTaskConcurrencySlots(ctx({ type: 'PENDING' }, { type: 'RUNNING' })), ACCEPT);
  });
});

describe('RetryFailedTasks', () => {
  const policy = (p: Parameters<typeof normaliseTaskRunPolicy>[0]) => ({ empirical_policy: normaliseTaskRunPolicy(p) });
  it('turns a failure with retries left into AwaitingRetry after the delay for this attempt', () => {
    const out = rules.retryFailedTasks(ctx({ type: 'RUNNING' }, { type: 'FAILED', message: 'boom' }, { run: { ...policy({ retries: 3, retry_delay: [1, 5, 30] }), run_count: 2 } }));
    assert.deepEqual(out, {
      kind: 'reject',
      state: { type: 'SCHEDULED', name: 'AwaitingRetry', message: 'boom', data: null, state_details: { scheduled_time: at(5) } },
      reason: 'Retrying',
    });
  });
  it('lets the failure stand when retries are used up or the client says it is not retriable', () => {
    assert.deepEqual(rules.retryFailedTasks(ctx({ type: 'RUNNING' }, { type: 'FAILED' }, { run: { ...policy({ retries: 1 }), run_count: 2 } })), ACCEPT);
    assert.deepEqual(rules.retryFailedTasks(ctx({ type: 'RUNNING' }, { type: 'FAILED', state_details: { retriable: false } }, { run: { ...policy({ retries: 3 }), run_count: 1 } })), ACCEPT);
    assert.deepEqual(rules.retryFailedTasks(ctx({ type: 'RUNNING' }, { type: 'FAILED' }, { run: { run_count: 1 } })), ACCEPT);
  });
});

describe('task retry delays', () => {
  it('picks the per-attempt delay, the last one once attempts outnumber them', () => {
    const p = normaliseTaskRunPolicy({ retries: 5, retry_delay: [1, 2, 4] });
    assert.deepEqual([1, 2, 3, 4, 0].map((n) => taskRetryDelaySeconds(p, n, 0.5)), [1, 2, 4, 4, 4]);
    assert.equal(taskRetryDelaySeconds(normaliseTaskRunPolicy({ retry_delay_seconds: 7 }), 1, 0.5), 7);
  });
  it('jitters around the delay within Prefect’s clamp, deterministically from the sample', () => {
    const p = normaliseTaskRunPolicy({ retries: 1, retry_delay: 10, retry_jitter_factor: 0.5 });
    const lo = taskRetryDelaySeconds(p, 1, 0);
    const hi = taskRetryDelaySeconds(p, 1, 0.999999);
    assert.ok(lo >= 0 && lo < 10 && hi > 10 && hi <= 15.0001, `${lo} .. ${hi}`);
    assert.equal(taskRetryDelaySeconds(p, 1, 0.3), clampedPoissonInterval(10, 0.5, 0.3));
  });
});

describe('UpdateFlowRunTrackerOnTasks', () => {
  it('records the flow run attempt once RUNNING is written', () => {
    assert.deepEqual(rules.updateFlowRunTrackerOnTasks(ctx({ type: 'PENDING' }, { type: 'RUNNING' }, { parentFlowRun: { runCount: 3, pauseTimeout: null, pauseReschedule: false } })), {
      kind: 'accept',
      after: { flow_run_run_count: 3 },
    });
    assert.deepEqual(rules.updateFlowRunTrackerOnTasks(ctx({ type: 'PENDING' }, { type: 'RUNNING' })), ACCEPT);
  });
});

describe('CacheInsertion', () => {
  it('rejects, but still writes, a COMPLETED state with an over-long cache key', () => {
    const c = ctx({ type: 'RUNNING' }, { type: 'COMPLETED', state_details: { cache_key: 'x'.repeat(11) } }, { maxCacheKeyLength: 10 });
    assert.deepEqual(rules.cacheInsertion(c), { kind: 'reject', state: c.proposed, reason: 'Cache key exceeded maximum allowed length of 10 characters.' });
    assert.deepEqual(rules.cacheInsertion(ctx({ type: 'RUNNING' }, { type: 'COMPLETED', state_details: { cache_key: 'ok' } })), ACCEPT);
  });
});

describe('CopyTaskParametersID (background tasks)', () => {
  it('carries the parameters id forward unless the proposal has one', () => {
    const out = rules.copyTaskParametersID(ctx({ type: 'SCHEDULED', state_details: { task_parameters_id: 'p1' } }, { type: 'PENDING' }));
    assert.equal(out.kind === 'accept' && out.proposed?.state_details.task_parameters_id, 'p1');
    assert.deepEqual(rules.copyTaskParametersID(ctx({ type: 'SCHEDULED', state_details: { task_parameters_id: 'p1' } }, { type: 'PENDING', state_details: { task_parameters_id: 'p2' } })), ACCEPT);
  });
});

describe('ReleaseTaskConcurrencySlots', () => {
  it('releases tag slots when leaving RUNNING or CANCELLING', () => {
    assert.deepEqual(rules.releaseTaskConcurrencySlots(ctx({ type: 'RUNNING' }, { type: 'COMPLETED' }, { run: { tags: ['db'] } })), { kind: 'accept', effects: [{ type: 'TaskTagSlotsReleased', tags: ['db'] }] });
  });
  it('does nothing without tags or while still holding', () => {
    assert.deepEqual(rules.releaseTaskConcurrencySlots(ctx({ type: 'RUNNING' }, { type: 'COMPLETED' })), ACCEPT);
    assert.deepEqual(rules.releaseTaskConcurrencySlots(ctx({ type: 'PENDING' }, { type: 'RUNNING' }, { run: { tags: ['db'] } })), ACCEPT);
  });
});
