import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../../shared/application';

function header(req: FastifyRequest, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : null;
}

export function requestContextOf(req: FastifyRequest): RequestContext {
  return {
    requestId: String(req.id),
    correlationId: header(req, 'x-correlation-id') ?? String(req.id),
    causationId: header(req, 'x-causation-id'),
    clientIp: req.ip ?? null,
    userAgent: header(req, 'user-agent'),
  };
}

/** What the request knows about itself, for event metadata. */
export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext => requestContextOf(ctx.switchToHttp().getRequest<FastifyRequest>()));
