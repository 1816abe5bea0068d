import { Injectable, type OnModuleInit } from '@nestjs/common';
import { connectionOf } from '../../../../infrastructure/graphql/connections';
import type { GraphqlContext } from '../../../../infrastructure/graphql/graphql-context';
import { GraphqlRegistry } from '../../../../infrastructure/graphql/graphql.registry';
import { workspaceOf } from '../../../../infrastructure/graphql/graphql-schema';
import { pathId } from '../../../../infrastructure/http/body-fields';
import { ValidationError } from '../../../../shared/errors';
import { accountRoleFromBody } from '../../application/account-memberships/account-roles';
import { AccountMembershipUseCases } from '../../application/account-memberships/account-memberships.use-cases';
import { AccountUseCases } from '../../application/accounts/account.use-cases';
import { InvitationUseCases } from '../../application/invitations/invitations.use-cases';
import { MeQueries } from '../../application/queries/me.queries';
import { WorkspaceUseCases } from '../../application/workspaces/workspaces.use-cases';
import { WorkspaceAccessUseCases } from '../../application/workspace-access/workspace-access.use-cases';

type Args = Record<string, unknown>;
type Parent = Record<string, unknown>;

/** Every REST list of these resources fits in memory (the use cases read them whole); GraphQL pages over it. */
const ALL = { limit: Number.MAX_SAFE_INTEGER, offset: 0 };

