import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { poolStatus, queueStatus, workerStatus } from './work-pool-status';

const t0 = Date.parse('2026-11-27T10:00:00.000Z');
const at = (seconds: number) => t0 + seconds * 1000;

describe('work pool, queue and worker statuses', () => {
  it('a worker is ONLINE until three heartbeat intervals pass without one (default interval 30 s)', () => {
    const w = { last_heartbeat_time: '2026-11-27T10:00:00.000000Z', heartbeat_interval_seconds: 10 };
    assert.equal(workerStatus(w, at(29)), 'ONLINE');
    assert.equal(workerStatus(w, at(30)), 'OFFLINE');
    const defaults = { ...w, heartbeat_interval_seconds: null };
    assert.equal(workerStatus(defaults, at(89)), 'ONLINE');
    assert.equal(workerStatus(defaults, at(90)), 'OFFLINE');
  });
  it('a pool is PAUSED, READY with an online worker, else NOT_READY; push and managed pools need no worker; the agent pool has none', () => {
    assert.equal(poolStatus({ type: 'process', is_paused: false }, 0), 'NOT_READY');
    assert.equal(poolStatus({ type: 'process', is_paused: false }, 1), 'READY');
    assert.equal(poolStatus({ type: 'process', is_paused: true }, 1), 'PAUSED');
    assert.equal(poolStatus({ type: 'ecs:push', is_paused: false }, 0), 'READY');
    assert.equal(poolStatus({ type: 'prefect:managed', is_paused: true }, 0), 'PAUSED');
    assert.equal(poolStatus({ type: 'prefect-agent', is_paused: false }, 3), null);
  });
  it('a queue is READY while polled within 60 s, NOT_READY otherwise, PAUSED when paused', () => {
    assert.equal(queueStatus({ is_paused: false }, null, at(0)), 'NOT_READY');
    assert.equal(queueStatus({ is_paused: false }, '2026-11-27T10:00:00.000000Z', at(60)), 'READY');
    assert.equal(queueStatus({ is_paused: false }, '2026-11-27T10:00:00.000000Z', at(61)), 'NOT_READY');
    assert.equal(queueStatus({ is_paused: true }, '2026-11-27T10:00:00.000000Z', at(1)), 'PAUSED');
  });
});
