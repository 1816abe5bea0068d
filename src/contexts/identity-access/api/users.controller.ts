import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { RawJsonBody } from '../../../infrastructure/http/json-body';
import { nullableString, object, optionalString, pathId, type Json } from '../../../infrastructure/http/body-fields';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import type { Principal, RequestContext } from '../../../shared/application';
import { ValidationError } from '../../../shared/errors';
import type { UserProfileChanges } from '../domain/user/user.commands';
import { expirationFrom } from '../application/service-accounts/service-accounts.use-cases';
import { UserUseCases, USER_PERMISSIONS, type UserApiKeyView } from '../application/users/users.use-cases';
import type { UserView } from '../public/users';

/** The PATCH body: Prefect Cloud's field names; absent fields stay as they are. */
function profileChanges(body: Json): UserProfileChanges {
  const handle = optionalString(body, 'handle');
  const email = optionalString(body, 'email');
  const firstName = nullableString(body, 'first_name');
  const lastName = nullableString(body, 'last_name');
  const imageLocation = nullableString(body, 'image_location');
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
    return this.users.get(p, pathId(userId, 'User'));
  }

  /** Raw body: a field sent as null (clear the avatar) differs from one left out. */
  @Patch()
  async update(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('userId') userId: string, @RawJsonBody() raw: unknown): Promise<UserView> {
    const user = pathId(userId, 'User');
    await this.users.self(p, user, USER_PERMISSIONS.update);
    return this.users.update(p, ctx, user, profileChanges(object(raw)));
  }

  /** `{current_password, new_password}`; 204. */
  @Put('password')
  @HttpCode(204)
  async password(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('userId') userId: string, @Body() raw: unknown): Promise<void> {
    const user = pathId(userId, 'User');
    await this.users.self(p, user, USER_PERMISSIONS.update);
    const body = object(raw);
    await this.users.setPassword(p, ctx, user, { current: body.current_password, next: body.new_password });
  }

  /** 201 with the new `pnu_` key, shown this once. */
  @Post('api_keys')
  async createKey(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('userId') userId: string, @Body() raw: unknown): Promise<UserApiKeyView> {
    const user = pathId(userId, 'User');
    await this.users.self(p, user, USER_PERMISSIONS.createKey);
    const body = object(raw);
    if (typeof body.name !== 'string') throw new ValidationError('name is required and must be a string');
    return this.users.createApiKey(p, ctx, user, { name: body.name, expiration: expirationFrom(body.expiration, 'expiration') });
  }

  @Get('api_keys')
  listKeys(@CurrentPrincipal() p: Principal, @Param('userId') userId: string): Promise<UserApiKeyView[]> {
    return this.users.listApiKeys(p, pathId(userId, 'User'));
  }

  @Get('api_keys/:keyId')
  getKey(@CurrentPrincipal() p: Principal, @Param('userId') userId: string, @Param('keyId') keyId: string): Promise<UserApiKeyView> {
    return this.users.getApiKey(p, pathId(userId, 'User'), pathId(keyId, 'API key'));
  }

  @Delete('api_keys/:keyId')
  @HttpCode(204)
  async deleteKey(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('userId') userId: string, @Param('keyId') keyId: string): Promise<void> {
    await this.users.deleteApiKey(p, ctx, pathId(userId, 'User'), pathId(keyId, 'API key'));
  }
}
