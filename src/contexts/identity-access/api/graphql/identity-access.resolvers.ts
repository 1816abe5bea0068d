import { Injectable, type OnModuleInit } from '@nestjs/common';
import { GraphqlRegistry } from '../../../../infrastructure/graphql/graphql.registry';

/** GraphQL queries and mutations of identity-access (SDL: schema/identity-access.graphql), registered with the GraphqlRegistry. */
@Injectable()
export class IdentityAccessResolvers implements OnModuleInit {
  constructor(private readonly registry: GraphqlRegistry) {}

  onModuleInit(): void {
    this.registry.register({});
  }
}
