import { Global, Module } from '@nestjs/common';
import { GraphqlController } from './graphql.controller';
import { GraphqlExecutor } from './graphql-executor';
import { GraphqlRegistry } from './graphql.registry';
import { GraphqlWsEndpoint } from './graphql-ws.endpoint';
import { ViewerResolvers } from './viewer.resolvers';

/**
 * The GraphQL API for UIs: `POST /graphql` and graphql-ws at `/graphql`. Contexts register their resolvers with
 * GraphqlRegistry; their SDL lives in `schema/`.
 */
@Global()
@Module({
  controllers: [GraphqlController],
  providers: [GraphqlRegistry, GraphqlExecutor, GraphqlWsEndpoint, ViewerResolvers],
  exports: [GraphqlRegistry],
})
export class GraphqlModule {}
