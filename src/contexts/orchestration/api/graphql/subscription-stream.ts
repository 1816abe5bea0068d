import type { GraphqlConnection } from '../../../../infrastructure/graphql/graphql-context';
import type { LiveAccessGate } from '../../../../infrastructure/graphql/live-access';
import type { LiveFeed, LiveSubscription } from '../../../../infrastructure/graphql/live-feed';
import type { Principal } from '../../../../shared/application';
import type { RecordedEvent } from '../../../../shared/ddd';
import { NotFoundError, UnauthenticatedError } from '../../../../shared/errors';
import type { TenantScope } from '../../application/orchestration-reads';
import { removesFromAccount, revokesCredential } from './subscription-access';

/** The graphql-ws connection of a subscription: a revoked credential closes the socket with 4403. */
export type LiveConnection = GraphqlConnection;

/** Yielded instead of a payload to end the subscription with an error (the field's resolver throws it). */
export class SubscriptionEnded {
  constructor(readonly error: Error) {}
}

/** The subscription field's resolver: the payload, or the error that ends the subscription. */
export function payloadOrEnd<T>(payload: T | SubscriptionEnded): T {
  if (payload instanceof SubscriptionEnded) throw payload.error;
  return payload;
}

export interface Subscriber {
  readonly principal: Principal;
  readonly permission: string;
  readonly scope: TenantScope;
  readonly connection?: LiveConnection;
}

export const WS_CLOSE_FORBIDDEN = 4403;

/**
 * Checks, before a delivery, that the subscriber still has access; returns the error that ends the
 * subscription, or undefined.
 */
export async function refusal(gate: LiveAccessGate, s: Subscriber): Promise<Error | undefined> {
  if (s.connection && !authenticatedRecently(s)) {
    const again = await s.connection.authenticate();
    if (!again) return credentialRevoked(s);
    authenticatedAt.set(s, performance.now());
  }
  try {
    await gate.check(s.principal, s.permission, workspace(s));
    return undefined;
  } catch (err) {
    return err as Error;
  }
}

/** When each subscriber's connection token was last authenticated again (at most once a second, as the gate's cache). */
const authenticatedAt = new WeakMap<Subscriber, number>();
const authenticatedRecently = (s: Subscriber) => performance.now() - (authenticatedAt.get(s) ?? -Infinity) < 1000;

function credentialRevoked(s: Subscriber): Error {
  s.connection?.close(WS_CLOSE_FORBIDDEN, 'Forbidden: credential revoked');
  return new UnauthenticatedError('The credential of this subscription was revoked');
}

/**
 * The payloads `select` makes of the workspace's feed events after `after`, each one delivered only after an
 * access check; ends (with SubscriptionEnded) the moment access is lost, and never delivers anything after.
 */
export function liveEvents<T>(
  feed: LiveFeed,
  gate: LiveAccessGate,
  s: Subscriber,
  after: number | undefined,
  wanted: (event: RecordedEvent) => boolean,
  select: (event: RecordedEvent) => T | undefined | Promise<T | undefined>,
): AsyncIterableIterator<T | SubscriptionEnded> {
  // Checked as batches arrive, so the subscriber wakes only for its own events and the ones that end it.
  const accept = (e: RecordedEvent) => (inScope(e, s.scope) && wanted(e)) || revokesCredential(e, s.principal) || removesFromAccount(e, s.principal, s.scope.accountId);
  const source = feed.subscribe(after, accept);
  return closable(deliveries(source, gate, s, select), () => source.close());
}

function inScope(event: RecordedEvent, scope: TenantScope): boolean {
  const meta = event.metadata as { accountId?: unknown; workspaceId?: unknown } | null;
  return meta?.workspaceId === scope.workspaceId && meta?.accountId === scope.accountId;
}

const workspace = (s: Subscriber) => ({ kind: 'workspace' as const, accountId: s.scope.accountId, workspaceId: s.scope.workspaceId });

/**
 * An async generator whose `return()` takes effect at once: a generator waiting for its source only sees a
 * `return()` once the source yields, so `stop` first ends the source (a quiet feed must not keep a closed
 * subscription alive).
 */
export function closable<T>(gen: AsyncGenerator<T>, stop: () => void): AsyncIterableIterator<T> {
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: () => gen.next(),
    return: (value?: unknown) => {
      stop();
      return gen.return(value as T);
    },
    throw: (err?: unknown) => {
      stop();
      return gen.throw(err);
    },
  };
}

async function* deliveries<T>(
  source: LiveSubscription,
  gate: LiveAccessGate,
  s: Subscriber,
  select: (event: RecordedEvent) => T | undefined | Promise<T | undefined>,
): AsyncGenerator<T | SubscriptionEnded> {
  try {
    for (;;) {
      let next: IteratorResult<readonly RecordedEvent[]>;
      try {
        next = await source.next();
      } catch (err) {
        yield new SubscriptionEnded(err as Error);
        return;
      }
      if (next.done) return;
      for (const event of next.value) {
        if (revokesCredential(event, s.principal)) {
          yield new SubscriptionEnded(credentialRevoked(s));
          return;
        }
        if (removesFromAccount(event, s.principal, s.scope.accountId)) {
          yield new SubscriptionEnded(new NotFoundError('Workspace not found'));
          return;
        }
        if (!inScope(event, s.scope)) continue;
        const selected = select(event);
        const payload = selected instanceof Promise ? await selected : selected;
        if (payload === undefined) continue;
        // The fast path (a fresh cached decision) does not wait.
        if ((s.connection && !authenticatedRecently(s)) || !gate.allowedNow(s.principal, s.permission, workspace(s))) {
          const refused = await refusal(gate, s);
          if (refused) {
            yield new SubscriptionEnded(refused);
            return;
          }
        }
        yield payload;
      }
    }
  } finally {
    source.close();
  }
}
