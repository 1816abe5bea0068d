import type { EventMetadata, Projection, RecordedEvent } from '../../src/shared/ddd';
import { VARIABLES, type VariableDoc, type VariableEvent } from '../../src/contexts/orchestration';

/** One document per variable, from its stream (`variable-<id>`); the name registry's events are not needed here. */
export const variablesProjection: Projection<VariableDoc> = {
  name: 'variables',
  version: 1,
  collection: VARIABLES,
  indexes: [
    { name: 'variables_scope_name', fields: [{ field: '_workspace' }, { field: 'name' }] },
    { name: 'variables_scope_updated', fields: [{ field: '_workspace' }, { field: 'updated' }] },
  ],
  eventTypes: ['VariableCreated', 'VariableUpdated', 'VariableDeleted'],
  keys: (e) => [(e.data as { variableId: string }).variableId],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as VariableEvent;
    const meta = event.metadata as EventMetadata;
    switch (e.type) {
      case 'VariableCreated':
        return {
          _id: e.data.variableId,
          _account: meta.accountId,
          _workspace: meta.workspaceId,
          id: e.data.variableId,
          created: e.data.createdAt,
          updated: e.data.createdAt,
          name: e.data.name,
          value_json: JSON.stringify(e.data.value),
          tags: [...e.data.tags],
          tags_count: e.data.tags.length,
        };
      case 'VariableUpdated': {
        if (!doc) return doc;
        const c = e.data.changes;
        return {
          ...doc,
          ...(c.name !== undefined ? { name: c.name } : {}),
          ...('value' in c && c.value !== undefined ? { value_json: JSON.stringify(c.value) } : {}),
          ...(c.tags !== undefined ? { tags: [...c.tags], tags_count: c.tags.length } : {}),
          updated: e.data.updatedAt,
        };
      }
      case 'VariableDeleted':
        return undefined;
      case 'VariableNameClaimAbandoned':
        return doc;
      default:
        return doc;
    }
  },
};

/** The variables read models. */
export const variablesProjections: readonly Projection[] = [variablesProjection] as readonly Projection[];
