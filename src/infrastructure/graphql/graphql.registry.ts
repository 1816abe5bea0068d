import { Injectable } from '@nestjs/common';
import type { GraphQLScalarType } from 'graphql';

/** Resolvers of one context: type name → field name → resolver (or `{subscribe, resolve}` for subscriptions). */
export type ResolverMap = Record<string, Record<string, unknown> | GraphQLScalarType>;

/**
 * Where each context hands over its resolvers (in `onModuleInit`); the schema is built from `schema/*.graphql` and
 * every registered map once all modules are initialised. Nothing here knows a context.
 */
@Injectable()
export class GraphqlRegistry {
  private readonly maps: ResolverMap[] = [];

  register(map: ResolverMap): void {
    this.maps.push(map);
  }

  list(): readonly ResolverMap[] {
    return this.maps;
  }
}
