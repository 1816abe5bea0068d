import { Inject, Injectable } from '@nestjs/common';
import { isUuid } from '../../../../infrastructure/http/body-fields';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { CommandRunner, nameBasedUuid, type Principal, type RequestContext } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { NotFoundError } from '../../../../shared/errors';
import { BUILT_IN_ROLE_IDS, builtInRole, SERVICE_ACCOUNTS, USERS, WORKSPACE_ROLES, type ServiceAccountDoc, type WorkspaceRoleDoc } from '../../../identity-access';
import { workspaceDecider } from '../../domain/workspace/workspace.decide';
import type { WorkspaceCommand } from '../../domain/workspace/workspace.commands';
import { WORKSPACE_ACCESS, workspaceAccessId, type WorkspaceAccessDoc } from '../../read-models';

export type WorkspaceScope = { kind: 'workspace'; accountId: string; workspaceId: string };

/** `.../user_access/{userId}` (REST's shape) plus the read-model's `_account`/`_workspace`. */
export interface UserAccessView {
  id: string;
  workspace_id: string;
  workspace_role_id: string;
  actor_id: string;
  user_id: string;
  created: string;
  _account: string;
  _workspace: string;
}

/** `.../bot_access/{botId}` (REST's shape) plus the read-model's `_account`/`_workspace`. */
export interface BotAccessView {
  id: string;
  workspace_id: string;
  bot_id: string;
  actor_id: string;
  workspace_role_id: string;
  created: string;
  _account: string;
  _workspace: string;
}

const SCOPES = { users: 'manage_workspace_users', bots: 'manage_workspace_service_accounts' } as const;

const roleId = (doc: WorkspaceAccessDoc) => {
  const builtIn = builtInRole(doc.workspace_role_name);
  return builtIn ? BUILT_IN_ROLE_IDS[builtIn] : doc.workspace_role_name;
};

/**
 * Workspace access of users and service accounts: grant a built-in or custom role of the workspace's account,
 * revoke, read, list. Used by the REST `user_access` / `bot_access` routes and by GraphQL. A bot must belong to the
 * workspace's account; otherwise it is not found. The views carry `_account`/`_workspace` for GraphQL's nested
 * authorization; REST strips them.
 */
@Injectable()
export class WorkspaceAccessUseCases {
  constructor(
    private readonly runner: CommandRunner,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async users(ws: WorkspaceScope): Promise<UserAccessView[]> {
    const docs = await this.readStore.find<WorkspaceAccessDoc>(WORKSPACE_ACCESS, { workspace_id: ws.workspaceId, account_id: ws.accountId, actor_type: 'user' });
    return docs.map(userView).sort((a, b) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id));
  }

