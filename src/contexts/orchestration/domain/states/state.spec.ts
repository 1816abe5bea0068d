import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  acceptState,
  awaitingRetryDraft,
  defaultStateName,
  draftState,
  hasPersistedResult,
  isTerminal,
  STATE_TYPES,
  toStateDetailsJson,
  withDetails,
} from './state';

const now = '2026-11-27T10:00:00.000000Z';

describe('state model', () => {
  it('knows the nine Prefect state types and which are terminal', () => {
    assert.deepEqual([...STATE_TYPES], ['SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED', 'PAUSED', 'CANCELLING']);
    assert.deepEqual(STATE_TYPES.filter(isTerminal), ['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED']);
  });

  it('names a state after its type by default', () => {
    assert.equal(defaultStateName('RUNNING'), 'Running');
    assert.equal(defaultStateName('CANCELLING'), 'Cancelling');
  });

  it('drafts a proposal with Prefect defaults: name from type, SCHEDULED at now', () => {
    assert.deepEqual(draftState({ type: 'RUNNING' }, now), { type: 'RUNNING', name: 'Running', message: null, data: null, state_details: {} });
    assert.deepEqual(draftState({ type: 'SCHEDULED', name: 'Late' }, now).state_details, { scheduled_time: now });
    const later = '2026-11-28T00:00:00.000000Z';
    assert.equal(draftState({ type: 'SCHEDULED', state_details: { scheduled_time: later } }, now).state_details.scheduled_time, later);
    assert.equal(draftState({ type: 'PENDING', name: 'Submitting', message: 'hi' }, now).name, 'Submitting');
  });

  it('accepts a proposal as a full Prefect State JSON with the given id and timestamp', () => {
    const s = acceptState({ type: 'COMPLETED', message: 'done', data: { storage_key: 'k' }, state_details: { transition_id: 't' } }, 's1', now);
    assert.deepEqual(s, { id: 's1', type: 'COMPLETED', name: 'Completed', timestamp: now, message: 'done', data: { storage_key: 'k' }, state_details: { transition_id: 't' } });
    assert.deepEqual(Object.keys(s), ['id', 'type', 'name', 'timestamp', 'message', 'data', 'state_details']);
  });

  it('recognises persisted result metadata the way Prefect does', () => {
    assert.equal(hasPersistedResult({ storage_key: 'k', serializer: { type: 'pickle' } }), true);
    assert.equal(hasPersistedResult({ type: 'unpersisted' }), false);
    assert.equal(hasPersistedResult({}), false);
    assert.equal(hasPersistedResult(null), false);
    assert.equal(hasPersistedResult('x'), false);
    assert.equal(hasPersistedResult([1]), false);
  });

  it('sets and removes details without leaving undefined keys', () => {
    const d = withDetails({ cache_key: 'a', pause_key: 'p' }, { cache_key: undefined, flow_run_id: 'f' });
    assert.deepEqual(d, { pause_key: 'p', flow_run_id: 'f' });
    assert.equal(Object.prototype.hasOwnProperty.call(d, 'cache_key'), false);
  });

  it('renders full Prefect state_details with nulls and false defaults', () => {
    const json = toStateDetailsJson({ flow_run_id: 'f', pause_reschedule: true });
    assert.equal(json.flow_run_id, 'f');
    assert.equal(json.pause_reschedule, true);
    assert.equal(json.deferred, false);
    assert.equal(json.untrackable_result, false);
    assert.equal(json.scheduled_time, null);
    assert.equal(Object.keys(json).length, 18);
  });

  it('builds AwaitingRetry as a SCHEDULED state delayed from now, keeping message and data', () => {
    assert.deepEqual(awaitingRetryDraft(now, 1.5, 'boom', { a: 1 }), {
      type: 'SCHEDULED',
      name: 'AwaitingRetry',
      message: 'boom',
      data: { a: 1 },
      state_details: { scheduled_time: '2026-11-27T10:00:01.500000Z' },
    });
  });
});
