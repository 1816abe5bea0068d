import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { RawJsonBody } from '../../../infrastructure/http/json-body';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import type { Principal, RequestContext } from '../../../shared/application';
import { NotFoundError, ValidationError } from '../../../shared/errors';
import type { UserProfileChanges } from '../domain/user/user.commands';
import { expirationFrom } from '../application/service-accounts/service-accounts.use-cases';
import { UserUseCases, USER_PERMISSIONS, type UserApiKeyView, type UserView } from '../application/users/users.use-cases';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

function text(body: Json, field: string): string | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ValidationError(`${field} must be a string`);
  return v;
}

function nullableText(body: Json, field: string): string | null | undefined {
  const v = body[field];
  if (v === undefined || v === null) return v;
  if (typeof v !== 'string') throw new ValidationError(`${field} must be a string or null`);
  return v;
}

/** The PATCH body: Prefect Cloud's field names; absent fields stay as they are. */
function profileChanges(body: Json): UserProfileChanges {
  const handle = text(body, 'handle');
  const email = text(body, 'email');
  const firstName = nullableText(body, 'first_name');
  const lastName = nullableText(body, 'last_name');
  const imageLocation = nullableText(body, 'image_location');
  return {
    ...(handle !== undefined ? { handle } : {}),
    ...(email !== undefined ? { email } : {}),
    ...(firstName !== undefined ? { firstName } : {}),
    ...(lastName !== undefined ? { lastName } : {}),
    ...(imageLocation !== undefined ? { imageLocation } : {}),
  };
}

/** Prefect Cloud's `/api/users/{user_id}/...`: a user's own profile, password and API keys. */
@Controller('api/users/:userId')
export class UsersController {
  constructor(private readonly users: UserUseCases) {}

  @Get()
  get(@CurrentPrincipal() p: Principal, @Param('userId') userId: string): Promise<UserView> {
    return this.users.get(p, id(userId, 'User'));
  }

  /** Raw body: a field sent as null (clear the avatar) differs from one left out. */
  @Patch()
  async update(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('userId') userId: string, @RawJsonBody() raw: unknown): Promise<UserView> {
    const user = id(userId, 'User');
    await this.users.self(p, user, USER_PERMISSIONS.update);
    return this.users.update(p, ctx, user, profileChanges(object(raw)));
  }

  /** `{current_password, new_password}`; 204. */
  @Put('password')
  @HttpCode(204)
  async password(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('userId') userId: string, @Body() raw: unknown): Promise<void> {
    const user = id(userId, 'User');
    await this.users.self(p, user, USER_PERMISSIONS.update);
    const body = object(raw);
    await this.users.setPassword(p, ctx, user, { current: body.current_password, next: body.new_password });
  }

  /** 201 with the new `pnu_` key, shown this once. */
  @Post('api_keys')
  async createKey(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('userId') userId: string, @Body() raw: unknown): Promise<UserApiKeyView> {
    const user = id(userId, 'User');
    await this.users.self(p, user, USER_PERMISSIONS.createKey);
    const body = object(raw);
    if (typeof body.name !== 'string') throw new ValidationError('name is required and must be a string');
    return this.users.createApiKey(p, ctx, user, { name: body.name, expiration: expirationFrom(body.expiration, 'expiration') });
  }

  @Get('api_keys')
  listKeys(@CurrentPrincipal() p: Principal, @Param('userId') userId: string): Promise<UserApiKeyView[]> {
    return this.users.listApiKeys(p, id(userId, 'User'));
  }

  @Get('api_keys/:keyId')
  getKey(@CurrentPrincipal() p: Principal, @Param('userId') userId: string, @Param('keyId') keyId: string): Promise<UserApiKeyView> {
    return this.users.getApiKey(p, id(userId, 'User'), id(keyId, 'API key'));
  }

  @Delete('api_keys/:keyId')
  @HttpCode(204)
  async deleteKey(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('userId') userId: string, @Param('keyId') keyId: string): Promise<void> {
    await this.users.deleteApiKey(p, ctx, id(userId, 'User'), id(keyId, 'API key'));
  }
}
