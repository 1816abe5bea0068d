import { Inject, Injectable } from '@nestjs/common';
import type { Document } from '../../shared/ddd';
import { NotFoundError } from '../../shared/errors';
import { ProjectionRunner } from '../projections/projection-runner';
import { READ_STORE, type ReadStore } from './read-store.port';
import { ScopedReadStore } from './scoped-read-store';

export interface WorkspaceTenant {
  readonly accountId: string;
  readonly workspaceId: string;
}

/**
 * Reads for workspace routes: always through a ScopedReadStore, so a document of another
 * workspace reads as absent (404), and with read-your-writes after a command.
 */
@Injectable()
export class WorkspaceReads {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly projections: ProjectionRunner,
  ) {}

  scoped(scope: WorkspaceTenant): ScopedReadStore {
    return new ScopedReadStore(this.readStore, { accountId: scope.accountId, workspaceId: scope.workspaceId });
  }

  /** Waits until the read models include the write at `position` (nothing to wait for when undefined). */
  async afterWrite(position: number | undefined): Promise<void> {
    if (position !== undefined) await this.projections.wait(position);
  }

  async getOrThrow<D extends Document>(scope: WorkspaceTenant, collection: string, id: string, message: string): Promise<D> {
    const doc = await this.scoped(scope).get<D>(collection, id);
    if (!doc) throw new NotFoundError(message);
    return doc;
  }
}
