import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TenancyResolvers } from './api/graphql/tenancy.resolvers';
import { InvitationsModule } from './invitations.module';
import { WorkspacesModule } from './workspaces.module';

/**
 * tenancy's GraphQL resolvers (through the same use cases as REST). MeQueries, AccountUseCases and
 * AccountMembershipUseCases come from the global TenancyModule's exports.
 */
@Module({
  imports: [CqrsModule, InvitationsModule, WorkspacesModule],
  providers: [TenancyResolvers],
})
export class TenancyGraphqlModule {}
