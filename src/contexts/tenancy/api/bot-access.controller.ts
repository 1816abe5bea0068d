import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { isUuid } from '../../../infrastructure/http/body-fields';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import { RequiresScope, Workspace, WORKSPACE_PREFIX, type WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import { READ_STORE, type ReadStore } from '../../../infrastructure/read-store/read-store.port';
import { ProjectionRunner } from '../../../infrastructure/projections/projection-runner';
import { CommandRunner, nameBasedUuid, type Principal, type RequestContext } from '../../../shared/application';
import { streamName } from '../../../shared/ddd';
import { NotFoundError, ValidationError } from '../../../shared/errors';
import { AddServiceAccountMemberCommand, RemoveServiceAccountAccessCommand, BUILT_IN_ROLE_IDS, builtInRole, SERVICE_ACCOUNTS, WORKSPACE_ROLES, type ServiceAccountDoc, type WorkspaceRoleDoc } from '../../identity-access';
import { accountDecider } from '../domain/account/account.decide';
import { workspaceDecider } from '../domain/workspace/workspace.decide';
import { WORKSPACE_ACCESS, workspaceAccessId, type WorkspaceAccessDoc } from '../read-models';

/** Prefect Cloud's bot access object. */
export interface BotAccess {
  id: string;
  workspace_id: string;
  bot_id: string;
  actor_id: string;
  workspace_role_id: string;
  created: string;
}

/**
 * A service account's access to a workspace (`.../workspaces/{w}/bot_access/`). `workspace_role_id`
 * takes what user access takes: a built-in role's id or name, or a custom role id of the account.
 * The bot must belong to the workspace's account; otherwise it is not found.
 */
@Controller(`${WORKSPACE_PREFIX}/bot_access`)
export class BotAccessController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  @Post()
  @RequiresScope('manage_workspace_service_accounts')
  async grant(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() raw: unknown): Promise<BotAccess> {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ValidationError('the body must be a JSON object');
    const body = raw as Record<string, unknown>;
    if (typeof body.bot_id !== 'string') throw new ValidationError('bot_id is required');
    if (typeof body.workspace_role_id !== 'string') throw new ValidationError('workspace_role_id is required');
    const ref = body.workspace_role_id;
    const botId = await this.bot(ws, body.bot_id);
    const builtIn = builtInRole(ref);
    const role = builtIn ?? ref.toLowerCase();
    // A custom role must belong to this workspace's account; the decider refuses any other (422).
    const customRoleAccountId = builtIn ? undefined : (await this.readStore.get<WorkspaceRoleDoc>(WORKSPACE_ROLES, role))?.account_id;
    const r = await this.runner.run({
      principal: p,
      request: ctx,
      scope: ws,
      permission: 'manage_workspace_service_accounts',
      decider: workspaceDecider,
      stream: streamName('workspace', ws.workspaceId),
      command: (now) => ({ type: 'GrantWorkspaceAccess' as const, data: { actorType: 'service_account' as const, actorId: botId, role, customRoleAccountId, now } }),
    });
    if (r.position !== undefined) await this.projections.wait(r.position);
    return this.read(ws, botId);
  }

  @Get(':botId')
  @RequiresScope('see_workspace_service_accounts')
  async get(@Workspace() ws: WorkspaceScope, @Param('botId') botId: string): Promise<BotAccess> {
    return this.read(ws, await this.bot(ws, botId));
  }

  @Delete(':botId')
  @HttpCode(204)
  @RequiresScope('manage_workspace_service_accounts')
  async revoke(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('botId') raw: string): Promise<void> {
    const botId = await this.bot(ws, raw);
    await this.read(ws, botId);
    const r = await this.runner.run({
      principal: p,
      request: ctx,
      scope: ws,
      permission: 'manage_workspace_service_accounts',
      decider: workspaceDecider,
      stream: streamName('workspace', ws.workspaceId),
      command: (now) => ({ type: 'RevokeWorkspaceAccess' as const, data: { actorId: botId, now } }),
    });
    if (r.position !== undefined) await this.projections.wait(r.position);
  }

  private async bot(ws: WorkspaceScope, raw: string): Promise<string> {
    const botId = raw.toLowerCase();
    const doc = isUuid(botId) ? await this.readStore.get<ServiceAccountDoc>(SERVICE_ACCOUNTS, botId) : undefined;
    if (!doc || doc.account_id !== ws.accountId) throw new NotFoundError('Bot not found');
    return botId;
  }

  private async read(ws: WorkspaceScope, botId: string): Promise<BotAccess> {
    const doc = await this.readStore.get<WorkspaceAccessDoc>(WORKSPACE_ACCESS, workspaceAccessId(ws.workspaceId, botId));
    if (!doc || doc.account_id !== ws.accountId || doc.actor_type !== 'service_account') throw new NotFoundError('Bot access not found');
    const builtIn = builtInRole(doc.workspace_role_name);
    return {
      id: nameBasedUuid('praetor:workspace-access', doc._id),
      workspace_id: doc.workspace_id,
      bot_id: doc.actor_id,
      actor_id: doc.actor_id,
      workspace_role_id: builtIn ? BUILT_IN_ROLE_IDS[builtIn] : doc.workspace_role_name,
      created: doc.created,
    };
  }
}

/** A new service account joins its account as a Member (bots hold no other account role). */
@CommandHandler(AddServiceAccountMemberCommand)
export class AddServiceAccountMemberHandler implements ICommandHandler<AddServiceAccountMemberCommand> {
  constructor(private readonly runner: CommandRunner) {}

  async execute(cmd: AddServiceAccountMemberCommand): Promise<{ position: number | undefined }> {
    const r = await this.runner.runAuthorized({
      principal: cmd.principal,
      request: cmd.request,
      scope: { kind: 'account', accountId: cmd.accountId },
      permission: 'create:bot',
      decider: accountDecider,
      stream: streamName('account', cmd.accountId),
      command: (now) => ({ type: 'AddAccountMember' as const, data: { userId: cmd.botId, role: 'member' as const, now } }),
    });
    return { position: r.position };
  }
}

/** A deleted service account loses its access to every workspace of its account. */
@CommandHandler(RemoveServiceAccountAccessCommand)
export class RemoveServiceAccountAccessHandler implements ICommandHandler<RemoveServiceAccountAccessCommand> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async execute(cmd: RemoveServiceAccountAccessCommand): Promise<{ position: number | undefined }> {
    const grants = await this.readStore.find<WorkspaceAccessDoc>(WORKSPACE_ACCESS, { actor_id: cmd.botId, account_id: cmd.accountId });
    let position: number | undefined;
    for (const grant of grants) {
      const r = await this.runner.runAuthorized({
        principal: cmd.principal,
        request: cmd.request,
        scope: { kind: 'workspace', accountId: cmd.accountId, workspaceId: grant.workspace_id },
        permission: 'manage_workspace_service_accounts',
        decider: workspaceDecider,
        stream: streamName('workspace', grant.workspace_id),
        command: (now) => ({ type: 'RevokeWorkspaceAccess' as const, data: { actorId: cmd.botId, now } }),
      });
      position = Math.max(position ?? 0, r.position ?? 0);
    }
    return { position };
  }
}
