import type { Principal, RequestContext } from '../../../shared/application';
import type { WorkspaceScope } from '../../../infrastructure/http/workspace-scope';

/** Who asks, from where, in which workspace: what every orchestration use case needs. */
export interface Caller {
  readonly principal: Principal;
  readonly request: RequestContext;
  readonly scope: WorkspaceScope;
  /** The revision the caller last saw of the stream it changes (GraphQL's expectedVersion): a stale one is a CONFLICT, checked atomically with the append. */
  readonly expectedRevision?: number;
}

/** The expected-revision part of a command run, when the caller gave one. */
export const expectedRevisionOf = (c: Caller): { expectedRevision?: number } => (c.expectedRevision === undefined ? {} : { expectedRevision: c.expectedRevision });

export const callerOf = (principal: Principal, request: RequestContext, scope: WorkspaceScope): Caller => ({ principal, request, scope });
