import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { RequiresAccountPermission } from '../../../infrastructure/http/account-scope';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { RawJsonBody } from '../../../infrastructure/http/json-body';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import type { Principal, RequestContext } from '../../../shared/application';
import { WorkspaceUseCases, type WorkspaceView } from '../application/workspaces/workspaces.use-cases';
import { count, object, pathId } from '../../../infrastructure/http/body-fields';

const DEFAULT_LIMIT = 200;

/**
 * Prefect Cloud's workspace routes: `POST /api/accounts/{a}/workspaces/`, `POST .../workspaces/filter`,
 * `GET/PATCH/DELETE .../workspaces/{w}`. The id segment is named `:id`, not `:workspaceId`, so these
 * are account routes (the account permission guard), not workspace routes (the scope guard): a
 * workspace's own routes all have a further segment. The guard asks for `read:workspace` (a member
 * of the account); the use cases decide the rest.
 */
@Controller('api/accounts/:accountId/workspaces')
export class WorkspacesController {
  constructor(private readonly workspaces: WorkspaceUseCases) {}

  /** `{name, handle, description?, default_workspace_role_id?, is_public?}`; the creator becomes its Owner. */
  @Post()
  @RequiresAccountPermission('create:workspace')
  @HttpCode(201)
  create(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Body() raw: unknown): Promise<WorkspaceView> {
    return this.workspaces.create(p, ctx, pathId(accountId, 'Account'), object(raw));
  }

  @Post('filter')
  @RequiresAccountPermission('read:workspace')
  @HttpCode(200)
  filter(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string, @Body() raw: unknown): Promise<WorkspaceView[]> {
    const body = object(raw);
    return this.workspaces.filter(p, pathId(accountId, 'Account'), { limit: count(body.limit, 'limit', DEFAULT_LIMIT), offset: count(body.offset, 'offset', 0) });
  }

  @Get(':id')
  @RequiresAccountPermission('read:workspace')
  get(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string, @Param('id') id: string): Promise<WorkspaceView> {
    return this.workspaces.get(p, pathId(accountId, 'Account'), pathId(id, 'Workspace'));
  }

  /** A key sent as null (description, default_workspace_role_id) sets null; a key left out is unchanged. Account `administrate:workspace`, or the workspace's own Owner role (`manage_workspace_settings`). */
  @Patch(':id')
  @RequiresAccountPermission('read:workspace')
  update(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Param('id') id: string, @RawJsonBody() raw: unknown): Promise<WorkspaceView> {
    return this.workspaces.update(p, ctx, pathId(accountId, 'Account'), pathId(id, 'Workspace'), object(raw));
  }

  @Delete(':id')
  @RequiresAccountPermission('read:workspace')
  @HttpCode(204)
  async remove(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Param('accountId') accountId: string, @Param('id') id: string): Promise<void> {
    await this.workspaces.delete(p, ctx, pathId(accountId, 'Account'), pathId(id, 'Workspace'));
  }
}
