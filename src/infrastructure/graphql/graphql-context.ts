import DataLoader from 'dataloader';
import type { Principal, RequestContext } from '../../shared/application';

/** A graphql-ws connection, as its operations see it: long-lived subscriptions re-check the credential with it. */
export interface GraphqlConnection {
  /** Authenticates the connection's token again: undefined once it is revoked or expired. */
  authenticate(): Promise<Principal | undefined>;
  /** Closes the socket (4403 when the credential is gone). */
  close(code: number, reason: string): void;
}

/** What every resolver gets as its context: who calls, the request's ids, and per-operation DataLoaders. */
export interface GraphqlContext {
  readonly principal: Principal;
  readonly request: RequestContext;
  /** Over graphql-ws only: the connection the operation runs on. */
  readonly connection?: GraphqlConnection;
  /**
   * The operation's DataLoader for `key` (created on first use with `batch`), so the reads of one operation are
   * batched and cached per operation: no N+1 queries. `batch` answers one value (or Error) per key, in key order.
   */
  loader<K, V>(key: string, batch: (keys: readonly K[]) => Promise<ReadonlyArray<V | Error>>): DataLoader<K, V>;
}

export function createGraphqlContext(principal: Principal, request: RequestContext, connection?: GraphqlConnection): GraphqlContext {
  const loaders = new Map<string, DataLoader<unknown, unknown>>();
  return {
    principal,
    request,
    ...(connection ? { connection } : {}),
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
