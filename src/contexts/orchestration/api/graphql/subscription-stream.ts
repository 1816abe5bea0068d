import type { GraphqlConnection } from '../../../../infrastructure/graphql/graphql-context';
import { removesFromAccount, revokesCredential, type LiveAccessGate } from '../../../../infrastructure/graphql/live-access';
import type { LiveFeed } from '../../../../infrastructure/graphql/live-feed';
import { liveStream, refusal as refusalIn, type LiveSubscriber, type SubscriptionEnded } from '../../../../infrastructure/graphql/live-stream';
import type { RecordedEvent } from '../../../../shared/ddd';
import { NotFoundError } from '../../../../shared/errors';
import type { TenantScope } from '../../application/orchestration-reads';

export { closable, payloadOrEnd, SubscriptionEnded, WS_CLOSE_FORBIDDEN } from '../../../../infrastructure/graphql/live-stream';

/** The graphql-ws connection of a subscription: a revoked credential closes the socket with 4403. */
export type LiveConnection = GraphqlConnection;

/** A subscriber of one workspace's events. */
export interface Subscriber extends LiveSubscriber {
  readonly scope: TenantScope;
}

const workspace = (s: Subscriber) => ({ kind: 'workspace' as const, accountId: s.scope.accountId, workspaceId: s.scope.workspaceId });

/**
 * Checks, before a delivery, that the subscriber still has access to its workspace; returns the error that ends the
 * subscription, or undefined.
 */
export function refusal(gate: LiveAccessGate, s: Subscriber): Promise<Error | undefined> {
  return refusalIn(gate, s, workspace(s));
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
  return liveStream(feed, gate, s, after, {
    scope: workspace(s),
    wanted: (e) => inScope(e, s.scope) && wanted(e),
    select,
    revokesCredential: (e) => revokesCredential(e, s.principal),
    endsAccess: (e) => (removesFromAccount(e, s.principal, s.scope.accountId) ? new NotFoundError('Workspace not found') : undefined),
  });
}

function inScope(event: RecordedEvent, scope: TenantScope): boolean {
  const meta = event.metadata as { accountId?: unknown; workspaceId?: unknown } | null;
  return meta?.workspaceId === scope.workspaceId && meta?.accountId === scope.accountId;
}
