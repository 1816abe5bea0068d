import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdentityAccessResolvers } from './api/graphql/identity-access.resolvers';
import { ServiceAccountsModule } from './service-accounts.module';
import { WorkspaceRolesModule } from './workspace-roles.module';

/** identity-access's GraphQL resolvers (through the same use cases as REST). UserUseCases comes from the global SessionsModule. */
@Module({
  imports: [CqrsModule, ServiceAccountsModule, WorkspaceRolesModule],
  providers: [IdentityAccessResolvers],
})
export class IdentityAccessGraphqlModule {}
