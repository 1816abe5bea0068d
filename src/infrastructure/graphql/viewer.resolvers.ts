import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { QueryResolvers } from './schema-types.generated';
import { GraphqlRegistry } from './graphql.registry';

/** `viewer`: who the caller is (common.graphql). */
@Injectable()
export class ViewerResolvers implements OnModuleInit {
  constructor(private readonly registry: GraphqlRegistry) {}

  onModuleInit(): void {
    const viewer: QueryResolvers['viewer'] = (_parent, _args, ctx) => ({ id: ctx.principal.actor.id, type: ctx.principal.actor.type, name: ctx.principal.actor.name });
    this.registry.register({ Query: { viewer } });
  }
}
