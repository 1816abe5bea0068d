import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { RequiresAccountPermission } from '../../../infrastructure/http/account-scope';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import type { Principal, RequestContext } from '../../../shared/application';
import type { AccountRoleView } from '../application/account-memberships/account-roles';
import { AccountUseCases, type AccountDomains, type AccountView } from '../application/accounts/account.use-cases';
import { object, pathId } from './account-body';

/**
 * Prefect Cloud's account routes: `GET/PATCH /api/accounts/{a}/`, `GET/PATCH .../settings`,
 * `GET/PATCH .../domains`, and the built-in account roles (`.../account_roles`). Reads need
 * `read:account` (`read:account_role`), edits `update:account`.
 */
@Controller('api/accounts/:accountId')
export class AccountController {
  constructor(private readonly accounts: AccountUseCases) {}

  @Get()
  @RequiresAccountPermission('read:account')
  get(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string): Promise<AccountView> {
    return this.accounts.get(p, pathId(accountId, 'Account'));
  }

  /** name, handle, location, link, image_location, auth_expiration_seconds. */
  @Patch()
  @RequiresAccountPermission('update:account')
  @HttpCode(204)
  async update(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Body() raw: unknown): Promise<void> {
    await this.accounts.update(p, ctx, pathId(accountId, 'Account'), object(raw));
  }

  @Get('settings')
  @RequiresAccountPermission('read:account')
  settings(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string): Promise<Record<string, boolean>> {
    return this.accounts.settings(p, pathId(accountId, 'Account'));
  }

  @Patch('settings')
  @RequiresAccountPermission('update:account')
  @HttpCode(204)
  async updateSettings(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Body() raw: unknown): Promise<void> {
    await this.accounts.updateSettings(p, ctx, pathId(accountId, 'Account'), object(raw));
  }

  @Get('domains')
  @RequiresAccountPermission('read:account')
  domains(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string): Promise<AccountDomains> {
    return this.accounts.domains(p, pathId(accountId, 'Account'));
  }

  /** `{domain_names: [...]}` replaces the list; answers the stored (normalised) list. */
  @Patch('domains')
  @RequiresAccountPermission('update:account')
  setDomains(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Body() raw: unknown): Promise<AccountDomains> {
    return this.accounts.setDomains(p, ctx, pathId(accountId, 'Account'), object(raw));
  }

  @Post('account_roles/filter')
  @RequiresAccountPermission('read:account_role')
  @HttpCode(200)
  roles(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string): Promise<AccountRoleView[]> {
    return this.accounts.roles(p, pathId(accountId, 'Account'));
  }

  @Get('account_roles/:roleId')
  @RequiresAccountPermission('read:account_role')
  role(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string, @Param('roleId') roleId: string): Promise<AccountRoleView> {
    return this.accounts.role(p, pathId(accountId, 'Account'), roleId);
  }
}
