import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { RequiresAccountPermission } from '../../../infrastructure/http/account-scope';
import { count, object, pathId, requiredString, type Json } from '../../../infrastructure/http/body-fields';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import type { Principal, RequestContext } from '../../../shared/application';
import { ValidationError } from '../../../shared/errors';
import { expirationFrom, ServiceAccountUseCases, type Bot } from '../application/service-accounts/service-accounts.use-cases';

const DEFAULT_LIMIT = 200;

/** `bots.name.any_` in a filter body, if given. */
function names(body: Json): string[] | undefined {
  const bots = body.bots;
  if (bots === undefined || bots === null) return undefined;
  const anyOf = (((bots as Json).name ?? {}) as Json).any_;
  if (anyOf === undefined || anyOf === null) return undefined;
  if (!Array.isArray(anyOf) || anyOf.some((n) => typeof n !== 'string')) throw new ValidationError('bots.name.any_ must be a list of strings');
  return anyOf as string[];
}

/**
 * Prefect Cloud's service accounts: `/api/accounts/{account_id}/bots/...`. Account-scoped: the
 * use cases ask the authorizer for `create|read|update|delete:bot` in the account.
 */
@Controller('api/accounts/:accountId/bots')
export class BotsController {
  constructor(private readonly bots: ServiceAccountUseCases) {}

  /** 201 with the new key (`pnb_…`), shown this once. */
  @Post()
  @RequiresAccountPermission('create:bot')
  create(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Body() raw: unknown): Promise<Bot> {
    const body = object(raw);
    return this.bots.create(p, ctx, pathId(accountId, 'Account'), { name: requiredString(body, 'name'), expiration: expirationFrom(body.api_key_expiration, 'api_key_expiration') });
  }

  @Post('filter')
  @RequiresAccountPermission('read:bot')
  @HttpCode(200)
  filter(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string, @Body() raw: unknown): Promise<Bot[]> {
    const body = object(raw);
    return this.bots.filter(p, pathId(accountId, 'Account'), { limit: count(body.limit, 'limit', DEFAULT_LIMIT), offset: count(body.offset, 'offset', 0), names: names(body) });
  }

  @Get(':botId')
  @RequiresAccountPermission('read:bot')
  get(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string, @Param('botId') botId: string): Promise<Bot> {
    return this.bots.get(p, pathId(accountId, 'Account'), pathId(botId, 'Bot'));
  }

  @Patch(':botId')
  @RequiresAccountPermission('update:bot')
  @HttpCode(204)
  async update(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Param('botId') botId: string, @Body() raw: unknown): Promise<void> {
    const body = object(raw);
    const account = pathId(accountId, 'Account');
    const bot = pathId(botId, 'Bot');
    if (body.name === undefined) {
      await this.bots.get(p, account, bot);
      return;
    }
    await this.bots.rename(p, ctx, account, bot, requiredString(body, 'name'));
  }

  @Delete(':botId')
  @RequiresAccountPermission('delete:bot')
  @HttpCode(204)
  async remove(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Param('botId') botId: string): Promise<void> {
    await this.bots.delete(p, ctx, pathId(accountId, 'Account'), pathId(botId, 'Bot'));
  }

  /** A new key for the bot; the old one works for `old_key_expires_in_seconds` more (0/absent: not at all). */
  @Post(':botId/rotate_api_key')
  @RequiresAccountPermission('update:bot')
  rotate(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Param('botId') botId: string, @Body() raw: unknown): Promise<Bot> {
    const body = object(raw);
    const grace = body.old_key_expires_in_seconds;
    if (grace !== undefined && grace !== null && (typeof grace !== 'number' || !Number.isFinite(grace) || grace < 0)) {
      throw new ValidationError('old_key_expires_in_seconds must be a non-negative number');
    }
    return this.bots.rotate(p, ctx, pathId(accountId, 'Account'), pathId(botId, 'Bot'), {
      expiration: expirationFrom(body.api_key_expiration, 'api_key_expiration'),
      oldKeyExpiresInSeconds: typeof grace === 'number' ? grace : 0,
    });
  }
}
