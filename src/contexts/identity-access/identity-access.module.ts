import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdentityAccessGraphqlModule } from './identity-access-graphql.module';
import { API_KEY_AUTHENTICATOR } from '../../shared/application';
import { ReadModelApiKeyAuthenticator } from './application/authenticate-api-key/api-key-authenticator';
import { CreateUserApiKeyHandler } from './application/create-api-key/create-api-key.handler';
import { RegisterUserHandler } from './application/register-user/register-user.handler';
import { ServiceAccountsModule } from './service-accounts.module';
import { WorkspaceRolesModule } from './workspace-roles.module';
import { SessionsModule } from './sessions.module';
import { SsoModule } from './sso.module';
import { OidcModule } from './oidc.module';
import { SamlModule } from './saml.module';

@Global()
@Module({
  imports: [CqrsModule, IdentityAccessGraphqlModule, ServiceAccountsModule, WorkspaceRolesModule, SessionsModule, SsoModule, OidcModule, SamlModule],
  providers: [RegisterUserHandler, CreateUserApiKeyHandler, { provide: API_KEY_AUTHENTICATOR, useClass: ReadModelApiKeyAuthenticator }],
  exports: [API_KEY_AUTHENTICATOR],
})
export class IdentityAccessModule {}
