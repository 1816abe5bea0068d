import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { uuidField } from '../../../infrastructure/http/body-fields';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import { RequiresScope, Workspace, WORKSPACE_PREFIX, type WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import type { Principal, RequestContext } from '../../../shared/application';
import { ValidationError } from '../../../shared/errors';
import { WorkspaceAccessUseCases, type UserAccessView } from '../application/workspace-access/workspace-access.use-cases';

/** REST's shape: the view without the read-model fields GraphQL uses. */
export function userAccessBody({ _account, _workspace, ...view }: UserAccessView) {
  return view;
}

/** Prefect Cloud's workspace user access: grant a user a built-in or custom workspace role (§1.8). */
@Controller(`${WORKSPACE_PREFIX}/user_access`)
export class UserAccessController {
  constructor(private readonly access: WorkspaceAccessUseCases) {}

  @Post()
  @RequiresScope('manage_workspace_users')
  async grant(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ValidationError('the body must be a JSON object');
    const body = raw as Record<string, unknown>;
    const userId = uuidField(body.user_id, 'user_id');
    if (typeof body.workspace_role_id !== 'string') throw new ValidationError('workspace_role_id is required');
    return userAccessBody(await this.access.grantUser(p, ctx, ws, userId, body.workspace_role_id));
  }

  @Get(':userId')
  @RequiresScope('see_workspace_users')
  async read(@Workspace() ws: WorkspaceScope, @Param('userId') userId: string) {
    return userAccessBody(await this.access.user(ws, userId));
  }

  @Delete(':userId')
  @HttpCode(204)
  @RequiresScope('manage_workspace_users')
  async revoke(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('userId') userId: string) {
    await this.access.revokeUser(p, ctx, ws, userId);
  }
}
