import DataLoader from 'dataloader';
import type { Principal, RequestContext } from '../../shared/application';

/** What every resolver gets as its context: who calls, the request's ids, and per-operation DataLoaders. */
export interface GraphqlContext {
  readonly principal: Principal;
  readonly request: RequestContext;
  /**
   * The operation's DataLoader for `key` (created on first use with `batch`), so the reads of one operation are
   * batched and cached per operation: no N+1 queries. `batch` answers one value (or Error) per key, in key order.
   */
  loader<K, V>(key: string, batch: (keys: readonly K[]) => Promise<ReadonlyArray<V | Error>>): DataLoader<K, V>;
}

export function createGraphqlContext(principal: Principal, request: RequestContext): GraphqlContext {
  const loaders = new Map<string, DataLoader<unknown, unknown>>();
  return {
    principal,
    request,
    loader<K, V>(key: string, batch: (keys: readonly K[]) => Promise<ReadonlyArray<V | Error>>): DataLoader<K, V> {
      let l = loaders.get(key);
      if (!l) {
        l = new DataLoader<unknown, unknown>((keys) => batch(keys as readonly K[]));
        loaders.set(key, l);
      }
      return l as DataLoader<K, V>;
    },
  };
}
