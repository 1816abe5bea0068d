import { Injectable, type OnModuleInit } from '@nestjs/common';
import { GraphqlRegistry } from '../../../../infrastructure/graphql/graphql.registry';

/** GraphQL queries of orchestration (SDL: schema/orchestration*.graphql), registered with the GraphqlRegistry. */
@Injectable()
export class OrchestrationQueryResolvers implements OnModuleInit {
  constructor(private readonly registry: GraphqlRegistry) {}

  onModuleInit(): void {
    this.registry.register({});
  }
}
