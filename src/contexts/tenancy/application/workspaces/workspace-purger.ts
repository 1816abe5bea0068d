import { Inject, Injectable } from '@nestjs/common';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import { READ_STORE, type ReadStore, type WriteOp } from '../../../../infrastructure/read-store/read-store.port';

const BATCH = 500;

/**
 * Removes every read-model document of a deleted workspace (`_workspace` = its id) from every
 * projected collection. The events stay (audit). Idempotent: a second run finds nothing.
 */
@Injectable()
export class WorkspacePurger {
  constructor(
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async purge(workspaceId: string): Promise<number> {
    let removed = 0;
    for (const collection of this.projections.collections) {
      for (;;) {
        const docs = await this.readStore.find(collection, { _workspace: workspaceId }, { limit: BATCH });
        if (docs.length === 0) break;
        const ops: WriteOp[] = docs.map((d) => ({ kind: 'delete', collection, id: d._id }));
        await this.readStore.writeBatch(ops);
        removed += docs.length;
        if (docs.length < BATCH) break;
      }
    }
    return removed;
  }
}
