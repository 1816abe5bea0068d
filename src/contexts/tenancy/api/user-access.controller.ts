import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { isUuid, uuidField } from '../../../infrastructure/http/body-fields';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import { RequiresScope, Workspace, WORKSPACE_PREFIX, type WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import { ProjectionRunner } from '../../../infrastructure/projections/projection-runner';
import { READ_STORE, type ReadStore } from '../../../infrastructure/read-store/read-store.port';
import { CommandRunner, type Principal, type RequestContext } from '../../../shared/application';
import { streamName } from '../../../shared/ddd';
import { NotFoundError, ValidationError } from '../../../shared/errors';
import { BUILT_IN_ROLE_IDS, builtInRole, WORKSPACE_ROLES, type WorkspaceRoleDoc } from '../../identity-access';
import { workspaceDecider } from '../domain/workspace/workspace.decide';
import { WORKSPACE_ACCESS, workspaceAccessId, type WorkspaceAccessDoc } from '../read-models';

/** Prefect Cloud's workspace user access: grant a user a built-in or custom workspace role (§1.8). */
@Controller(`${WORKSPACE_PREFIX}/user_access`)
export class UserAccessController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  @Post()
  @RequiresScope('manage_workspace_users')
  async grant(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ValidationError('the body must be a JSON object');
    const body = raw as Record<string, unknown>;
    const userId = uuidField(body.user_id, 'user_id');
    if (typeof body.workspace_role_id !== 'string') throw new ValidationError('workspace_role_id is required');
    const ref = body.workspace_role_id;
    if (!(await this.readStore.get('users', userId))) throw new NotFoundError('User not found');
    const builtIn = builtInRole(ref);
    let role: string;
    let customRoleAccountId: string | undefined;
    if (builtIn) role = builtIn;
    else {
      role = ref.toLowerCase();
      // Only a role of this workspace's account can be granted; the decider refuses any other (422).
      customRoleAccountId = (await this.readStore.get<WorkspaceRoleDoc>(WORKSPACE_ROLES, role))?.account_id;
    }
    const r = await this.runner.run({
      principal: p,
      request: ctx,
      permission: 'manage_workspace_users',
      scope: ws,
      decider: workspaceDecider,
      stream: streamName('workspace', ws.workspaceId),
      command: (now) => ({ type: 'GrantWorkspaceAccess' as const, data: { actorType: 'user' as const, actorId: userId, role, customRoleAccountId, now } }),
    });
    if (r.position !== undefined) await this.projections.wait(r.position);
    return this.get(ws, userId);
  }

  @Get(':userId')
  @RequiresScope('see_workspace_users')
  async read(@Workspace() ws: WorkspaceScope, @Param('userId') userId: string) {
    return this.get(ws, userId);
  }

  @Delete(':userId')
  @HttpCode(204)
  @RequiresScope('manage_workspace_users')
  async revoke(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('userId') userId: string) {
    await this.get(ws, userId); // 404 when the user holds no access here
    const r = await this.runner.run({
      principal: p,
      request: ctx,
      permission: 'manage_workspace_users',
      scope: ws,
      decider: workspaceDecider,
      stream: streamName('workspace', ws.workspaceId),
      command: (now) => ({ type: 'RevokeWorkspaceAccess' as const, data: { actorId: userId.toLowerCase(), now } }),
    });
    if (r.position !== undefined) await this.projections.wait(r.position);
  }

  private async get(ws: WorkspaceScope, userId: string) {
    const doc = isUuid(userId) ? await this.readStore.get<WorkspaceAccessDoc>(WORKSPACE_ACCESS, workspaceAccessId(ws.workspaceId, userId.toLowerCase())) : undefined;
    if (!doc || doc.account_id !== ws.accountId || doc.actor_type !== 'user') throw new NotFoundError('Workspace access not found');
    const builtIn = builtInRole(doc.workspace_role_name);
    return {
      id: doc._id,
      workspace_id: doc.workspace_id,
      workspace_role_id: builtIn ? BUILT_IN_ROLE_IDS[builtIn] : doc.workspace_role_name,
      actor_id: doc.actor_id,
      user_id: doc.actor_id,
      created: doc.created,
    };
  }
}
