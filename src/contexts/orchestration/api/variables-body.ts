import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * The request body exactly as parsed, nulls included. The global pipe drops null keys ("null means
 * the default", prefect-api.md §1.9), but for a variable `"value": null` *is* the value, and in a
 * PATCH a key sent as null differs from a key left out (Prefect's `exclude_unset`).
 */
export const RawJsonBody = createParamDecorator((_: unknown, ctx: ExecutionContext): unknown => ctx.switchToHttp().getRequest<FastifyRequest>().body);
