import type { EventMetadata, Projection, RecordedEvent } from '../../src/shared/ddd';
import {
  ARTIFACTS,
  ARTIFACT_COLLECTIONS,
  type ArtifactChanges,
  type ArtifactCollectionDoc,
  type ArtifactDoc,
  type ArtifactEvent,
  type ArtifactSnapshot,
} from '../../src/contexts/orchestration';

function fields(a: ArtifactSnapshot) {
  return {
    id: a.id,
    created: a.created,
    updated: a.updated,
    key: a.key,
    type: a.type,
    description: a.description,
    data_json: JSON.stringify(a.data),
    metadata_json: JSON.stringify(a.metadata_),
    flow_run_id: a.flow_run_id,
    task_run_id: a.task_run_id,
  };
}

function changed<D extends { data_json: string; metadata_json: string; description: string | null; updated: string }>(doc: D, c: ArtifactChanges, updatedAt: string): D {
  return {
    ...doc,
    ...('data' in c && c.data !== undefined ? { data_json: JSON.stringify(c.data) } : {}),
    ...('description' in c && c.description !== undefined ? { description: c.description } : {}),
    ...('metadata_' in c && c.metadata_ !== undefined ? { metadata_json: JSON.stringify(c.metadata_) } : {}),
    updated: updatedAt,
  };
}

const scope = (event: RecordedEvent) => {
  const meta = event.metadata as EventMetadata;
  return { _account: meta.accountId, _workspace: meta.workspaceId };
};

/** One document per artifact. */
export const artifactsProjection: Projection<ArtifactDoc> = {
  name: 'artifacts',
  version: 1,
  collection: ARTIFACTS,
  indexes: [
    { name: 'artifacts_scope_key', fields: [{ field: '_workspace' }, { field: 'key' }] },
    { name: 'artifacts_scope_flow_run', fields: [{ field: '_workspace' }, { field: 'flow_run_id' }] },
    { name: 'artifacts_scope_task_run', fields: [{ field: '_workspace' }, { field: 'task_run_id' }] },
  ],
  eventTypes: ['ArtifactCreated', 'ArtifactUpdated', 'ArtifactDeleted'],
  keys(event) {
    const e = event as unknown as ArtifactEvent;
    return [e.type === 'ArtifactCreated' ? e.data.artifact.id : e.data.artifactId];
  },
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as ArtifactEvent;
    switch (e.type) {
      case 'ArtifactCreated':
        return { _id: e.data.artifact.id, ...scope(event), ...fields(e.data.artifact) };
      case 'ArtifactUpdated':
        return doc && changed(doc, e.data.changes, e.data.updatedAt);
      case 'ArtifactDeleted':
        return undefined;
      default:
        return doc;
    }
  },
};

/**
 * Prefect's artifact collections: per key, the latest artifact's fields and `latest_id`. Everything
 * needed is in the events (the key's aggregate names the successor when the latest is deleted).
 */
export const artifactCollectionsProjection: Projection<ArtifactCollectionDoc> = {
  name: 'artifact_collections',
  version: 1,
  collection: ARTIFACT_COLLECTIONS,
  indexes: [
    { name: 'artifact_collections_scope_key', fields: [{ field: '_workspace' }, { field: 'key' }] },
    { name: 'artifact_collections_scope_flow_run', fields: [{ field: '_workspace' }, { field: 'flow_run_id' }] },
  ],
  eventTypes: ['ArtifactCreated', 'ArtifactUpdated', 'ArtifactDeleted'],
  keys(event) {
    const e = event as unknown as ArtifactEvent;
    switch (e.type) {
      case 'ArtifactCreated':
        return e.data.collection ? [e.data.collection.id] : [];
      case 'ArtifactUpdated':
        return e.data.collectionId ? [e.data.collectionId] : [];
      case 'ArtifactDeleted':
        return e.data.collection ? [e.data.collection.id] : [];
      default:
        return [];
    }
  },
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as ArtifactEvent;
    switch (e.type) {
      case 'ArtifactCreated': {
        const c = e.data.collection;
        if (!c) return doc;
        const a = e.data.artifact;
        return { _id: c.id, ...scope(event), ...fields(a), id: c.id, key: a.key ?? '', latest_id: a.id, created: c.created, updated: a.created };
      }
      case 'ArtifactUpdated':
        return doc && doc.latest_id === e.data.artifactId ? changed(doc, e.data.changes, e.data.updatedAt) : doc;
      case 'ArtifactDeleted': {
        const c = e.data.collection;
        if (!c) return doc;
        if (!c.successor) return undefined;
        // Prefect copies the successor wholesale, its created/updated included.
        return { _id: c.id, ...scope(event), ...fields(c.successor), id: c.id, key: c.successor.key ?? '', latest_id: c.successor.id };
      }
      default:
        return doc;
    }
  },
};

/** The artifacts read models. */
export const artifactsProjections: readonly Projection[] = [artifactsProjection, artifactCollectionsProjection] as readonly Projection[];
