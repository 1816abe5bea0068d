import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { RequiresAccountPermission } from '../../../infrastructure/http/account-scope';
import { count, object, optionalString, pathId } from '../../../infrastructure/http/body-fields';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import type { Principal, RequestContext } from '../../../shared/application';
import { ValidationError } from '../../../shared/errors';
import { WorkspaceRolesService, type RoleInput } from '../application/workspace-roles/workspace-roles.service';

function scopes(body: Record<string, unknown>): string[] | undefined {
  const v = body.scopes;
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new ValidationError('scopes must be a list of scope names');
  return v as string[];
}

function inherited(body: Record<string, unknown>): string | null | undefined {
  const v = body.inherited_role_id;
  if (v === undefined || v === null) return v;
  if (typeof v !== 'string') throw new ValidationError('inherited_role_id must be a role id');
  return v;
}

/** Prefect Cloud's custom workspace roles of an account (§1.8): built-ins are listed too, with `account_id: null`. */
@Controller('api/accounts/:accountId/workspace_roles')
export class WorkspaceRolesController {
  constructor(private readonly roles: WorkspaceRolesService) {}

  @Post()
  @RequiresAccountPermission('create:workspace_role')
  create(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Body() raw: unknown) {
    const body = object(raw);
    const name = optionalString(body, 'name');
    if (name === undefined) throw new ValidationError('name is required');
    const input: RoleInput = { name, description: optionalString(body, 'description') ?? '', scopes: scopes(body) ?? [], inheritedRoleId: inherited(body) ?? null };
    return this.roles.create(p, ctx, pathId(accountId, 'Account'), input);
  }

  @Post('filter')
  @RequiresAccountPermission('read:workspace_role')
  @HttpCode(200)
  filter(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string, @Body() raw: unknown) {
    const body = object(raw);
    return this.roles.filter(p, pathId(accountId, 'Account'), { limit: count(body.limit, 'limit', undefined), offset: count(body.offset, 'offset', undefined) });
  }

  @Get(':roleId')
  @RequiresAccountPermission('read:workspace_role')
  get(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string, @Param('roleId') roleId: string) {
    return this.roles.get(p, pathId(accountId, 'Account'), roleId);
  }

  @Patch(':roleId')
  @RequiresAccountPermission('update:workspace_role')
  @HttpCode(204)
  async update(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Param('roleId') roleId: string, @Body() raw: unknown) {
    const body = object(raw);
    const patch: { -readonly [K in keyof RoleInput]?: RoleInput[K] } = {};
    const name = optionalString(body, 'name');
    if (name !== undefined) patch.name = name;
    const description = optionalString(body, 'description');
    if (description !== undefined) patch.description = description;
    const s = scopes(body);
    if (s !== undefined) patch.scopes = s;
    const i = inherited(body);
    if (i !== undefined) patch.inheritedRoleId = i;
    await this.roles.update(p, ctx, pathId(accountId, 'Account'), roleId, patch);
  }

  @Delete(':roleId')
  @RequiresAccountPermission('delete:workspace_role')
  @HttpCode(204)
  async delete(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Param('roleId') roleId: string) {
    await this.roles.delete(p, ctx, pathId(accountId, 'Account'), roleId);
  }
}
