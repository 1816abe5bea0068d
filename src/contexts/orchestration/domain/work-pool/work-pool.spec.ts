import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { firstFreePriority, reprioritize, workPoolDecider, type WorkPoolEvent, type WorkPoolSettings, type WorkQueue } from './work-pool';

const spec = deciderSpec(workPoolDecider);
const t0 = '2026-11-27T10:00:00.000000Z';
const t1 = '2026-11-27T10:01:00.000000Z';
const settings: WorkPoolSettings = {
  description: null,
  baseJobTemplate: {},
  isPaused: false,
  concurrencyLimit: null,
  storageConfiguration: { bundle_upload_step: null, bundle_execution_step: null, default_result_storage_block_id: null },
};
const defaultQueue: WorkQueue = { queueId: 'q0', name: 'default', description: "The work pool's default queue.", isPaused: false, concurrencyLimit: null, priority: 1 };
const created: WorkPoolEvent = { type: 'WorkPoolCreated', data: { poolId: 'p1', name: 'P', type: 'process', settings, defaultQueue, createdAt: t0 } };
const create = (over: Partial<{ name: string; ifAbsent: boolean; type: string }> = {}) =>
  ({ type: 'CreateWorkPool', data: { poolId: 'p1', name: 'P', type: 'process', settings, defaultQueueId: 'q0', ifAbsent: false, now: t0, ...over } }) as const;
const queue = (id: string, name: string, priority: number): WorkQueue => ({ queueId: id, name, description: null, isPaused: false, concurrencyLimit: null, priority });
const queueCreated = (q: WorkQueue, reprioritized: Record<string, number> = {}): WorkPoolEvent => ({ type: 'WorkQueueCreated', data: { poolId: 'p1', poolName: 'P', queue: q, reprioritized, createdAt: t1 } });
const createQueue = (id: string, name: string, priority: number | null, ifAbsent = false) =>
  ({ type: 'CreateWorkQueue', data: { queueId: id, name, description: null, isPaused: false, concurrencyLimit: null, priority, ifAbsent, now: t1 } }) as const;

