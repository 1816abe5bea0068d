import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { GraphqlContext } from '../../../../infrastructure/graphql/graphql-context';
import { GraphqlRegistry } from '../../../../infrastructure/graphql/graphql.registry';
import { pathId } from '../../../../infrastructure/http/body-fields';
import { ValidationError } from '../../../../shared/errors';
import { expirationFrom, ServiceAccountUseCases, type Bot } from '../../application/service-accounts/service-accounts.use-cases';
import { UserUseCases } from '../../application/users/users.use-cases';
import { WorkspaceRolesService } from '../../application/workspace-roles/workspace-roles.service';

type Args = Record<string, unknown>;
type Parent = Record<string, unknown>;

/** Field resolvers reading a parent's snake_case (REST) field for each camelCase GraphQL field; `createdAt` ← `created`. */
function snakeFields(...names: string[]): Record<string, (p: Parent) => unknown> {
  const source = (name: string) => (name === 'createdAt' ? 'created' : name === 'updatedAt' ? 'updated' : name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
  return Object.fromEntries(names.map((n) => [n, (p: Parent) => p[source(n)]]));
}

const accountId = (args: Args) => pathId(String(args.accountId), 'Account');

/** The bot with its key's metadata only, and the new key beside it (the one place it is shown). */
function withKey(bot: Bot): { serviceAccount: Bot; key: string } {
  const key = bot.api_key?.key;
  if (key === undefined) throw new Error('a new service account key was not returned');
  const { key: _shown, ...metadata } = bot.api_key!;
  return { serviceAccount: { ...bot, api_key: metadata }, key };
}

/** GraphQL queries and mutations of identity-access (SDL: schema/identity-access.graphql), registered with the GraphqlRegistry. */
@Injectable()
export class IdentityAccessResolvers implements OnModuleInit {
  constructor(
    private readonly registry: GraphqlRegistry,
    private readonly users: UserUseCases,
    private readonly bots: ServiceAccountUseCases,
    private readonly roles: WorkspaceRolesService,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      Query: {
        myApiKeys: (_: unknown, _args: Args, ctx: GraphqlContext) => this.users.listApiKeys(ctx.principal, ctx.principal.actor.id),
        workspaceRoles: (_: unknown, args: Args, ctx: GraphqlContext) => this.roles.filter(ctx.principal, accountId(args), {}),
        serviceAccounts: (_: unknown, args: Args, ctx: GraphqlContext) => this.bots.filter(ctx.principal, accountId(args), { limit: Number.MAX_SAFE_INTEGER, offset: 0 }),
      },
      Mutation: {
        createApiKey: async (_: unknown, args: Args, ctx: GraphqlContext) => {
          const created = await this.users.createApiKey(ctx.principal, ctx.request, ctx.principal.actor.id, {
            name: String(args.name),
            expiration: expirationFrom(args.expiration, 'expiration'),
          });
          const { key, ...apiKey } = created;
          if (key === undefined) throw new Error('a new API key was not returned');
          return { apiKey, key };
        },
        revokeApiKey: async (_: unknown, args: Args, ctx: GraphqlContext) => {
          await this.users.deleteApiKey(ctx.principal, ctx.request, ctx.principal.actor.id, pathId(String(args.id), 'API key'));
          return true;
        },
        createServiceAccount: async (_: unknown, args: Args, ctx: GraphqlContext) =>
          withKey(await this.bots.create(ctx.principal, ctx.request, accountId(args), { name: String(args.name), expiration: expirationFrom(args.apiKeyExpiration, 'apiKeyExpiration') })),
        rotateServiceAccountKey: async (_: unknown, args: Args, ctx: GraphqlContext) => {
          const grace = args.oldKeyExpiresInSeconds ?? 0;
          if (typeof grace !== 'number' || grace < 0) throw new ValidationError('oldKeyExpiresInSeconds must be a non-negative number');
          const bot = await this.bots.rotate(ctx.principal, ctx.request, accountId(args), pathId(String(args.id), 'Bot'), {
            expiration: expirationFrom(args.apiKeyExpiration, 'apiKeyExpiration'),
            oldKeyExpiresInSeconds: grace,
          });
          return withKey(bot);
        },
        deleteServiceAccount: async (_: unknown, args: Args, ctx: GraphqlContext) => {
          await this.bots.delete(ctx.principal, ctx.request, accountId(args), pathId(String(args.id), 'Bot'));
          return true;
        },
      },
      User: snakeFields('actorId', 'firstName', 'lastName', 'imageLocation', 'createdAt', 'updatedAt'),
      ApiKey: snakeFields('createdAt'),
      ServiceAccount: snakeFields('actorId', 'accountId', 'accountRoleName', 'createdAt', 'updatedAt', 'apiKey'),
      WorkspaceRole: {
        ...snakeFields('accountId', 'inheritedRoleId', 'createdAt', 'updatedAt'),
        isBuiltIn: (p: Parent) => p.account_id === null,
      },
    });
  }
}
