import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { toHttpError } from './error-mapping';

/** Every error leaves through here: one mapping, logged once, never a crash. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const mapped = toHttpError(exception, request?.body);
    if (mapped.status >= 500) this.logger.error({ err: exception, url: request?.url, reqId: request?.id }, 'request failed');
    if (reply.sent) return;
    for (const [k, v] of Object.entries(mapped.headers ?? {})) reply.header(k, v);
    void reply.status(mapped.status).send(mapped.body);
  }
}
