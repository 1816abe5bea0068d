import type { EventMetadata, Projection, RecordedEvent } from '../../src/shared/ddd';
import { AUTOMATIONS, relatedResourceIds, type AutomationDoc, type AutomationEvent } from '../../src/contexts/automations';

/** Automations as Prefect returns them, with the resources each relates to (for `/automations/related-to`). */
export const automationsProjection: Projection<AutomationDoc> = {
  name: 'automations',
  version: 1,
  collection: AUTOMATIONS,
  indexes: [
    { name: 'automations_scope_name', fields: [{ field: '_workspace' }, { field: 'name' }] },
    { name: 'automations_owner', fields: [{ field: '_workspace' }, { field: 'owner_resource' }] },
  ],
  eventTypes: ['AutomationCreated', 'AutomationUpdated', 'AutomationEnabledChanged', 'AutomationDeleted'],
  keys: (e) => [(e.data as { automationId: string }).automationId],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as AutomationEvent;
    const meta = event.metadata as EventMetadata;
    switch (e.type) {
      case 'AutomationCreated': {
        const a = e.data.automation;
        return {
          _id: e.data.automationId,
          _account: meta.accountId,
          _workspace: meta.workspaceId,
          id: e.data.automationId,
          created: e.data.at,
          updated: e.data.at,
          ...a,
          tags: [...a.tags],
          tags_count: a.tags.length,
          owner_resource: e.data.ownerResource,
          related_resources: relatedResourceIds(a, e.data.ownerResource),
        };
      }
      case 'AutomationUpdated': {
        if (!doc) return doc;
        const a = e.data.automation;
        return { ...doc, ...a, tags: [...a.tags], tags_count: a.tags.length, updated: e.data.at, related_resources: relatedResourceIds(a, doc.owner_resource) };
      }
      case 'AutomationEnabledChanged':
        return doc && { ...doc, enabled: e.data.enabled, updated: e.data.at };
      case 'AutomationDeleted':
        return undefined;
      default:
        return doc;
    }
  },
};
