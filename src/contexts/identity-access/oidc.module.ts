import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { OidcConnectionController, OidcSignInController } from './api/oidc.controller';
import { OidcConnectionUseCases } from './application/oidc/oidc-connections.use-cases';
import { OidcLoginTransactions } from './application/oidc/oidc-login-transactions';
import { OidcSignInService } from './application/oidc/oidc-sign-in.service';
import { SsoModule } from './sso.module';

/** oidc: an account's OIDC connection and the sign-in through it. Imported by IdentityAccessModule. */
@Module({
  imports: [CqrsModule, SsoModule],
  controllers: [OidcConnectionController, OidcSignInController],
  providers: [OidcConnectionUseCases, OidcLoginTransactions, OidcSignInService],
})
export class OidcModule {}
