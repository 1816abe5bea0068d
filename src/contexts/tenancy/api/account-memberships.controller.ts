import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { RequiresAccountPermission } from '../../../infrastructure/http/account-scope';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import type { Principal, RequestContext } from '../../../shared/application';
import { accountRoleFromBody } from '../application/account-memberships/account-roles';
import { AccountMembershipUseCases, type AccountMember } from '../application/account-memberships/account-memberships.use-cases';
import { count, object, pathId } from '../../../infrastructure/http/body-fields';

const DEFAULT_LIMIT = 200;

/**
 * Prefect Cloud's account members: `/api/accounts/{a}/account_memberships/...`. Account-scoped:
 * the use cases ask for `read|update|delete:account_membership` in the account. Users only
 * (service accounts are listed under `/bots`). A member is addressed by its membership id or its user id.
 */
@Controller('api/accounts/:accountId/account_memberships')
export class AccountMembershipsController {
  constructor(private readonly members: AccountMembershipUseCases) {}

  @Post('filter')
  @RequiresAccountPermission('read:account_membership')
  @HttpCode(200)
  filter(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string, @Body() raw: unknown): Promise<AccountMember[]> {
    const body = object(raw);
    return this.members.filter(p, pathId(accountId, 'Account'), { limit: count(body.limit, 'limit', DEFAULT_LIMIT), offset: count(body.offset, 'offset', 0) });
  }

  @Get(':id')
  @RequiresAccountPermission('read:account_membership')
  get(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string, @Param('id') id: string): Promise<AccountMember> {
    return this.members.get(p, pathId(accountId, 'Account'), pathId(id, 'Account membership'));
  }

  /** `{account_role_id | account_role_name}`; 409 when it would leave the account without an Owner. */
  @Patch(':id')
  @RequiresAccountPermission('update:account_membership')
  @HttpCode(204)
  async update(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Param('id') id: string, @Body() raw: unknown): Promise<void> {
    const account = pathId(accountId, 'Account');
    const member = pathId(id, 'Account membership');
    await this.members.changeRole(p, ctx, account, member, accountRoleFromBody(object(raw)));
  }

  /** Removes the member and its access to every workspace of the account; 409 for the last Owner. */
  @Delete(':id')
  @RequiresAccountPermission('delete:account_membership')
  @HttpCode(204)
  async remove(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Param('id') id: string): Promise<void> {
    await this.members.remove(p, ctx, pathId(accountId, 'Account'), pathId(id, 'Account membership'));
  }
}
