import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { RequiresAccountPermission } from '../../../infrastructure/http/account-scope';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import type { Principal, RequestContext } from '../../../shared/application';
import { NotFoundError, ValidationError } from '../../../shared/errors';
import { WorkspaceRolesService, type RoleInput } from '../application/workspace-roles/workspace-roles.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function object(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ValidationError('the body must be a JSON object');
  return raw as Record<string, unknown>;
}

function str(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ValidationError(`${field} must be a string`);
  return v;
}

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

function int(body: Record<string, unknown>, field: string): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ValidationError(`${field} must be a non-negative integer`);
  return v;
}

function account(accountId: string): string {
  if (!UUID.test(accountId)) throw new NotFoundError('Account not found');
  return accountId.toLowerCase();
}

/** Prefect Cloud's custom workspace roles of an account (§1.8): built-ins are listed too, with `account_id: null`. */
@Controller('api/accounts/:accountId/workspace_roles')
export class WorkspaceRolesController {
  constructor(private readonly roles: WorkspaceRolesService) {}

  @Post()
  @RequiresAccountPermission('create:workspace_role')
  create(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Body() raw: unknown) {
    const body = object(raw);
    const name = str(body, 'name');
    if (name === undefined) throw new ValidationError('name is required');
    const input: RoleInput = { name, description: str(body, 'description') ?? '', scopes: scopes(body) ?? [], inheritedRoleId: inherited(body) ?? null };
    return this.roles.create(p, ctx, account(accountId), input);
  }

  @Post('filter')
  @RequiresAccountPermission('read:workspace_role')
  @HttpCode(200)
  filter(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string, @Body() raw: unknown) {
    const body = object(raw);
    return this.roles.filter(p, account(accountId), { limit: int(body, 'limit'), offset: int(body, 'offset') });
  }

  @Get(':roleId')
  @RequiresAccountPermission('read:workspace_role')
  get(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string, @Param('roleId') roleId: string) {
    return this.roles.get(p, account(accountId), roleId);
  }

  @Patch(':roleId')
  @RequiresAccountPermission('update:workspace_role')
  @HttpCode(204)
  async update(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Param('roleId') roleId: string, @Body() raw: unknown) {
    const body = object(raw);
    const patch: { -readonly [K in keyof RoleInput]?: RoleInput[K] } = {};
    const name = str(body, 'name');
    if (name !== undefined) patch.name = name;
    const description = str(body, 'description');
    if (description !== undefined) patch.description = description;
    const s = scopes(body);
    if (s !== undefined) patch.scopes = s;
    const i = inherited(body);
    if (i !== undefined) patch.inheritedRoleId = i;
    await this.roles.update(p, ctx, account(accountId), roleId, patch);
  }

  @Delete(':roleId')
  @RequiresAccountPermission('delete:workspace_role')
  @HttpCode(204)
  async delete(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Param('roleId') roleId: string) {
    await this.roles.delete(p, ctx, account(accountId), roleId);
  }
}