  async bots(ws: WorkspaceScope): Promise<BotAccessView[]> {
    const docs = await this.readStore.find<WorkspaceAccessDoc>(WORKSPACE_ACCESS, { workspace_id: ws.workspaceId, account_id: ws.accountId, actor_type: 'service_account' });
    return docs.map(botView).sort((a, b) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id));
  }

  async grantUser(p: Principal, request: RequestContext, ws: WorkspaceScope, rawUserId: string, roleRef: string): Promise<UserAccessView> {
    const userId = rawUserId.toLowerCase();
    if (!isUuid(userId) || !(await this.readStore.get(USERS, userId))) throw new NotFoundError('User not found');
    await this.grant(p, request, ws, SCOPES.users, 'user', userId, roleRef);
    return this.user(ws, userId);
  }

  async revokeUser(p: Principal, request: RequestContext, ws: WorkspaceScope, rawUserId: string): Promise<void> {
    const userId = rawUserId.toLowerCase();
    await this.user(ws, userId); // not found when the user holds no access here
    await this.revoke(p, request, ws, SCOPES.users, userId);
  }

  async grantBot(p: Principal, request: RequestContext, ws: WorkspaceScope, rawBotId: string, roleRef: string): Promise<BotAccessView> {
    const botId = await this.botOf(ws, rawBotId);
    await this.grant(p, request, ws, SCOPES.bots, 'service_account', botId, roleRef);
    return this.bot(ws, botId);
  }

  async revokeBot(p: Principal, request: RequestContext, ws: WorkspaceScope, rawBotId: string): Promise<void> {
    const botId = await this.botOf(ws, rawBotId);
    await this.bot(ws, botId);
    await this.revoke(p, request, ws, SCOPES.bots, botId);
  }

  private async grant(p: Principal, request: RequestContext, ws: WorkspaceScope, permission: string, actorType: 'user' | 'service_account', actorId: string, ref: string): Promise<void> {
    const builtIn = builtInRole(ref);
    const role = builtIn ?? ref.toLowerCase();
    // A custom role must belong to this workspace's account; the decider refuses any other (422).
    const customRoleAccountId = builtIn ? undefined : (await this.readStore.get<WorkspaceRoleDoc>(WORKSPACE_ROLES, role))?.account_id;
    await this.onWorkspace(p, request, ws, permission, (now) => ({ type: 'GrantWorkspaceAccess' as const, data: { actorType, actorId, role, customRoleAccountId, now } }));
  }

  private revoke(p: Principal, request: RequestContext, ws: WorkspaceScope, permission: string, actorId: string): Promise<void> {
    return this.onWorkspace(p, request, ws, permission, (now) => ({ type: 'RevokeWorkspaceAccess' as const, data: { actorId, now } }));
  }

  /** One command on the workspace's stream, then wait until the read models show it. */
  private async onWorkspace(p: Principal, request: RequestContext, ws: WorkspaceScope, permission: string, command: (now: string) => WorkspaceCommand): Promise<void> {
    const r = await this.runner.run({ principal: p, request, permission, scope: ws, decider: workspaceDecider, stream: streamName('workspace', ws.workspaceId), command });
    if (r.position !== undefined) await this.projections.wait(r.position);
  }

  async botOf(ws: WorkspaceScope, raw: string): Promise<string> {
    const botId = raw.toLowerCase();
    const doc = isUuid(botId) ? await this.readStore.get<ServiceAccountDoc>(SERVICE_ACCOUNTS, botId) : undefined;
    if (!doc || doc.account_id !== ws.accountId) throw new NotFoundError('Bot not found');
    return botId;
  }

  async user(ws: WorkspaceScope, userId: string): Promise<UserAccessView> {
    const doc = isUuid(userId) ? await this.readStore.get<WorkspaceAccessDoc>(WORKSPACE_ACCESS, workspaceAccessId(ws.workspaceId, userId.toLowerCase())) : undefined;
    if (!doc || doc.account_id !== ws.accountId || doc.actor_type !== 'user') throw new NotFoundError('Workspace access not found');
    return userView(doc);
  }

  async bot(ws: WorkspaceScope, botId: string): Promise<BotAccessView> {
    const doc = await this.readStore.get<WorkspaceAccessDoc>(WORKSPACE_ACCESS, workspaceAccessId(ws.workspaceId, botId));
    if (!doc || doc.account_id !== ws.accountId || doc.actor_type !== 'service_account') throw new NotFoundError('Bot access not found');
    return botView(doc);
  }
}

function userView(doc: WorkspaceAccessDoc): UserAccessView {
  return { id: doc._id, workspace_id: doc.workspace_id, workspace_role_id: roleId(doc), actor_id: doc.actor_id, user_id: doc.actor_id, created: doc.created, _account: doc.account_id, _workspace: doc.workspace_id };
}

function botView(doc: WorkspaceAccessDoc): BotAccessView {
  return {
    id: nameBasedUuid('praetor:workspace-access', doc._id),
    workspace_id: doc.workspace_id,
    bot_id: doc.actor_id,
    actor_id: doc.actor_id,
    workspace_role_id: roleId(doc),
    created: doc.created,
    _account: doc.account_id,
    _workspace: doc.workspace_id,
  };
}
