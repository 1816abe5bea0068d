import { randomUUID } from 'node:crypto';
import { SCHEMA_VERSION, type EventMetadata } from '../ddd';
import type { Principal, Scope } from './principal';

/** What a request knows about itself; the HTTP layer fills it from headers and the socket. */
export interface RequestContext {
  readonly requestId: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly clientIp: string | null;
  readonly userAgent: string | null;
}

export const NO_REQUEST: RequestContext = { requestId: null, correlationId: null, causationId: null, clientIp: null, userAgent: null };

export function eventMetadata(principal: Principal, scope: Scope, request: RequestContext, now: Date): EventMetadata {
  return {
    actor: principal.actor,
    accountId: scope.kind === 'account' || scope.kind === 'workspace' ? scope.accountId : null,
    workspaceId: scope.kind === 'workspace' ? scope.workspaceId : null,
    correlationId: request.correlationId ?? request.requestId ?? randomUUID(),
    causationId: request.causationId,
    requestId: request.requestId,
    clientIp: request.clientIp,
    userAgent: request.userAgent,
    occurredAt: now.toISOString(),
    schemaVersion: SCHEMA_VERSION,
  };
}
