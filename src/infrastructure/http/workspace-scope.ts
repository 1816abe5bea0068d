import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** Every workspace route hangs off this prefix (Prefect Cloud's layout). */
export const WORKSPACE_PREFIX = 'api/accounts/:accountId/workspaces/:workspaceId';

export interface WorkspaceScope {
  readonly kind: 'workspace';
  readonly accountId: string;
  readonly workspaceId: string;
}

export const REQUIRED_SCOPE = 'praetor:requiredScope';

/**
 * The workspace scope (permission) a route needs, e.g. `see_flows`. The scope guard refuses a
 * workspace route that declares none, so a new route cannot be left open by omission.
 */
export const RequiresScope = (scope: string) => SetMetadata(REQUIRED_SCOPE, scope);

/** The resolved workspace of a request, set by the scope guard after the authorizer allowed it. */
export const Workspace = createParamDecorator((_: unknown, ctx: ExecutionContext): WorkspaceScope => {
  const req = ctx.switchToHttp().getRequest<FastifyRequest & { workspaceScope?: WorkspaceScope }>();
  if (!req.workspaceScope) throw new Error('route is not behind the workspace scope guard');
  return req.workspaceScope;
});
