import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AUTHORIZER } from '../../shared/application';
import { AddServiceAccountMemberHandler, BotAccessController, RemoveServiceAccountAccessHandler } from './api/bot-access.controller';
import { MeController } from './api/me.controller';
import { UserAccessController } from './api/user-access.controller';
import { MembershipAuthorizer } from './application/authorization/membership-authorizer';
import { CreateAccountHandler } from './application/create-account/create-account.handler';
import { CreateWorkspaceHandler } from './application/create-workspace/create-workspace.handler';
import { MeQueries } from './application/queries/me.queries';

@Global()
@Module({
  imports: [CqrsModule],
  controllers: [MeController, UserAccessController, BotAccessController],
  providers: [AddServiceAccountMemberHandler, RemoveServiceAccountAccessHandler, CreateAccountHandler, CreateWorkspaceHandler, MeQueries, { provide: AUTHORIZER, useClass: MembershipAuthorizer }],
  exports: [AUTHORIZER],
})
export class TenancyModule {}
