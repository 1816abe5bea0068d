import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import type { ExecutionResult } from 'graphql';
import type { Principal, RequestContext } from '../../shared/application';
import { ValidationError } from '../../shared/errors';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Ctx } from '../http/request-context.decorator';
import { createGraphqlContext } from './graphql-context';
import { GraphqlExecutor, type GraphqlRequest } from './graphql-executor';

function request(raw: unknown): GraphqlRequest {
  const body = (raw ?? {}) as Record<string, unknown>;
  if (typeof body !== 'object' || Array.isArray(body)) throw new ValidationError('the body must be a JSON object');
  if (typeof body.query !== 'string' || body.query.trim() === '') throw new ValidationError('query is required and must be a string');
  if (body.variables !== undefined && body.variables !== null && (typeof body.variables !== 'object' || Array.isArray(body.variables))) throw new ValidationError('variables must be an object');
  if (body.operationName !== undefined && body.operationName !== null && typeof body.operationName !== 'string') throw new ValidationError('operationName must be a string');
  return { query: body.query, variables: (body.variables ?? null) as Record<string, unknown> | null, operationName: (body.operationName ?? null) as string | null };
}

/**
 * GraphQL queries and mutations over HTTP (`POST /graphql`, JSON), authenticated like every route (API key or
 * session access token). Errors come in `errors[].extensions.code` with the status 200, as GraphQL over HTTP does;
 * a body that is not a GraphQL request is a 422.
 */
@Controller('graphql')
export class GraphqlController {
  constructor(private readonly executor: GraphqlExecutor) {}

  @Post()
  @HttpCode(200)
  run(@CurrentPrincipal() principal: Principal, @Ctx() ctx: RequestContext, @Body() raw: unknown): Promise<ExecutionResult> {
    return this.executor.execute(request(raw), createGraphqlContext(principal, ctx));
  }
}
