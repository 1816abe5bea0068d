import type { Document } from '../../../shared/ddd';

export const ARTIFACTS = 'artifacts';
/** Prefect's ArtifactCollection: the latest artifact of each key. */
export const ARTIFACT_COLLECTIONS = 'artifact_collections';

/**
 * Prefect's Artifact (prefect-api.md §6.13) plus the reserved fields. `data` and `metadata_` are
 * any JSON / any string keys, which are not storable field names in every read store (`$x`, `a.b`),
 * so they are kept as JSON text; `artifactData(doc)` / `artifactMetadata(doc)` give them back.
 */
export interface ArtifactDoc extends Document {
  id: string;
  created: string;
  updated: string;
  key: string | null;
  type: string | null;
  description: string | null;
  data_json: string;
  metadata_json: string;
  flow_run_id: string | null;
  task_run_id: string | null;
}

/** Prefect's ArtifactCollection: the fields of the key's latest artifact, whose id is `latest_id`. */
export interface ArtifactCollectionDoc extends Document {
  id: string;
  created: string;
  updated: string;
  key: string;
  latest_id: string;
  type: string | null;
  description: string | null;
  data_json: string;
  metadata_json: string;
  flow_run_id: string | null;
  task_run_id: string | null;
}

export function artifactDataOf(doc: Pick<ArtifactDoc, 'data_json'>): unknown {
  return JSON.parse(doc.data_json) as unknown;
}

export function artifactMetadataOf(doc: Pick<ArtifactDoc, 'metadata_json'>): Record<string, string> | null {
  return JSON.parse(doc.metadata_json) as Record<string, string> | null;
}
