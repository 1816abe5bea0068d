import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import { RequiresScope, Workspace, WORKSPACE_PREFIX, type WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import { READ_STORE, type ReadStore } from '../../../infrastructure/read-store/read-store.port';
import { CommandRunner, type Principal, type RequestContext } from '../../../shared/application';
import { streamName } from '../../../shared/ddd';
import { ValidationError } from '../../../shared/errors';
import { AddServiceAccountMemberCommand, RemoveServiceAccountAccessCommand } from '../../identity-access';
import { WorkspaceAccessUseCases, type BotAccessView } from '../application/workspace-access/workspace-access.use-cases';
import { accountDecider } from '../domain/account/account.decide';
import { workspaceDecider } from '../domain/workspace/workspace.decide';
import { WORKSPACE_ACCESS, type WorkspaceAccessDoc } from '../read-models';

/** Prefect Cloud's bot access object. */
export type BotAccess = Omit<BotAccessView, '_account' | '_workspace'>;

/**
 * A service account's access to a workspace (`.../workspaces/{w}/bot_access/`). `workspace_role_id`
 * takes what user access takes: a built-in role's id or name, or a custom role id of the account.
 * The bot must belong to the workspace's account; otherwise it is not found.
 */
@Controller(`${WORKSPACE_PREFIX}/bot_access`)
export class BotAccessController {
  constructor(private readonly access: WorkspaceAccessUseCases) {}

  @Post()
  @RequiresScope('manage_workspace_service_accounts')
  async grant(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() raw: unknown): Promise<BotAccess> {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ValidationError('the body must be a JSON object');
    const body = raw as Record<string, unknown>;
    if (typeof body.bot_id !== 'string') throw new ValidationError('bot_id is required');
    if (typeof body.workspace_role_id !== 'string') throw new ValidationError('workspace_role_id is required');
    return botAccessBody(await this.access.grantBot(p, ctx, ws, body.bot_id, body.workspace_role_id));
  }

  @Get(':botId')
  @RequiresScope('see_workspace_service_accounts')
  async get(@Workspace() ws: WorkspaceScope, @Param('botId') botId: string): Promise<BotAccess> {
    return botAccessBody(await this.access.bot(ws, await this.access.botOf(ws, botId)));
  }

  @Delete(':botId')
  @HttpCode(204)
  @RequiresScope('manage_workspace_service_accounts')
  async revoke(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('botId') botId: string): Promise<void> {
    await this.access.revokeBot(p, ctx, ws, botId);
  }
}

/** REST's shape: the view without the read-model fields GraphQL uses. */
function botAccessBody({ _account, _workspace, ...view }: BotAccessView): BotAccess {
  return view;
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
