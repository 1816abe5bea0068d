import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptState, draftState, type StateCreate } from '../states/state';
import type { RuleContext } from './rule';
import { copyScheduledTime, preventPendingTransitions, renameReruns, secondsUntil, waitForScheduledTime } from './shared-rules';

const now = '2026-11-27T10:00:00.000000Z';
const at = (s: number) => new Date(Date.parse(now) + s * 1000).toISOString().replace('Z', '000Z');
const ctx = (initial: StateCreate, proposal: StateCreate, runCount = 0): RuleContext<{ run_count: number }> => ({
  run: { run_count: runCount },
  initial: acceptState(initial, 's0', '2026-11-27T09:00:00.000000Z'),
  proposed: draftState(proposal, now),
  intended: { from: initial.type, to: proposal.type },
  now,
});

describe('CopyScheduledTime', () => {
  it('copies the scheduled time onto a PENDING state that has none', () => {
    const out = copyScheduledTime(ctx({ type: 'SCHEDULED', state_details: { scheduled_time: at(60) } }, { type: 'PENDING' }));
    assert.equal(out.kind === 'accept' && out.proposed?.state_details.scheduled_time, at(60));
  });
  it('keeps a scheduled time the proposal brings, and ignores other transitions', () => {
    assert.deepEqual(copyScheduledTime(ctx({ type: 'SCHEDULED', state_details: { scheduled_time: at(60) } }, { type: 'PENDING', state_details: { scheduled_time: at(5) } })), { kind: 'accept' });
    assert.deepEqual(copyScheduledTime(ctx({ type: 'PENDING', state_details: { scheduled_time: at(60) } }, { type: 'PENDING', name: 'Submitting' })), { kind: 'accept' });
  });
});

describe('WaitForScheduledTime', () => {
  it('rounds the delay to whole seconds as Prefect does (more than half a second rounds up)', () => {
    assert.equal(secondsUntil(now, at(2.4)), 2);
    assert.equal(secondsUntil(now, at(2.6)), 3);
    assert.equal(secondsUntil(now, at(2.5)), 2);
    assert.equal(secondsUntil(now, at(0.4)), 0);
    assert.equal(secondsUntil(now, at(-0.3)), 0);
    assert.equal(secondsUntil(now, at(-5)), -5);
  });
  it('makes an early RUNNING proposal WAIT', () => {
    assert.deepEqual(waitForScheduledTime(ctx({ type: 'SCHEDULED', state_details: { scheduled_time: at(9.7) } }, { type: 'RUNNING' })), {
      kind: 'wait',
      delaySeconds: 10,
      reason: 'Scheduled time is in the future',
    });
    assert.equal(waitForScheduledTime(ctx({ type: 'PENDING', state_details: { scheduled_time: at(30) } }, { type: 'RUNNING' })).kind, 'wait');
  });
  it('accepts on time, late, without a scheduled time, or from other states', () => {
    for (const c of [
      ctx({ type: 'SCHEDULED', state_details: { scheduled_time: at(0.4) } }, { type: 'RUNNING' }),
      ctx({ type: 'SCHEDULED', state_details: { scheduled_time: at(-60) } }, { type: 'RUNNING' }),
      ctx({ type: 'PENDING' }, { type: 'RUNNING' }),
      ctx({ type: 'PAUSED', state_details: { scheduled_time: at(60) } }, { type: 'RUNNING' }),
    ]) {
      assert.deepEqual(waitForScheduledTime(c), { kind: 'accept' });
    }
  });
});

describe('PreventPendingTransitions', () => {
  it('aborts a second PENDING from PENDING, RUNNING, CANCELLING or CANCELLED', () => {
    for (const from of ['PENDING', 'RUNNING', 'CANCELLING', 'CANCELLED'] as const) {
      assert.deepEqual(preventPendingTransitions(ctx({ type: from }, { type: 'PENDING' })), {
        kind: 'abort',
        reason: `This run is in a ${from} state and cannot transition to a PENDING state.`,
      });
    }
  });
  it('lets a run move through named PENDING sub-states, keeping scheduled time and lease', () => {
    const initial = { type: 'PENDING' as const, state_details: { scheduled_time: at(-1), deployment_concurrency_lease_id: 'lease' } };
    const out = preventPendingTransitions(ctx(initial, { type: 'PENDING', name: 'Submitting' }));
    assert.equal(out.kind, 'accept');
    assert.deepEqual(out.kind === 'accept' && out.proposed?.state_details, { scheduled_time: at(-1), deployment_concurrency_lease_id: 'lease' });
    // the same name again, or the plain name, is a duplicate submission
    assert.equal(preventPendingTransitions(ctx({ type: 'PENDING', name: 'Submitting' }, { type: 'PENDING', name: 'Submitting' })).kind, 'abort');
    assert.equal(preventPendingTransitions(ctx({ type: 'PENDING', name: 'Submitting' }, { type: 'PENDING' })).kind, 'abort');
  });
  it('does not govern SCHEDULED → PENDING', () => {
    assert.deepEqual(preventPendingTransitions(ctx({ type: 'SCHEDULED' }, { type: 'PENDING' })), { kind: 'accept' });
  });
});

describe('RenameReruns', () => {
  it('names a rerun Retrying after AwaitingRetry, otherwise Rerunning', () => {
    const retry = renameReruns(ctx({ type: 'SCHEDULED', name: 'AwaitingRetry' }, { type: 'RUNNING' }, 1));
    assert.equal(retry.kind === 'accept' && retry.proposed?.name, 'Retrying');
    const rerun = renameReruns(ctx({ type: 'COMPLETED' }, { type: 'RUNNING' }, 1));
    assert.equal(rerun.kind === 'accept' && rerun.proposed?.name, 'Rerunning');
  });
  it('leaves a first run alone', () => {
    assert.deepEqual(renameReruns(ctx({ type: 'PENDING' }, { type: 'RUNNING' }, 0)), { kind: 'accept' });
  });
});
