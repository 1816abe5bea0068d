import type { Decider } from '../../../../shared/ddd';
import { NotFoundError, ValidationError } from '../../../../shared/errors';
import { isJsonValue, isPlainObject, type JsonValue } from '../common/json';

/**
 * Artifacts of one key are one aggregate, on one stream (`artifactKey-<uuid of workspace and key>`);
 * an artifact without a key is alone on its own stream (`artifact-<id>`).
 *
 * Prefect keeps, per key, a collection row pointing at the latest artifact (`latest_id`, with the
 * latest's fields). When the latest is deleted the collection falls back to the previous one, and
 * it disappears with the last. A projection cannot know "the previous one" from the delete alone,
 * so the aggregate, which holds every artifact of its key, decides it and puts it in the event.
 */

const ARTIFACT_KEY = /^[a-z0-9-]*$/;
/** Prefect truncates longer metadata values to this many characters and appends "...". */
export const MAX_METADATA_VALUE_LENGTH = 500;

export type ArtifactMetadata = Readonly<Record<string, string>>;

/** One artifact, as Prefect returns it. */
export interface ArtifactSnapshot {
  readonly id: string;
  readonly created: string;
  readonly updated: string;
  readonly key: string | null;
  readonly type: string | null;
  readonly description: string | null;
  readonly data: JsonValue;
  readonly metadata_: ArtifactMetadata | null;
  readonly flow_run_id: string | null;
  readonly task_run_id: string | null;
}

/** The per-key collection as events describe it: its id, and when it was (re)created. */
export interface CollectionRef {
  readonly id: string;
  readonly created: string;
}

/** What an update changes: an absent key leaves the field as it is. */
export interface ArtifactChanges {
  readonly data?: JsonValue;
  readonly description?: string | null;
  readonly metadata_?: ArtifactMetadata | null;
}

export type ArtifactEvent =
  | {
      readonly type: 'ArtifactCreated';
      /** `collection`: the key's collection, which now points at this artifact (null without a key). */
      readonly data: { readonly artifact: ArtifactSnapshot; readonly collection: CollectionRef | null };
    }
  | {
      readonly type: 'ArtifactUpdated';
      /** `collectionId`: set when the artifact is its key's latest, so the collection changes too. */
      readonly data: { readonly artifactId: string; readonly key: string | null; readonly changes: ArtifactChanges; readonly updatedAt: string; readonly collectionId: string | null };
    }
  | {
      readonly type: 'ArtifactDeleted';
      /**
       * `collection`: set when the deleted artifact was its key's latest. `successor` is the artifact
       * the collection now points at (the newest one left), or null when none is left and the
       * collection is gone; `removed` is the deleted artifact as the collection showed it.
       */
      readonly data: {
        readonly artifactId: string;
        readonly key: string | null;
        readonly deletedAt: string;
        readonly collection: { readonly id: string; readonly successor: ArtifactSnapshot | null; readonly removed: ArtifactSnapshot } | null;
      };
    };

export interface ArtifactInput {
  readonly key: unknown;
  readonly type: unknown;
  readonly description: unknown;
  readonly data: unknown;
  readonly metadata_: unknown;
  readonly flow_run_id: string | null;
  readonly task_run_id: string | null;
}

export type ArtifactCommand =
  | { readonly type: 'CreateArtifact'; readonly data: { readonly artifactId: string; readonly collectionId: string; readonly input: ArtifactInput; readonly now: string } }
  | { readonly type: 'UpdateArtifact'; readonly data: { readonly artifactId: string; readonly changes: { readonly data?: unknown; readonly description?: unknown; readonly metadata_?: unknown }; readonly now: string } }
  | { readonly type: 'DeleteArtifact'; readonly data: { readonly artifactId: string; readonly now: string } };

export interface ArtifactStreamState {
  /** Oldest first: the last one is the key's latest. */
  readonly artifacts: readonly ArtifactSnapshot[];
  readonly collection: CollectionRef | null;
}

export function validateArtifactKey(key: unknown): string | null {
  if (key === null || key === undefined) return null;
  if (typeof key !== 'string') throw new ValidationError('Artifact key must be a string');
  if (!ARTIFACT_KEY.test(key)) throw new ValidationError('Artifact key must only contain lowercase letters, numbers, and dashes.');
  return key;
}

function optText(value: unknown, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new ValidationError(`${field} must be a string`);
  return value;
}

function artifactData(value: unknown): JsonValue {
  if (value === undefined) return null;
  if (!isJsonValue(value)) throw new ValidationError('data must be JSON');
  return value;
}

