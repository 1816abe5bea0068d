import type { Document } from '../../shared/ddd';
import type { Filter, FindOptions, ReadStore, Scalar } from './read-store.port';

export interface TenantScope {
  readonly accountId: string;
  /** When set, only documents of this workspace are visible. */
  readonly workspaceId?: string;
}

/**
 * A read-only view of the read store that sees only one account (and workspace). Queries get the
 * scope added by this layer, so a handler cannot forget it; a document outside the scope reads as absent.
 */
export class ScopedReadStore {
  constructor(
    private readonly inner: ReadStore,
    readonly scope: TenantScope,
  ) {}

  private scoped(filter?: Filter): Filter {
    const own: Filter = this.scope.workspaceId === undefined ? { _account: this.scope.accountId } : { _account: this.scope.accountId, _workspace: this.scope.workspaceId };
    return filter ? { $and: [own, filter] } : own;
  }

  private inScope(doc: Document | undefined): boolean {
    if (!doc || doc._account !== this.scope.accountId) return false;
    return this.scope.workspaceId === undefined || doc._workspace === this.scope.workspaceId;
  }

  async get<D extends Document>(collection: string, id: string): Promise<D | undefined> {
    const doc = await this.inner.get<D>(collection, id);
    return this.inScope(doc) ? doc : undefined;
  }

  async getMany<D extends Document>(collection: string, ids: readonly string[]): Promise<D[]> {
    return (await this.inner.getMany<D>(collection, ids)).filter((d) => this.inScope(d));
  }

  find<D extends Document>(collection: string, filter?: Filter, options?: FindOptions): Promise<D[]> {
    return this.inner.find<D>(collection, this.scoped(filter), options);
  }

  count(collection: string, filter?: Filter): Promise<number> {
    return this.inner.count(collection, this.scoped(filter));
  }

  countBy(collection: string, field: string, filter?: Filter): Promise<{ value: Scalar; count: number }[]> {
    return this.inner.countBy(collection, field, this.scoped(filter));
  }
}
