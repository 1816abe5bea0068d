import type { EventMetadata, Projection, RecordedEvent } from '../../src/shared/ddd';
import { WORK_POOLS, WORK_QUEUES, type WorkPoolDoc, type WorkPoolEvent, type WorkQueue, type WorkQueueDoc } from '../../src/contexts/orchestration';

const POOL_EVENTS = ['WorkPoolCreated', 'WorkPoolUpdated', 'WorkPoolDeleted'] as const;
const QUEUE_EVENTS = ['WorkPoolCreated', 'WorkPoolDeleted', 'WorkQueueCreated', 'WorkQueueUpdated', 'WorkQueueDeleted'] as const;

export const workPoolsProjection: Projection<WorkPoolDoc> = {
  name: 'work_pools',
  version: 1,
  collection: WORK_POOLS,
  indexes: [{ name: 'work_pools_scope_name', fields: [{ field: '_workspace' }, { field: 'name' }] }],
  eventTypes: POOL_EVENTS,
  keys: (e) => [(e.data as { poolId: string }).poolId],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as WorkPoolEvent;
    const meta = event.metadata as EventMetadata;
    switch (e.type) {
      case 'WorkPoolCreated': {
        const s = e.data.settings;
        return {
          _id: e.data.poolId,
          _account: meta.accountId,
          _workspace: meta.workspaceId,
          id: e.data.poolId,
          created: e.data.createdAt,
          updated: e.data.createdAt,
          name: e.data.name,
          description: s.description,
          type: e.data.type,
          base_job_template: { ...s.baseJobTemplate },
          is_paused: s.isPaused,
          concurrency_limit: s.concurrencyLimit,
          storage_configuration: { ...s.storageConfiguration } as WorkPoolDoc['storage_configuration'],
          default_queue_id: e.data.defaultQueue.queueId,
        };
      }
      case 'WorkPoolUpdated': {
        if (!doc) return doc;
        const c = e.data.changes;
        return {
          ...doc,
          updated: e.data.updatedAt,
          ...(c.description !== undefined ? { description: c.description } : {}),
          ...(c.baseJobTemplate !== undefined ? { base_job_template: { ...c.baseJobTemplate } } : {}),
          ...(c.isPaused !== undefined ? { is_paused: c.isPaused } : {}),
          ...(c.concurrencyLimit !== undefined ? { concurrency_limit: c.concurrencyLimit } : {}),
          ...(c.storageConfiguration !== undefined ? { storage_configuration: { ...c.storageConfiguration } as WorkPoolDoc['storage_configuration'] } : {}),
        };
      }
      case 'WorkPoolDeleted':
        return undefined;
      default:
        return doc;
    }
  },
};

function queueDoc(q: WorkQueue, poolId: string, poolName: string, at: string, meta: EventMetadata): WorkQueueDoc {
  return {
    _id: q.queueId,
    _account: meta.accountId,
    _workspace: meta.workspaceId,
    id: q.queueId,
    created: at,
    updated: at,
    name: q.name,
    description: q.description,
    is_paused: q.isPaused,
    concurrency_limit: q.concurrencyLimit,
    priority: q.priority,
    work_pool_id: poolId,
    work_pool_name: poolName,
    filter: null,
  };
}

function withPriority(doc: WorkQueueDoc | undefined, priorities: Readonly<Record<string, number>>, at: string): WorkQueueDoc | undefined {
  if (!doc) return doc;
  const p = priorities[doc._id];
  return p === undefined || p === doc.priority ? doc : { ...doc, priority: p, updated: at };
}

export const workQueuesProjection: Projection<WorkQueueDoc> = {
  name: 'work_queues',
  version: 1,
  collection: WORK_QUEUES,
  indexes: [
    { name: 'work_queues_scope_pool', fields: [{ field: '_workspace' }, { field: 'work_pool_id' }, { field: 'priority' }] },
    { name: 'work_queues_scope_name', fields: [{ field: '_workspace' }, { field: 'name' }] },
  ],
  eventTypes: QUEUE_EVENTS,
  keys(event) {
    const e = event as unknown as WorkPoolEvent;
    switch (e.type) {
      case 'WorkPoolCreated':
        return [e.data.defaultQueue.queueId];
      case 'WorkPoolDeleted':
        return e.data.queueIds;
      case 'WorkQueueCreated':
        return [e.data.queue.queueId, ...Object.keys(e.data.reprioritized)];
      case 'WorkQueueUpdated':
      case 'WorkQueueDeleted':
        return [e.data.queueId, ...Object.keys(e.data.reprioritized)];
      default:
        return [];
    }
  },
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as WorkPoolEvent;
    const meta = event.metadata as EventMetadata;
    switch (e.type) {
      case 'WorkPoolCreated':
        return queueDoc(e.data.defaultQueue, e.data.poolId, e.data.name, e.data.createdAt, meta);
      case 'WorkPoolDeleted':
        return undefined;
      case 'WorkQueueCreated':
        // The other queues' documents exist; a missing one is the created queue's.
        if (doc && doc._id !== e.data.queue.queueId) return withPriority(doc, e.data.reprioritized, e.data.createdAt);
        return queueDoc(e.data.queue, e.data.poolId, e.data.poolName, e.data.createdAt, meta);
      case 'WorkQueueUpdated': {
        if (!doc) return doc;
        if (doc._id !== e.data.queueId) return withPriority(doc, e.data.reprioritized, e.data.updatedAt);
        const c = e.data.changes;
        return {
          ...doc,
          updated: e.data.updatedAt,
          ...(c.name !== undefined ? { name: c.name } : {}),
          ...(c.description !== undefined ? { description: c.description } : {}),
          ...(c.isPaused !== undefined ? { is_paused: c.isPaused } : {}),
          ...(c.concurrencyLimit !== undefined ? { concurrency_limit: c.concurrencyLimit } : {}),
          ...(c.priority !== undefined ? { priority: c.priority } : {}),
        };
      }
      case 'WorkQueueDeleted':
        return doc && doc._id !== e.data.queueId ? withPriority(doc, e.data.reprioritized, e.data.deletedAt) : undefined;
      default:
        return doc;
    }
  },
};

/** The work-pools read models. */
export const workPoolsProjections: readonly Projection[] = [workPoolsProjection, workQueuesProjection] as readonly Projection[];