/** Prefect's metadata_: string keys and string values, each value cut to 500 characters + "...". */
export function artifactMetadata(value: unknown): ArtifactMetadata | null {
  if (value === null || value === undefined) return null;
  if (!isPlainObject(value)) throw new ValidationError('metadata_ must be an object of strings');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new ValidationError(`metadata_.${k} must be a string`);
    out[k] = v.length > MAX_METADATA_VALUE_LENGTH ? `${v.slice(0, MAX_METADATA_VALUE_LENGTH)}...` : v;
  }
  return out;
}

function find(state: ArtifactStreamState, artifactId: string): ArtifactSnapshot {
  const found = state.artifacts.find((a) => a.id === artifactId);
  if (!found) throw new NotFoundError('Artifact not found.');
  return found;
}

const latestOf = (state: ArtifactStreamState) => state.artifacts[state.artifacts.length - 1];
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function applyArtifactChanges(artifact: ArtifactSnapshot, changes: ArtifactChanges, updatedAt: string): ArtifactSnapshot {
  return {
    ...artifact,
    ...('data' in changes && changes.data !== undefined ? { data: changes.data } : {}),
    ...('description' in changes && changes.description !== undefined ? { description: changes.description } : {}),
    ...('metadata_' in changes && changes.metadata_ !== undefined ? { metadata_: changes.metadata_ } : {}),
    updated: updatedAt,
  };
}

export const artifactStreamDecider: Decider<ArtifactStreamState, ArtifactCommand, ArtifactEvent> = {
  initialState: () => ({ artifacts: [], collection: null }),
  evolve(state, event) {
    switch (event.type) {
      case 'ArtifactCreated':
        return { artifacts: [...state.artifacts, event.data.artifact], collection: event.data.collection ?? state.collection };
      case 'ArtifactUpdated': {
        const { artifactId, changes, updatedAt } = event.data;
        return { ...state, artifacts: state.artifacts.map((a) => (a.id === artifactId ? applyArtifactChanges(a, changes, updatedAt) : a)) };
      }
      case 'ArtifactDeleted': {
        const artifacts = state.artifacts.filter((a) => a.id !== event.data.artifactId);
        const c = event.data.collection;
        // Prefect copies the successor's created/updated onto the collection row.
        const collection = c === null ? state.collection : c.successor === null ? null : { id: c.id, created: c.successor.created };
        return { artifacts, collection };
      }
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'CreateArtifact': {
        const { artifactId, collectionId, input, now } = command.data;
        const key = validateArtifactKey(input.key);
        const artifact: ArtifactSnapshot = {
          id: artifactId,
          created: now,
          updated: now,
          key,
          type: optText(input.type, 'type'),
          description: optText(input.description, 'description'),
          data: artifactData(input.data),
          metadata_: artifactMetadata(input.metadata_),
          flow_run_id: input.flow_run_id,
          task_run_id: input.task_run_id,
        };
        // A create retried after it was appended decides nothing.
        if (state.artifacts.some((a) => a.id === artifactId)) return [];
        const collection = key === null ? null : (state.collection ?? { id: collectionId, created: now });
        return [{ type: 'ArtifactCreated', data: { artifact, collection } }];
      }
      case 'UpdateArtifact': {
        const { artifactId, changes: raw, now } = command.data;
        const changes: { data?: JsonValue; description?: string | null; metadata_?: ArtifactMetadata | null } = {};
        if ('data' in raw && raw.data !== undefined) changes.data = artifactData(raw.data);
        if ('description' in raw && raw.description !== undefined) changes.description = optText(raw.description, 'description');
        if ('metadata_' in raw && raw.metadata_ !== undefined) changes.metadata_ = artifactMetadata(raw.metadata_);
        const current = find(state, artifactId);
        const effective: { data?: JsonValue; description?: string | null; metadata_?: ArtifactMetadata | null } = {};
        if ('data' in changes && !same(changes.data, current.data)) effective.data = changes.data!;
        if ('description' in changes && changes.description !== current.description) effective.description = changes.description!;
        if ('metadata_' in changes && !same(changes.metadata_, current.metadata_)) effective.metadata_ = changes.metadata_!;
        if (Object.keys(effective).length === 0) return [];
        const isLatest = current.key !== null && latestOf(state)?.id === artifactId;
        return [{ type: 'ArtifactUpdated', data: { artifactId, key: current.key, changes: effective, updatedAt: now, collectionId: isLatest ? (state.collection?.id ?? null) : null } }];
      }
      case 'DeleteArtifact': {
        const { artifactId, now } = command.data;
        const current = find(state, artifactId);
        const isLatest = current.key !== null && latestOf(state)?.id === artifactId && state.collection !== null;
        const rest = state.artifacts.filter((a) => a.id !== artifactId);
        const collection = isLatest ? { id: state.collection!.id, successor: rest[rest.length - 1] ?? null, removed: current } : null;
        return [{ type: 'ArtifactDeleted', data: { artifactId, key: current.key, deletedAt: now, collection } }];
      }
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};
