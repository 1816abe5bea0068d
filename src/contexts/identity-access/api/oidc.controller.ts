import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Public } from '../../../infrastructure/auth/public.decorator';
import { RequiresAccountPermission } from '../../../infrastructure/http/account-scope';
import { pathId, requiredObject } from '../../../infrastructure/http/body-fields';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import type { Principal, RequestContext } from '../../../shared/application';
import { ValidationError } from '../../../shared/errors';
import { OidcConnectionUseCases, type OidcConnectionView } from '../application/oidc/oidc-connections.use-cases';
import { OidcSignInService } from '../application/oidc/oidc-sign-in.service';
import type { IssuedSession } from '../application/sessions/session-issuer';

function stringField(body: Record<string, unknown>, field: string, required: boolean): string | null {
  const v = body[field];
  if (v === undefined || v === null) {
    if (required) throw new ValidationError(`${field} is required`);
    return null;
  }
  if (typeof v !== 'string' || v.length > 4000) throw new ValidationError(`${field} must be a string`);
  return v;
}

function connectionInput(raw: unknown) {
  const body = requiredObject(raw);
  const scopes = body.scopes;
  if (scopes !== undefined && scopes !== null && (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string'))) throw new ValidationError('scopes must be a list of strings');
  if (body.enabled !== undefined && typeof body.enabled !== 'boolean') throw new ValidationError('enabled must be a boolean');
  const clientSecret = stringField(body, 'client_secret', false);
  if (clientSecret === '') throw new ValidationError('client_secret must not be empty');
  return {
    issuer: stringField(body, 'issuer', true)!,
    clientId: stringField(body, 'client_id', true)!,
    clientSecret,
    scopes: (scopes as string[] | null | undefined) ?? null,
    enabled: (body.enabled as boolean | undefined) ?? true,
  };
}

/**
 * An account's OIDC connection: `PUT|GET|DELETE /api/accounts/{account}/sso/oidc`. PUT needs `administrate:sso`
 * (its `client_secret` may be left out to keep the current one), GET `read:sso` and never shows the secret.
 */
@Controller('api/accounts/:accountId/sso/oidc')
export class OidcConnectionController {
  constructor(private readonly connections: OidcConnectionUseCases) {}

  @Put()
  @RequiresAccountPermission('administrate:sso')
  configure(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Body() raw: unknown): Promise<OidcConnectionView> {
    return this.connections.configure(p, ctx, pathId(accountId, 'Account'), connectionInput(raw));
  }

  @Get()
  @RequiresAccountPermission('read:sso')
  get(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string): Promise<OidcConnectionView> {
    return this.connections.get(p, pathId(accountId, 'Account'));
  }

  @Delete()
  @RequiresAccountPermission('administrate:sso')
  @HttpCode(204)
  async remove(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string): Promise<void> {
    await this.connections.remove(p, ctx, pathId(accountId, 'Account'));
  }
}

/**
 * The browser side of OIDC sign-in: `GET /auth/oidc/{account}/login` redirects to the IdP, the IdP redirects back to
 * `GET /auth/oidc/{account}/callback`, which answers the new session's tokens. `POST /auth/oidc/{account}/logout`
 * (with the session's access token) ends the session and answers where to end the IdP session too.
 */
@Controller('auth/oidc/:accountId')
export class OidcSignInController {
  constructor(private readonly oidc: OidcSignInService) {}

  @Get('login')
  @Public()
  async login(@Param('accountId') accountId: string, @Res() reply: FastifyReply): Promise<void> {
    const url = await this.oidc.login(pathId(accountId, 'Account'));
    await reply.code(302).header('location', url).header('cache-control', 'no-store').send();
  }

  @Get('callback')
  @Public()
  callback(@Param('accountId') accountId: string, @Req() req: FastifyRequest, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<IssuedSession> {
    void reply.header('cache-control', 'no-store');
    return this.oidc.callback(pathId(accountId, 'Account'), req.url, ctx);
  }

  /** A Member's route: another account's (or a stranger's) answer is the authorizer's 404; an API key or another session, 403. */
  @Post('logout')
  @RequiresAccountPermission('read:account')
  @HttpCode(200)
  async logout(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string): Promise<{ end_session_url: string | null }> {
    return { end_session_url: await this.oidc.logout(p, ctx, pathId(accountId, 'Account')) };
  }
}
