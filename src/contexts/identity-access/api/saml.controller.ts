import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Redirect, Res } from '@nestjs/common';
import { RequiresAccountPermission } from '../../../infrastructure/http/account-scope';
import { pathId, requiredObject, requiredString } from '../../../infrastructure/http/body-fields';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Public } from '../../../infrastructure/auth/public.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import type { Principal, RequestContext } from '../../../shared/application';
import { ValidationError } from '../../../shared/errors';
import { SamlConnectionUseCases, type SamlConnection } from '../application/saml/saml-connections.use-cases';
import { SamlSignIn } from '../application/saml/saml-sign-in';
import type { IssuedSession } from '../application/sessions/session-issuer';

function connectionInput(raw: unknown) {
  const body = requiredObject(raw);
  const certs = body.idp_certificates;
  if (!Array.isArray(certs) || certs.some((c) => typeof c !== 'string')) throw new ValidationError('idp_certificates must be a list of PEM certificates');
  if (body.enabled !== undefined && typeof body.enabled !== 'boolean') throw new ValidationError('enabled must be a boolean');
  return { idpEntityId: requiredString(body, 'idp_entity_id'), ssoUrl: requiredString(body, 'sso_url'), idpCertificates: certs as string[], enabled: body.enabled !== false };
}

/** An account's SAML connection: `administrate:sso` to change it, `read:sso` to see it. */
@Controller('api/accounts/:accountId/sso/saml')
export class SamlConnectionController {
  constructor(private readonly connections: SamlConnectionUseCases) {}

  @Put()
  @RequiresAccountPermission('administrate:sso')
  configure(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Body() raw: unknown): Promise<SamlConnection> {
    return this.connections.configure(p, ctx, pathId(accountId, 'Account'), connectionInput(raw));
  }

  @Get()
  @RequiresAccountPermission('read:sso')
  get(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string): Promise<SamlConnection> {
    return this.connections.get(p, pathId(accountId, 'Account'));
  }

  @Delete()
  @RequiresAccountPermission('administrate:sso')
  @HttpCode(204)
  async remove(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string): Promise<void> {
    await this.connections.remove(p, ctx, pathId(accountId, 'Account'));
  }
}

/** The public SP endpoints an IdP and a browser talk to. Unknown or disabled connections are 404. */
@Controller('auth/saml/:accountId')
export class SamlAuthController {
  constructor(private readonly signIn: SamlSignIn) {}

  @Public()
  @Get('metadata')
  async metadata(@Param('accountId') accountId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const xml = await this.signIn.metadata(pathId(accountId, 'Account'));
    // Set only on success: an error answers with the usual JSON body.
    void reply.header('content-type', 'application/samlmetadata+xml; charset=utf-8');
    return xml;
  }

  @Public()
  @Get('login')
  @Redirect()
  async login(@Param('accountId') accountId: string): Promise<{ url: string; statusCode: number }> {
    return { url: await this.signIn.loginUrl(pathId(accountId, 'Account')), statusCode: 302 };
  }

  /** HTTP-POST binding: the browser posts the IdP's form (`SAMLResponse`, `RelayState`). */
  @Public()
  @Post('acs')
  @HttpCode(200)
  acs(@Param('accountId') accountId: string, @Ctx() ctx: RequestContext, @Body() form: unknown): Promise<IssuedSession> {
    return this.signIn.acs(pathId(accountId, 'Account'), form, ctx);
  }
}
