import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthController } from './api/auth.controller';
import { UsersController } from './api/users.controller';
import { LoginThrottle } from './application/sessions/login-throttle';
import { SESSION_ISSUER } from './application/sessions/session-issuer';
import { SessionService } from './application/sessions/session.service';
import { PasswordHasher } from './application/users/password-hasher';
import { SetInitialPasswordHandler } from './application/users/set-initial-password.handler';
import { UserUseCases } from './application/users/users.use-cases';

/**
 * sessions and user self-service: sign-in, refresh, sign-out, profiles, passwords, user API keys.
 * Global, so SSO sign-in can inject SESSION_ISSUER without importing this module.
 */
@Global()
@Module({
  imports: [CqrsModule],
  controllers: [AuthController, UsersController],
  providers: [PasswordHasher, LoginThrottle, SessionService, UserUseCases, SetInitialPasswordHandler, { provide: SESSION_ISSUER, useExisting: SessionService }],
  exports: [SESSION_ISSUER, SessionService, PasswordHasher, UserUseCases],
})
export class SessionsModule {}
