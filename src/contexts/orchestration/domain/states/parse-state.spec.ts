import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseStateCreate, parseStateDetails } from './parse-state';

const validationError = (message: RegExp) => (err: unknown) => {
  assert.equal((err as { code?: string }).code, 'VALIDATION_FAILED');
  assert.match((err as Error).message, message);
  return true;
};

describe('parsing a proposed state from untrusted JSON', () => {
  it('reads the body the Prefect client sends, every optional key null', () => {
    const body = JSON.parse(
      JSON.stringify({
        type: 'RUNNING',
        name: 'Running',
        message: null,
        data: null,
        state_details: {
          flow_run_id: '3F2504E0-4F89-11D3-9A0C-0305E82C3301',
          task_run_id: null,
          child_flow_run_id: null,
          scheduled_time: null,
          cache_key: null,
          cache_expiration: null,
          deferred: false,
          untrackable_result: false,
          pause_timeout: null,
          pause_reschedule: false,
          pause_key: null,
          run_input_keyset: null,
          refresh_cache: null,
          retriable: null,
          transition_id: '6c3b0a5e-8f0e-4c1a-9a1b-2b7d6a0f9e11',
          task_parameters_id: null,
          traceparent: null,
          deployment_concurrency_lease_id: null,
        },
      }),
    );
    assert.deepEqual(parseStateCreate(body), {
      type: 'RUNNING',
      name: 'Running',
      state_details: {
        flow_run_id: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
        deferred: false,
        untrackable_result: false,
        pause_reschedule: false,
        transition_id: '6c3b0a5e-8f0e-4c1a-9a1b-2b7d6a0f9e11',
      },
    });
  });

  it('treats null and missing alike, and ignores unknown keys', () => {
    assert.deepEqual(parseStateCreate({ type: 'PENDING', name: null, state_details: null, id: 'x', timestamp: 'y', extra: 1 }), { type: 'PENDING', state_details: {} });
    assert.deepEqual(parseStateDetails({ nonsense: 'x', cache_key: 'k' }), { cache_key: 'k' });
  });

  it('keeps data verbatim', () => {
    const data = { storage_key: '/tmp/x', serializer: { type: 'pickle' }, prefect_version: '3.9.1' };
    assert.deepEqual(parseStateCreate({ type: 'COMPLETED', data }).data, data);
  });

  it('refuses an unknown state type with a message listing the allowed ones', () => {
    assert.throws(() => parseStateCreate({ type: 'DONE' }), validationError(/state\.type must be one of SCHEDULED, PENDING, RUNNING.*got "DONE"/));
    assert.throws(() => parseStateCreate({ type: 'running' }), validationError(/got "running"/));
    assert.throws(() => parseStateCreate({}), validationError(/state\.type must be one of/));
    assert.throws(() => parseStateCreate(null), validationError(/state must be an object/));
    assert.throws(() => parseStateCreate([{ type: 'RUNNING' }]), validationError(/state must be an object/));
  });

  it('refuses wrongly typed fields, naming the path', () => {
    assert.throws(() => parseStateCreate({ type: 'RUNNING', name: 3 }), validationError(/state\.name must be a string/));
    assert.throws(() => parseStateCreate({ type: 'RUNNING', state_details: [] }), validationError(/state\.state_details must be an object/));
    assert.throws(() => parseStateCreate({ type: 'RUNNING', state_details: { flow_run_id: 'nope' } }), validationError(/state_details\.flow_run_id must be a UUID/));
    assert.throws(() => parseStateCreate({ type: 'RUNNING', state_details: { pause_reschedule: 'yes' } }), validationError(/pause_reschedule must be a boolean/));
    assert.throws(() => parseStateCreate({ type: 'SCHEDULED', state_details: { scheduled_time: 'tomorrow' } }), validationError(/scheduled_time must be an ISO-8601 datetime/));
    assert.throws(() => parseStateCreate({ type: 'PAUSED', state_details: { run_input_keyset: { a: 1 } } }), validationError(/run_input_keyset\.a must be a string/));
  });

  it('normalises datetimes to UTC microseconds, whatever form Prefect used', () => {
    const at = (v: string) => parseStateDetails({ scheduled_time: v }).scheduled_time;
    assert.equal(at('2026-08-21T16:00:10.123456Z'), '2026-08-21T16:00:10.123456Z');
    assert.equal(at('2026-08-21 16:00:10.123456+00:00'), '2026-08-21T16:00:10.123456Z');
    assert.equal(at('2026-08-21T18:00:10+02:00'), '2026-08-21T16:00:10.000000Z');
    assert.equal(at('2026-08-21T16:00:10'), '2026-08-21T16:00:10.000000Z');
    assert.throws(() => at('2026-02-30T00:00:00Z'), validationError(/ISO-8601/));
  });
});
