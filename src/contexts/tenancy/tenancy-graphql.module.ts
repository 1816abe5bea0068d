import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TenancyResolvers } from './api/graphql/tenancy.resolvers';

/** tenancy's GraphQL resolvers (through the same use cases as REST). */
@Module({
  imports: [CqrsModule],
  providers: [TenancyResolvers],
})
export class TenancyGraphqlModule {}
