import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdentityAccessResolvers } from './api/graphql/identity-access.resolvers';

/** identity-access's GraphQL resolvers (through the same use cases as REST). */
@Module({
  imports: [CqrsModule],
  providers: [IdentityAccessResolvers],
})
export class IdentityAccessGraphqlModule {}
