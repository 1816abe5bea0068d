import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../shared/application';
import { UnauthenticatedError } from '../../shared/errors';

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<FastifyRequest & { user?: Principal }>().user;
  if (!principal) throw new UnauthenticatedError();
  return principal;
});
