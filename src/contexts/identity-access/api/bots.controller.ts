import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { RequiresAccountPermission } from '../../../infrastructure/http/account-scope';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import type { Principal, RequestContext } from '../../../shared/application';
import { NotFoundError, ValidationError } from '../../../shared/errors';
import { expirationFrom, ServiceAccountUseCases, type Bot } from '../application/service-accounts/service-accounts.use-cases';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_LIMIT = 200;

type Json = Record<string, unknown>;

function object(raw: unknown): Json {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ValidationError('the body must be a JSON object');
  return raw as Json;
}

function id(value: string, what: string): string {
  if (!UUID.test(value)) throw new NotFoundError(`${what} not found`);
  return value.toLowerCase();
}

function name(body: Json): string {
  if (typeof body.name !== 'string') throw new ValidationError('name is required and must be a string');
  return body.name;
}

function count(value: unknown, field: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new ValidationError(`${field} must be a non-negative integer`);
  return value;
}

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
    return this.bots.create(p, ctx, id(accountId, 'Account'), { name: name(body), expiration: expirationFrom(body.api_key_expiration, 'api_key_expiration') });
  }

  @Post('filter')
  @RequiresAccountPermission('read:bot')
  @HttpCode(200)
  filter(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string, @Body() raw: unknown): Promise<Bot[]> {
    const body = object(raw);
    return this.bots.filter(p, id(accountId, 'Account'), { limit: count(body.limit, 'limit', DEFAULT_LIMIT), offset: count(body.offset, 'offset', 0), names: names(body) });
  }

  @Get(':botId')
  @RequiresAccountPermission('read:bot')
  get(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string, @Param('botId') botId: string): Promise<Bot> {
    return this.bots.get(p, id(accountId, 'Account'), id(botId, 'Bot'));
  }

  @Patch(':botId')
  @RequiresAccountPermission('update:bot')
  @HttpCode(204)
  async update(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Param('botId') botId: string, @Body() raw: unknown): Promise<void> {
    const body = object(raw);
    const account = id(accountId, 'Account');
    const bot = id(botId, 'Bot');
    if (body.name === undefined) {
      await this.bots.get(p, account, bot);
      return;
    }
    await this.bots.rename(p, ctx, account, bot, name(body));
  }

  @Delete(':botId')
  @RequiresAccountPermission('delete:bot')
  @HttpCode(204)
  async remove(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Param('botId') botId: string): Promise<void> {
    await this.bots.delete(p, ctx, id(accountId, 'Account'), id(botId, 'Bot'));
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
    return this.bots.rotate(p, ctx, id(accountId, 'Account'), id(botId, 'Bot'), {
      expiration: expirationFrom(body.api_key_expiration, 'api_key_expiration'),
      oldKeyExpiresInSeconds: typeof grace === 'number' ? grace : 0,
    });
  }
}
