import { Body, Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Public } from '../../../infrastructure/auth/public.decorator';
import { requiredObject, type Json } from '../../../infrastructure/http/body-fields';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import type { Principal, RequestContext } from '../../../shared/application';
import { ValidationError } from '../../../shared/errors';
import type { IssuedSession } from '../application/sessions/session-issuer';
import { SessionService, type SessionView } from '../application/sessions/session.service';
import { MAX_PASSWORD_LENGTH } from '../application/users/password-hasher';

function field(body: Json, name: string, max: number): string {
  const v = body[name];
  if (typeof v !== 'string' || v === '') throw new ValidationError(`${name} is required and must be a string`);
  if (v.length > max) throw new ValidationError(`${name} is too long`);
  return v;
}

/** Sessions for UIs: sign in with email and password, refresh, sign out, and who the session is. */
@Controller('auth')
export class AuthController {
  constructor(private readonly sessions: SessionService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  login(@Ctx() ctx: RequestContext, @Body() raw: unknown): Promise<IssuedSession> {
    const body = requiredObject(raw);
    // A throttled sign-in is a RATE_LIMITED error: the error mapping adds its Retry-After.
    return this.sessions.login(field(body, 'email', 320), field(body, 'password', MAX_PASSWORD_LENGTH), ctx);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  refresh(@Ctx() ctx: RequestContext, @Body() raw: unknown): Promise<IssuedSession> {
    return this.sessions.refresh(field(requiredObject(raw), 'refresh_token', 200), ctx);
  }

  /** Ends the session whose access token made this request; its access and refresh tokens stop working. */
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext): Promise<void> {
    await this.sessions.signOut(p, ctx);
  }

  @Get('session')
  session(@CurrentPrincipal() p: Principal): Promise<SessionView> {
    return this.sessions.current(p);
  }
}