/** Field resolvers reading a parent's snake_case (REST) field for each camelCase GraphQL field; `createdAt` ← `created`. */
function snakeFields(...names: string[]): Record<string, (p: Parent) => unknown> {
  const source = (name: string) => (name === 'createdAt' ? 'created' : name === 'updatedAt' ? 'updated' : name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
  return Object.fromEntries(names.map((n) => [n, (p: Parent) => p[source(n)]]));
}

const accountId = (args: Args) => pathId(String(args.accountId), 'Account');
const id = (value: unknown, what: string) => pathId(String(value), what);

/** GraphQL queries and mutations of tenancy (SDL: schema/tenancy.graphql), registered with the GraphqlRegistry. */
@Injectable()
export class TenancyResolvers implements OnModuleInit {
  constructor(
    private readonly registry: GraphqlRegistry,
    private readonly me: MeQueries,
    private readonly accounts: AccountUseCases,
    private readonly members: AccountMembershipUseCases,
    private readonly workspaces: WorkspaceUseCases,
    private readonly invitations: InvitationUseCases,
    private readonly access: WorkspaceAccessUseCases,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      Query: {
        me: () => ({}),
        account: (_: unknown, args: Args, ctx: GraphqlContext) => this.accounts.get(ctx.principal, accountId(args)),
        accountMembers: async (_: unknown, args: Args, ctx: GraphqlContext) =>
          connectionOf(await this.members.filter(ctx.principal, accountId(args), ALL), { first: args.first as number | null, after: args.after as string | null }),
        accountRoles: (_: unknown, args: Args, ctx: GraphqlContext) => this.accounts.roles(ctx.principal, accountId(args)),
        workspaces: (_: unknown, args: Args, ctx: GraphqlContext) => this.workspaces.filter(ctx.principal, accountId(args), ALL),
        workspaceAccess: (parent: unknown, args: Args) => {
          const ws = workspaceOf(parent, args);
          return { _account: ws.accountId, _workspace: ws.workspaceId };
        },
        invitations: (_: unknown, args: Args, ctx: GraphqlContext) => {
          const status = Array.isArray(args.status) ? (args.status as string[]).map((s) => s.toLowerCase()) : undefined;
          return this.invitations.filter(ctx.principal, accountId(args), { status }, ALL);
        },
        myInvitations: (_: unknown, _args: Args, ctx: GraphqlContext) => this.invitations.mine(ctx.principal),
      },
      Mutation: {
        inviteMember: (_: unknown, args: Args, ctx: GraphqlContext) => {
          const access = (args.workspaceAccess as { workspaceId: string; workspaceRoleId: string }[] | null | undefined) ?? [];
          const role = typeof args.accountRoleName === 'string' ? args.accountRoleName.toLowerCase() : undefined;
          return this.invitations.create(ctx.principal, ctx.request, accountId(args), {
            email: args.email,
            ...(role !== undefined ? { account_role_name: role } : {}),
            workspace_access: access.map((a) => ({ workspace_id: a.workspaceId, workspace_role_id: a.workspaceRoleId })),
          });
        },
        revokeInvitation: async (_: unknown, args: Args, ctx: GraphqlContext) => {
          await this.invitations.revoke(ctx.principal, ctx.request, accountId(args), id(args.invitationId, 'Invitation'));
          return true;
        },
        acceptInvitation: (_: unknown, args: Args, ctx: GraphqlContext) => this.invitations.accept(ctx.principal, ctx.request, id(args.invitationId, 'Invitation')),
        rejectInvitation: (_: unknown, args: Args, ctx: GraphqlContext) => this.invitations.reject(ctx.principal, ctx.request, id(args.invitationId, 'Invitation')),
        changeMemberRole: async (_: unknown, args: Args, ctx: GraphqlContext) => {
          const account = accountId(args);
          const member = id(args.memberId, 'Account membership');
          await this.members.changeRole(ctx.principal, ctx.request, account, member, accountRoleFromBody({ account_role_name: args.accountRoleName }));
          return this.members.get(ctx.principal, account, member);
        },
        removeMember: async (_: unknown, args: Args, ctx: GraphqlContext) => {
          await this.members.remove(ctx.principal, ctx.request, accountId(args), id(args.memberId, 'Account membership'));
          return true;
        },
        grantWorkspaceAccess: (parent: unknown, args: Args, ctx: GraphqlContext) =>
          this.access.grantUser(ctx.principal, ctx.request, workspaceOf(parent, args), String(args.userId), roleRef(args)),
        revokeWorkspaceAccess: async (parent: unknown, args: Args, ctx: GraphqlContext) => {
          await this.access.revokeUser(ctx.principal, ctx.request, workspaceOf(parent, args), String(args.userId));
          return true;
        },
        grantServiceAccountWorkspaceAccess: (parent: unknown, args: Args, ctx: GraphqlContext) =>
          this.access.grantBot(ctx.principal, ctx.request, workspaceOf(parent, args), String(args.botId), roleRef(args)),
        revokeServiceAccountWorkspaceAccess: async (parent: unknown, args: Args, ctx: GraphqlContext) => {
          await this.access.revokeBot(ctx.principal, ctx.request, workspaceOf(parent, args), String(args.botId));
          return true;
        },
      },
      Me: {
        user: (_: unknown, _args: Args, ctx: GraphqlContext) => this.me.me(ctx.principal),
        accounts: (_: unknown, _args: Args, ctx: GraphqlContext) => this.me.accounts(ctx.principal),
        workspaces: (_: unknown, _args: Args, ctx: GraphqlContext) => this.me.workspaces(ctx.principal),
      },
      WorkspaceAccess: {
        users: (parent: Parent) => this.access.users(workspaceOf(parent, {})),
        serviceAccounts: (parent: Parent) => this.access.bots(workspaceOf(parent, {})),
      },
      Account: snakeFields('imageLocation', 'authExpirationSeconds', 'auditLogRetentionDays', 'domainNames', 'createdAt', 'updatedAt'),
      MyAccount: snakeFields('accountId', 'accountName', 'accountHandle', 'accountRoleName'),
      MyWorkspace: snakeFields('accountId', 'accountName', 'accountHandle', 'workspaceId', 'workspaceName', 'workspaceDescription', 'workspaceHandle'),
      Workspace: snakeFields('accountId', 'defaultWorkspaceRoleId', 'isPublic', 'createdAt', 'updatedAt'),
      Member: snakeFields('actorId', 'userId', 'firstName', 'lastName', 'accountRoleName', 'accountRoleId', 'lastLogin'),
      AccountRole: snakeFields('accountId', 'isSystemRole'),
      WorkspaceUserAccess: snakeFields('workspaceId', 'workspaceRoleId', 'actorId', 'userId', 'createdAt'),
      WorkspaceBotAccess: snakeFields('workspaceId', 'botId', 'actorId', 'workspaceRoleId', 'createdAt'),
      InvitationWorkspaceAccess: snakeFields('workspaceId', 'workspaceRoleId'),
      InvitedBy: snakeFields('displayValue'),
      Invitation: {
        ...snakeFields('accountId', 'accountRoleName', 'workspaceAccess', 'expiresAt', 'createdAt', 'invitedBy'),
        status: (p: Parent) => String(p.status).toUpperCase(),
      },
    });
  }
}

function roleRef(args: Args): string {
  if (typeof args.workspaceRoleId !== 'string' || args.workspaceRoleId === '') throw new ValidationError('workspaceRoleId is required');
  return args.workspaceRoleId;
}
