import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

const BODY_TEXT = Symbol('praetor.bodyText');

/** The server's JSON parser keeps the body's text beside the parsed body (see server.ts). */
export function keepBodyText(request: FastifyRequest, text: string): void {
  (request as unknown as Record<symbol, unknown>)[BODY_TEXT] = text;
}

/**
 * The JSON body's text as the client wrote it, e.g. to hash numbers exactly as written (`10.0` is
 * not `10` to Python, but JSON.parse forgets the difference). Undefined for a request without one.
 */
export function bodyText(request: FastifyRequest): string | undefined {
  const text = (request as unknown as Record<symbol, unknown>)[BODY_TEXT];
  return typeof text === 'string' ? text : undefined;
}

/**
 * The request body exactly as parsed, nulls included. The global pipe drops null keys ("null means
 * the default", prefect-api.md §1.9), but sometimes null *is* the value (a variable's `"value": null`)
 * and in a PATCH a key sent as null differs from a key left out (Prefect's `exclude_unset`).
 */
export const RawJsonBody = createParamDecorator((_: unknown, ctx: ExecutionContext): unknown => ctx.switchToHttp().getRequest<FastifyRequest>().body);
