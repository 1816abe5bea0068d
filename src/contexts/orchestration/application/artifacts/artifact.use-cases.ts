import { Injectable } from '@nestjs/common';
import { CommandRunner, nameBasedUuid, timeOrderedUuid } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import type { Caller } from '../caller';
import { artifactStreamDecider, validateArtifactKey, type ArtifactInput } from '../../domain/artifact/artifact';

export interface ArtifactWritten {
  readonly artifactId: string;
  readonly position: number | undefined;
}

/** The raw PATCH body: an absent key leaves the field alone, an explicit null sets null. */
export interface ArtifactUpdateInput {
  readonly data?: unknown;
  readonly description?: unknown;
  readonly metadata_?: unknown;
}

/** Prefect Cloud: creating and editing need `write_artifacts` (workers have it), deleting `manage_artifacts`. */
export const ARTIFACT_PERMISSIONS = { write: 'write_artifacts', delete: 'manage_artifacts' } as const;

/**
 * Where an artifact's events live: every artifact of a key on the key's stream (the aggregate that
 * knows the key's latest and its predecessors), an artifact without a key on its own.
 */
export function artifactStream(workspaceId: string, key: string | null, artifactId: string): string {
  return key === null ? streamName('artifact', artifactId) : streamName('artifactKey', nameBasedUuid(`praetor:artifact-key:${workspaceId}`, key));
}

@Injectable()
export class ArtifactUseCases {
  constructor(private readonly runner: CommandRunner) {}

  private target(c: Caller, permission: string, stream: string) {
    return { principal: c.principal, request: c.request, scope: c.scope, permission, decider: artifactStreamDecider, stream };
  }

  /** Ids are time-ordered, so Prefect's default sort (ID_DESC) lists the newest first. */
  async create(c: Caller, input: ArtifactInput): Promise<ArtifactWritten> {
    const key = validateArtifactKey(input.key);
    const artifactId = timeOrderedUuid(this.runner.now());
    const collectionId = timeOrderedUuid(this.runner.now());
    const r = await this.runner.run({
      ...this.target(c, ARTIFACT_PERMISSIONS.write, artifactStream(c.scope.workspaceId, key, artifactId)),
      command: (now) => ({ type: 'CreateArtifact' as const, data: { artifactId, collectionId, input, now } }),
    });
    return { artifactId, position: r.position };
  }

  /** `key` comes from the artifact's read model: a key never changes, so it names the stream for good. */
  async update(c: Caller, artifactId: string, key: string | null, changes: ArtifactUpdateInput): Promise<ArtifactWritten> {
    const r = await this.runner.run({
      ...this.target(c, ARTIFACT_PERMISSIONS.write, artifactStream(c.scope.workspaceId, key, artifactId)),
      command: (now) => ({ type: 'UpdateArtifact' as const, data: { artifactId, changes, now } }),
    });
    return { artifactId, position: r.position };
  }

  async delete(c: Caller, artifactId: string, key: string | null): Promise<ArtifactWritten> {
    const r = await this.runner.run({
      ...this.target(c, ARTIFACT_PERMISSIONS.delete, artifactStream(c.scope.workspaceId, key, artifactId)),
      command: (now) => ({ type: 'DeleteArtifact' as const, data: { artifactId, now } }),
    });
    return { artifactId, position: r.position };
  }
}
