import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TenancyGraphqlModule } from './tenancy-graphql.module';
import { AUTHORIZER } from '../../shared/application';
import { AddServiceAccountMemberHandler, BotAccessController, RemoveServiceAccountAccessHandler } from './api/bot-access.controller';
import { AccountController } from './api/account.controller';
import { AccountMembershipsController } from './api/account-memberships.controller';
import { MeController } from './api/me.controller';
import { UserAccessController } from './api/user-access.controller';
import { AccountMembershipReactor } from './application/account-memberships/account-membership.reactor';
import { AccountMembershipUseCases } from './application/account-memberships/account-memberships.use-cases';
import { AccountUseCases } from './application/accounts/account.use-cases';
import { MembershipAuthorizer } from './application/authorization/membership-authorizer';
import { CreateAccountHandler } from './application/create-account/create-account.handler';
import { CreateWorkspaceHandler } from './application/create-workspace/create-workspace.handler';
import { MeQueries } from './application/queries/me.queries';
import { WorkspaceAccessUseCases } from './application/workspace-access/workspace-access.use-cases';
import { InvitationsModule } from './invitations.module';
import { WorkspacesModule } from './workspaces.module';
import { SsoAccountModule } from './sso-account.module';

@Global()
@Module({
  imports: [CqrsModule, TenancyGraphqlModule, InvitationsModule, WorkspacesModule, SsoAccountModule],
  controllers: [MeController, UserAccessController, BotAccessController, AccountController, AccountMembershipsController],
  providers: [AccountUseCases, AccountMembershipUseCases, AccountMembershipReactor, AddServiceAccountMemberHandler, RemoveServiceAccountAccessHandler, CreateAccountHandler, CreateWorkspaceHandler, MeQueries, WorkspaceAccessUseCases, { provide: AUTHORIZER, useClass: MembershipAuthorizer }],
  exports: [AUTHORIZER, AccountUseCases, AccountMembershipUseCases, MeQueries, WorkspaceAccessUseCases],
})
export class TenancyModule {}
