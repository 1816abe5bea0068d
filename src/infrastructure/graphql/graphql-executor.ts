import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { execute, GraphQLError, parse, specifiedRules, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode, type ValidationContext } from 'graphql';
import { AUTHORIZER, type Authorizer } from '../../shared/application';
import type { Logger } from 'pino';
import { LOGGER } from '../observability/logger';
import { buildGraphqlSchema, loadTypeDefs } from './graphql-schema';
import { formatGraphqlError } from './graphql-errors';
import type { GraphqlContext } from './graphql-context';
import { GraphqlRegistry } from './graphql.registry';

/** Deepest selection a document may have, and the most it may cost (graphql-armor: objects 2, scalars 1, ×1.5 per level). */
export const GRAPHQL_LIMITS = { maxDepth: 12, maxCost: 5_000 } as const;

// Report a limit like any validation error instead of throwing out of `validate`.
const reportLimit = { onReject: [(ctx: ValidationContext | null, err: GraphQLError) => ctx?.reportError(err)], propagateOnRejection: false };

export const VALIDATION_RULES = [
  ...specifiedRules,
  maxDepthRule({ n: GRAPHQL_LIMITS.maxDepth, exposeLimits: true, flattenFragments: true, ...reportLimit }),
  costLimitRule({ maxCost: GRAPHQL_LIMITS.maxCost, exposeLimits: true, flattenFragments: true, ...reportLimit }),
];

export interface GraphqlRequest {
  readonly query: string;
  readonly variables?: Record<string, unknown> | null;
  readonly operationName?: string | null;
}

/** A parsed and validated operation, ready to execute or subscribe. */
export type Prepared = { readonly ok: true; readonly document: DocumentNode; readonly operation: OperationDefinitionNode } | { readonly ok: false; readonly errors: readonly GraphQLError[] };

/** Builds the schema once every module has registered its resolvers; parses, validates (with limits) and executes. */
@Injectable()
export class GraphqlExecutor implements OnApplicationBootstrap {
  #schema: GraphQLSchema | undefined;

  constructor(
    private readonly registry: GraphqlRegistry,
    @Inject(AUTHORIZER) private readonly authorizer: Authorizer,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.#schema = buildGraphqlSchema(loadTypeDefs(), this.registry.list(), this.authorizer);
  }

  get schema(): GraphQLSchema {
    if (!this.#schema) throw new Error('the GraphQL schema is built when the application starts');
    return this.#schema;
  }

  prepare(request: GraphqlRequest): Prepared {
    let document: DocumentNode;
    try {
      document = parse(request.query, { maxTokens: 20_000 });
    } catch (err) {
      return { ok: false, errors: [err instanceof GraphQLError ? err : new GraphQLError(String(err))] };
    }
    const errors = validate(this.schema, document, VALIDATION_RULES);
    if (errors.length > 0) return { ok: false, errors };
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
    const operation = request.operationName ? operations.find((o) => o.name?.value === request.operationName) : operations.length === 1 ? operations[0] : undefined;
    if (!operation) return { ok: false, errors: [new GraphQLError(request.operationName ? `Unknown operation named "${request.operationName}"` : 'Must provide operation name if query contains multiple operations')] };
    return { ok: true, document, operation };
  }

  /** Queries and mutations over HTTP (subscriptions need the websocket). */
  async execute(request: GraphqlRequest, context: GraphqlContext): Promise<ExecutionResult> {
    const prepared = this.prepare(request);
    if (!prepared.ok) return { errors: prepared.errors.map((e) => this.format(e, context)) as never };
    if (prepared.operation.operation === 'subscription') return { errors: [this.format(new GraphQLError('Subscriptions are served over the graphql-ws websocket at /graphql'), context)] as never };
    const result = await execute({ schema: this.schema, document: prepared.document, variableValues: request.variables ?? undefined, operationName: request.operationName ?? undefined, contextValue: context });
    return result.errors ? { ...result, errors: result.errors.map((e) => this.format(e, context)) as never } : result;
  }

  format(err: GraphQLError, context: Pick<GraphqlContext, 'request'>) {
    return formatGraphqlError(err, context.request.correlationId ?? context.request.requestId, (e) => this.logger.error({ err: e, requestId: context.request.requestId }, 'GraphQL resolver failed'));
  }
}
