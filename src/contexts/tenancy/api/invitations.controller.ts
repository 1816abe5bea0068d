import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { RequiresAccountPermission } from '../../../infrastructure/http/account-scope';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import type { Principal, RequestContext } from '../../../shared/application';
import { INVITATION_PERMISSIONS, InvitationUseCases, type InvitationView } from '../application/invitations/invitations.use-cases';
import { count, object, pathId } from '../../../infrastructure/http/body-fields';

const DEFAULT_LIMIT = 200;

/** The account side: `POST /api/accounts/{a}/invitations`, `POST .../invitations/filter`, `DELETE .../invitations/{id}`. */
@Controller('api/accounts/:accountId/invitations')
export class AccountInvitationsController {
  constructor(private readonly invitations: InvitationUseCases) {}

  /** `{email, account_role_name?: 'member'|'admin'|'owner', workspace_access?: [{workspace_id, workspace_role_id}]}` → 201. */
  @Post()
  @RequiresAccountPermission(INVITATION_PERMISSIONS.create)
  @HttpCode(201)
  create(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Body() raw: unknown): Promise<InvitationView> {
    return this.invitations.create(p, ctx, pathId(accountId, 'Account'), object(raw));
  }

  /** `{status?, limit?, offset?}`; a pending invitation past its expiry shows `status: 'expired'`. */
  @Post('filter')
  @RequiresAccountPermission(INVITATION_PERMISSIONS.read)
  @HttpCode(200)
  filter(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string, @Body() raw: unknown): Promise<InvitationView[]> {
    const body = object(raw);
    return this.invitations.filter(p, pathId(accountId, 'Account'), body, { limit: count(body.limit, 'limit', DEFAULT_LIMIT), offset: count(body.offset, 'offset', 0) });
  }

  @Delete(':id')
  @RequiresAccountPermission(INVITATION_PERMISSIONS.revoke)
  @HttpCode(204)
  async revoke(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Param('id') id: string): Promise<void> {
    await this.invitations.revoke(p, ctx, pathId(accountId, 'Account'), pathId(id, 'Invitation'));
  }
}

/** The invitee side: `GET /api/me/invitations`, `POST /api/me/invitations/{id}/accept|reject`. Users only. */
@Controller('api/me/invitations')
export class MyInvitationsController {
  constructor(private readonly invitations: InvitationUseCases) {}

  @Get()
  mine(@CurrentPrincipal() p: Principal): Promise<InvitationView[]> {
    return this.invitations.mine(p);
  }

  /** 200 with the invitation; 410 (GONE, reason expired) after it expired; 404 when it is not for the caller's email. */
  @Post(':id/accept')
  @HttpCode(200)
  accept(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('id') id: string): Promise<InvitationView> {
    return this.invitations.accept(p, ctx, pathId(id, 'Invitation'));
  }

  @Post(':id/reject')
  @HttpCode(200)
  reject(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('id') id: string): Promise<InvitationView> {
    return this.invitations.reject(p, ctx, pathId(id, 'Invitation'));
  }
}
