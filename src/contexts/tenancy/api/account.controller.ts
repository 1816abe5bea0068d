import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { RequiresAccountPermission } from '../../../infrastructure/http/account-scope';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import type { Principal, RequestContext } from '../../../shared/application';
import type { AccountRoleView } from '../application/account-memberships/account-roles';
import { AccountUseCases, type AccountDomains, type AccountDomainView, type AccountView } from '../application/accounts/account.use-cases';
import { object, pathId } from '../../../infrastructure/http/body-fields';

/**
 * Prefect Cloud's account routes: `GET/PATCH /api/accounts/{a}/`, `GET/PATCH .../settings`,
 * `GET/PATCH .../domains`, `POST .../domains/{domain}/verify`, and the built-in account roles (`.../account_roles`).
 * Reads need `read:account` (`read:account_role`), edits `update:account`, domain verification and the
 * `enforce_sso` setting `administrate:sso`.
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

  /** `{domain_names: [...]}` replaces the list; answers the stored (normalised) list with each domain's verification state. */
  @Patch('domains')
  @RequiresAccountPermission('update:account')
  setDomains(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Body() raw: unknown): Promise<AccountDomains> {
    return this.accounts.setDomains(p, ctx, pathId(accountId, 'Account'), object(raw));
  }

  /** Looks up `_praetor-verification.<domain>` TXT; 409 `{reason: 'txt_record_not_found' | 'domain_claimed'}` when it cannot verify. */
  @Post('domains/:domain/verify')
  @RequiresAccountPermission('administrate:sso')
  @HttpCode(200)
  verifyDomain(
    @CurrentPrincipal() p: Principal,
    @Ctx() ctx: RequestContext,
    @Param('accountId') accountId: string,
    @Param('domain') domain: string,
  ): Promise<AccountDomainView> {
    return this.accounts.verifyDomain(p, ctx, pathId(accountId, 'Account'), domain);
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