describe('work pool decider', () => {
  it('creates a pool with its default queue at priority 1', () => spec.given([]).when(create()).then([created]));
  it('refuses a second pool of that name (409), unless asked to keep an existing one', () => {
    spec.given([created]).when(create()).thenThrows('ALREADY_EXISTS');
    spec.given([created]).when(create({ ifAbsent: true })).thenNothing();
  });
  it('reserves names starting with "prefect" (403) and needs a type', () => {
    spec.given([]).when(create({ name: 'Prefect-managed' })).thenThrows('FORBIDDEN');
    spec.given([]).when(create({ type: '' })).thenThrows('VALIDATION_FAILED');
    spec.given([]).when(create({ name: 'a/b' })).thenThrows('VALIDATION_FAILED');
  });
  it('a deleted pool can be created again', () =>
    spec.given([created, { type: 'WorkPoolDeleted', data: { poolId: 'p1', name: 'P', queueIds: ['q0'], deletedAt: t1 } }]).when(create()).then([created]));
  it('updates only what changed; an update that changes nothing decides nothing', () => {
    spec.given([created]).when({ type: 'UpdateWorkPool', data: { changes: { isPaused: true, description: null }, now: t1 } }).then([
      { type: 'WorkPoolUpdated', data: { poolId: 'p1', changes: { isPaused: true }, updatedAt: t1 } },
    ]);
    spec.given([created]).when({ type: 'UpdateWorkPool', data: { changes: { isPaused: false, baseJobTemplate: {} }, now: t1 } }).thenNothing();
    spec.given([]).when({ type: 'UpdateWorkPool', data: { changes: { isPaused: true }, now: t1 } }).thenThrows('NOT_FOUND');
  });
  it('deletes the pool with all its queues', () =>
    spec.given([created, queueCreated(queue('q1', 'high', 2))]).when({ type: 'DeleteWorkPool', data: { now: t1 } }).then([
      { type: 'WorkPoolDeleted', data: { poolId: 'p1', name: 'P', queueIds: ['q0', 'q1'], deletedAt: t1 } },
    ]));
  it('a new queue without a priority takes the first free one', () => {
    spec.given([created]).when(createQueue('q1', 'a', null)).then([queueCreated(queue('q1', 'a', 2))]);
    spec.given([created, queueCreated(queue('q1', 'a', 3))]).when(createQueue('q2', 'b', null)).then([queueCreated(queue('q2', 'b', 2))]);
  });
  it('a new queue with a taken priority pushes the others down', () =>
    spec.given([created, queueCreated(queue('q1', 'a', 2))]).when(createQueue('q2', 'b', 1)).then([queueCreated(queue('q2', 'b', 1), { q0: 2, q1: 3 })]));
  it('queue names are unique in a pool; ensuring an existing queue decides nothing', () => {
    spec.given([created]).when(createQueue('q1', 'default', null)).thenThrows('ALREADY_EXISTS');
    spec.given([created]).when(createQueue('q1', 'default', null, true)).thenNothing();
    spec.given([created]).when(createQueue('q1', 'x', 0)).thenThrows('VALIDATION_FAILED');
  });
  it('updates a queue; a new priority reorders the others', () => {
    const h = [created, queueCreated(queue('q1', 'a', 2)), queueCreated(queue('q2', 'b', 3))];
    spec.given(h).when({ type: 'UpdateWorkQueue', data: { queueId: 'q2', changes: { priority: 1 }, now: t1 } }).then([
      { type: 'WorkQueueUpdated', data: { poolId: 'p1', queueId: 'q2', changes: { priority: 1 }, reprioritized: { q0: 2, q1: 3 }, updatedAt: t1 } },
    ]);
    spec.given(h).when({ type: 'UpdateWorkQueue', data: { queueId: 'q1', changes: { isPaused: true, priority: 2 }, now: t1 } }).then([
      { type: 'WorkQueueUpdated', data: { poolId: 'p1', queueId: 'q1', changes: { isPaused: true }, reprioritized: {}, updatedAt: t1 } },
    ]);
    spec.given(h).when({ type: 'UpdateWorkQueue', data: { queueId: 'q1', changes: { name: 'b' }, now: t1 } }).thenThrows('ALREADY_EXISTS');
    spec.given(h).when({ type: 'UpdateWorkQueue', data: { queueId: 'zz', changes: { isPaused: true }, now: t1 } }).thenThrows('NOT_FOUND');
  });
  it("deletes a queue, but not the pool's default queue", () => {
    spec.given([created, queueCreated(queue('q1', 'a', 2))]).when({ type: 'DeleteWorkQueue', data: { queueId: 'q1', now: t1 } }).then([
      { type: 'WorkQueueDeleted', data: { poolId: 'p1', queueId: 'q1', name: 'a', reprioritized: {}, deletedAt: t1 } },
    ]);
    spec.given([created]).when({ type: 'DeleteWorkQueue', data: { queueId: 'q0', now: t1 } }).thenThrows('VALIDATION_FAILED');
  });
  it('records a worker deletion in an existing pool only', () => {
    spec.given([created]).when({ type: 'DeleteWorker', data: { workerId: 'w1', name: 'ProcessWorker x', now: t1 } }).then([
      { type: 'WorkerDeleted', data: { poolId: 'p1', workerId: 'w1', name: 'ProcessWorker x', deletedAt: t1 } },
    ]);
    spec.given([]).when({ type: 'DeleteWorker', data: { workerId: 'w1', name: 'x', now: t1 } }).thenThrows('NOT_FOUND');
  });
});

describe('queue priorities (Prefect rules)', () => {
  it('first free priority: a gap, else one past the largest', () => {
    assert.equal(firstFreePriority([]), 1);
    assert.equal(firstFreePriority([1, 2, 3]), 4);
    assert.equal(firstFreePriority([1, 3]), 2);
  });
  it('moving a queue keeps priorities unique with the fewest changes', () => {
    const qs = [queue('a', 'a', 1), queue('b', 'b', 2), queue('c', 'c', 5)];
    assert.deepEqual(reprioritize(qs, 'c', 2), { b: 3 });
    assert.deepEqual(reprioritize(qs, 'a', 9), {});
    assert.deepEqual(reprioritize(qs, 'c', 1), { a: 2, b: 3 });
  });
});
