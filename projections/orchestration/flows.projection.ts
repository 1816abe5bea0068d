import type { EventMetadata, Projection, RecordedEvent } from '../../src/shared/ddd';
import { FLOWS, type FlowDoc, type FlowEvent } from '../../src/contexts/orchestration';

export const flowsProjection: Projection<FlowDoc> = {
  name: 'flows',
  version: 1,
  collection: FLOWS,
  indexes: [{ name: 'flows_scope_name', fields: [{ field: '_workspace' }, { field: 'name' }] }],
  eventTypes: ['FlowCreated', 'FlowUpdated', 'FlowDeleted'],
  keys: (e) => [(e.data as { flowId: string }).flowId],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as FlowEvent;
    const meta = event.metadata as EventMetadata;
    switch (e.type) {
      case 'FlowCreated':
        return {
          _id: e.data.flowId,
          _account: meta.accountId,
          _workspace: meta.workspaceId,
          id: e.data.flowId,
          created: e.data.createdAt,
          updated: e.data.createdAt,
          name: e.data.name,
          tags: [...e.data.tags],
          tags_count: e.data.tags.length,
          labels: { ...e.data.labels },
        };
      case 'FlowUpdated':
        return doc && { ...doc, tags: [...e.data.tags], tags_count: e.data.tags.length, updated: e.data.updatedAt };
      case 'FlowDeleted':
        return undefined;
      default:
        return doc;
    }
  },
};
