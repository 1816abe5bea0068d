import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { makeHandler } from 'graphql-ws/use/@fastify/websocket';
import { API_KEY_AUTHENTICATOR, type ApiKeyAuthenticator, type Principal } from '../../shared/application';
import { requestContextOf } from '../http/request-context.decorator';
import { createGraphqlContext } from './graphql-context';
import { GraphqlExecutor } from './graphql-executor';

/** The graphql-ws subprotocol (graphql-transport-ws); websockets.ts accepts it. */
export const GRAPHQL_WS_PATH = '/graphql';

function bearer(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(value.trim());
  return m ? m[1] : undefined;
}

/**
 * Subscriptions (and queries) over the graphql-ws protocol at `/graphql`. The connection authenticates once, in
 * `connection_init` (`{"authorization": "Bearer <API key or access token>"}`, or the upgrade request's
 * Authorization header); a refused connection is closed with 4403. Each subscription is authorized when it
 * starts (the schema's directives) and again for every event by its source.
 */
@Injectable()
export class GraphqlWsEndpoint implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly executor: GraphqlExecutor,
    @Inject(API_KEY_AUTHENTICATOR) private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    if (!fastify.websocketServer) throw new Error('websockets are not set up: call registerWebsocketSupport(app) before app.init()');
    type Extra = { principal?: Principal; token?: string };
    const handler = makeHandler<Record<string, unknown>, Extra>({
      schema: () => this.executor.schema,
      onConnect: async (ctx) => {
        const token = bearer(ctx.connectionParams?.authorization) ?? bearer(ctx.extra.request.headers.authorization);
        const principal = token ? await this.authenticator.authenticate(token) : undefined;
        if (!principal) return false;
        (ctx.extra as Extra).principal = principal;
        (ctx.extra as Extra).token = token;
        return true;
      },
      onSubscribe: (ctx, _id, payload) => {
        const { principal, token } = ctx.extra as Required<Extra>;
        const connection = { authenticate: () => this.authenticator.authenticate(token), close: (code: number, reason: string) => ctx.extra.socket.close(code, reason) };
        const context = createGraphqlContext(principal, requestContextOf(ctx.extra.request as FastifyRequest), connection);
        const prepared = this.executor.prepare({ query: payload.query, variables: payload.variables ?? null, operationName: payload.operationName ?? null });
        if (!prepared.ok) return prepared.errors.map((e) => this.executor.format(e, context)) as never;
        return { schema: this.executor.schema, document: prepared.document, operationName: payload.operationName ?? undefined, variableValues: payload.variables ?? undefined, contextValue: context };
      },
      onNext: (ctx, _id, _payload, args, result) => {
        if (!('errors' in result) || !result.errors) return result;
        const context = args.contextValue as ReturnType<typeof createGraphqlContext>;
        return { ...result, errors: result.errors.map((e) => this.executor.format(e as never, context)) } as never;
      },
    });
    // graphql-ws's handler replaces the websocket server's subprotocol chooser on every connection (with one that
    // knows only its own protocol), which would stop Prefect clients from getting `prefect` on /events/in. Ours
    // (websockets.ts) already accepts graphql-ws's protocol: put it back once each GraphQL socket is open.
    const wss = fastify.websocketServer as { options: { handleProtocols?: unknown } };
    const ours = wss.options.handleProtocols;
    fastify.route({
      method: 'GET',
      url: GRAPHQL_WS_PATH,
      websocket: true,
      handler: function (this: FastifyInstance, socket: unknown, req: FastifyRequest) {
        try {
          return (handler as unknown as (this: FastifyInstance, s: unknown, r: FastifyRequest) => unknown).call(this, socket, req);
        } finally {
          wss.options.handleProtocols = ours;
        }
      } as never,
    });
  }
}
