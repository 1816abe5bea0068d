import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AUTHORIZER, type Authorizer, type Principal } from '../../shared/application';
import { NotFoundError } from '../../shared/errors';
import { REQUIRED_ACCOUNT_PERMISSION } from '../http/account-scope';
import { IS_PUBLIC } from './public.decorator';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * For account routes (an `:accountId` and no `:workspaceId`): asks the authorizer for the route's
 * declared account permission. Fails closed when an account route declares none. Workspace routes
 * are the scope guard's.
 */
@Injectable()
export class AccountPermissionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTHORIZER) private readonly authorizer: Authorizer,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<FastifyRequest & { user?: Principal }>();
    const params = (req.params ?? {}) as Record<string, string | undefined>;
    if (params.accountId === undefined || params.workspaceId !== undefined) return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const required = this.reflector.getAllAndOverride<string | undefined>(REQUIRED_ACCOUNT_PERMISSION, [context.getHandler(), context.getClass()]);
    if (!required) throw new Error(`account route ${req.routeOptions?.url} declares no required account permission`);
    if (!UUID.test(params.accountId)) throw new NotFoundError('Account not found');
    await this.authorizer.authorize(req.user!, required, { kind: 'account', accountId: params.accountId.toLowerCase() });
    return true;
  }
}
