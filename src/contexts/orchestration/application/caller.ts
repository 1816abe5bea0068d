import type { Principal, RequestContext } from '../../../shared/application';
import type { WorkspaceScope } from '../../../infrastructure/http/workspace-scope';

/** Who asks, from where, in which workspace: what every orchestration use case needs. */
export interface Caller {
  readonly principal: Principal;
  readonly request: RequestContext;
  readonly scope: WorkspaceScope;
}

export const callerOf = (principal: Principal, request: RequestContext, scope: WorkspaceScope): Caller => ({ principal, request, scope });
