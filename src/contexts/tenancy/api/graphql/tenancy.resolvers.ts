import { Injectable, type OnModuleInit } from '@nestjs/common';
import { GraphqlRegistry } from '../../../../infrastructure/graphql/graphql.registry';

/** GraphQL queries and mutations of tenancy (SDL: schema/tenancy.graphql), registered with the GraphqlRegistry. */
@Injectable()
export class TenancyResolvers implements OnModuleInit {
  constructor(private readonly registry: GraphqlRegistry) {}

  onModuleInit(): void {
    this.registry.register({});
  }
}
