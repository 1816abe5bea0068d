import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { SamlAuthController, SamlConnectionController } from './api/saml.controller';
import { SamlConnectionUseCases } from './application/saml/saml-connections.use-cases';
import { SamlSignIn } from './application/saml/saml-sign-in';
import { SsoModule } from './sso.module';

/**
 * saml: an account's SAML 2.0 connection and the SP endpoints (metadata, login, ACS). Uses node-saml's
 * `SAML` class directly rather than passport-saml's strategy (a thin passport wrapper around it): the
 * routes are public and end in SsoSignIn, not in a passport session. Imported by IdentityAccessModule.
 */
@Module({
  imports: [CqrsModule, SsoModule],
  controllers: [SamlConnectionController, SamlAuthController],
  providers: [SamlConnectionUseCases, SamlSignIn],
})
export class SamlModule {}
