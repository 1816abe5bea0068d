import type { Principal, Scope } from '../../shared/application';
import type { RecordedEvent } from '../../shared/ddd';
import { UnauthenticatedError } from '../../shared/errors';
import type { GraphqlConnection } from './graphql-context';
import type { LiveAccessGate } from './live-access';
import type { LiveFeed, LiveSubscription } from './live-feed';

/** Yielded instead of a payload to end the subscription with an error (the field's resolver throws it). */
export class SubscriptionEnded {
  constructor(readonly error: Error) {}
}

/** The subscription field's resolver: the payload, or the error that ends the subscription. */
export function payloadOrEnd<T>(payload: T | SubscriptionEnded): T {
  if (payload instanceof SubscriptionEnded) throw payload.error;
  return payload;
}

export const WS_CLOSE_FORBIDDEN = 4403;

/** Who subscribed, with which credential, and the permission every delivery needs. */
export interface LiveSubscriber {
  readonly principal: Principal;
  readonly permission: string;
  /** The graphql-ws connection: a revoked credential closes the socket with 4403. */
  readonly connection?: GraphqlConnection;
}

/**
 * Checks, before a delivery, that the subscriber still holds its permission in `scope` (and, over graphql-ws,
 * that its credential still authenticates); returns the error that ends the subscription, or undefined.
 */
export async function refusal(gate: LiveAccessGate, s: LiveSubscriber, scope: Scope): Promise<Error | undefined> {
  if (s.connection && !authenticatedRecently(s)) {
    const again = await s.connection.authenticate();
    if (!again) return credentialRevoked(s);
    authenticatedAt.set(s, performance.now());
  }
  try {
    await gate.check(s.principal, s.permission, scope);
    return undefined;
  } catch (err) {
    return err as Error;
  }
}

/** When each subscriber's connection token was last authenticated again (at most once a second, as the gate's cache). */
const authenticatedAt = new WeakMap<LiveSubscriber, number>();
const authenticatedRecently = (s: LiveSubscriber) => performance.now() - (authenticatedAt.get(s) ?? -Infinity) < 1000;

/** Closes the subscriber's socket with 4403 and answers the error that ends its subscription. */
export function credentialRevoked(s: LiveSubscriber): Error {
  s.connection?.close(WS_CLOSE_FORBIDDEN, 'Forbidden: credential revoked');
  return new UnauthenticatedError('The credential of this subscription was revoked');
}

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

/** What one subscription takes from the feed, and which events end it. */
export interface LiveStreamSpec<T> {
  /** Where `permission` must hold before each delivery. */
  readonly scope: Scope;
  /** The events this subscription may deliver (synchronous and cheap: runs as batches arrive). */
  readonly wanted: (event: RecordedEvent) => boolean;
  /** The payload of a wanted event, or undefined to skip it. */
  readonly select: (event: RecordedEvent) => T | undefined | Promise<T | undefined>;
  /** Whether the event revoked the subscriber's credential: the socket closes with 4403 (cheap). */
  readonly revokesCredential: (event: RecordedEvent) => boolean;
  /** The error when the event itself ends the subscriber's access for good (e.g. removed from the account), else undefined (cheap). */
  readonly endsAccess?: (event: RecordedEvent) => Error | undefined;
}

/**
 * The payloads of the feed's events after `after` (a feed position; undefined: from now on), each delivered only
 * after an access check; ends (with SubscriptionEnded) the moment access is lost, and never delivers anything after.
 */
export function liveStream<T>(feed: LiveFeed, gate: LiveAccessGate, s: LiveSubscriber, after: number | undefined, spec: LiveStreamSpec<T>): AsyncIterableIterator<T | SubscriptionEnded> {
  // Checked as batches arrive, so the subscriber wakes only for its own events and the ones that end it.
  const accept = (e: RecordedEvent) => spec.wanted(e) || spec.revokesCredential(e) || spec.endsAccess?.(e) !== undefined;
  const source = feed.subscribe(after, accept);
  return closable(deliveries(source, gate, s, spec), () => source.close());
}

async function* deliveries<T>(source: LiveSubscription, gate: LiveAccessGate, s: LiveSubscriber, spec: LiveStreamSpec<T>): AsyncGenerator<T | SubscriptionEnded> {
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
        if (spec.revokesCredential(event)) {
          yield new SubscriptionEnded(credentialRevoked(s));
          return;
        }
        const ended = spec.endsAccess?.(event);
        if (ended) {
          yield new SubscriptionEnded(ended);
          return;
        }
        if (!spec.wanted(event)) continue;
        const selected = spec.select(event);
        const payload = selected instanceof Promise ? await selected : selected;
        if (payload === undefined) continue;
        // The fast path (a fresh cached decision) does not wait.
        if ((s.connection && !authenticatedRecently(s)) || !gate.allowedNow(s.principal, s.permission, spec.scope)) {
          const refused = await refusal(gate, s, spec.scope);
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
