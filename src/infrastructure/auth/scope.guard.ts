import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AUTHORIZER, type Authorizer, type Principal } from '../../shared/application';
import { NotFoundError } from '../../shared/errors';
import { REQUIRED_SCOPE, type WorkspaceScope } from '../http/workspace-scope';
import { IS_PUBLIC } from './public.decorator';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Resolves the account/workspace of a workspace route and asks the authorizer for the route's
 * declared scope: no access → 404, access without the scope → 403. Fails closed when a workspace
 * route declares no scope.
 */
@Injectable()
export class ScopeGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTHORIZER) private readonly authorizer: Authorizer,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<FastifyRequest & { user?: Principal; workspaceScope?: WorkspaceScope }>();
    const params = (req.params ?? {}) as Record<string, string | undefined>;
    if (params.accountId === undefined || params.workspaceId === undefined) return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const required = this.reflector.getAllAndOverride<string | undefined>(REQUIRED_SCOPE, [context.getHandler(), context.getClass()]);
    if (!required) throw new Error(`route ${req.routeOptions?.url} declares no required scope`);
    if (!UUID.test(params.accountId) || !UUID.test(params.workspaceId)) throw new NotFoundError('Workspace not found');
    const scope: WorkspaceScope = { kind: 'workspace', accountId: params.accountId.toLowerCase(), workspaceId: params.workspaceId.toLowerCase() };
    await this.authorizer.authorize(req.user!, required, scope);
    req.workspaceScope = scope;
    return true;
  }
}
