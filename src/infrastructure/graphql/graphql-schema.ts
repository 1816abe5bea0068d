import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { getDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, GraphQLScalarType, Kind, type GraphQLFieldConfig, type GraphQLSchema } from 'graphql';
import type { Authorizer, Scope } from '../../shared/application';
import { NotFoundError, ValidationError } from '../../shared/errors';
import type { GraphqlContext } from './graphql-context';
import type { ResolverMap } from './graphql.registry';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'] as const;
export const AUTH_DIRECTIVES = ['workspaceScope', 'accountPermission', 'authenticated'] as const;

/** The `schema/` folder of the project: found upwards from this file, so it works from `src/` and `dist/src/`. */
export function schemaDir(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'schema');
    if (existsSync(join(candidate, 'common.graphql'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`no schema/common.graphql above ${from}`);
  }
}

/** Every `*.graphql` file of the schema folder, in name order (common.graphql first). */
export function loadTypeDefs(dir = schemaDir()): string[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort((a, b) => (a === 'common.graphql' ? -1 : b === 'common.graphql' ? 1 : a.localeCompare(b)));
  return files.map((f) => readFileSync(join(dir, f), 'utf8'));
}

const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An ISO-8601 UTC timestamp.',
  serialize: (v) => (v instanceof Date ? v.toISOString() : String(v)),
  parseValue: (v) => isoDate(v),
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? isoDate(ast.value) : invalidDate()),
});

function isoDate(v: unknown): string {
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) return invalidDate();
  return v;
}
function invalidDate(): never {
  throw new ValidationError('DateTime must be an ISO-8601 string');
}

function literal(ast: import('graphql').ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
    case Kind.ENUM:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map(literal);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literal(f.value)]));
    case Kind.VARIABLE:
      throw new ValidationError('variables inside a JSON literal are not supported');
  }
}

const JSONScalar = new GraphQLScalarType({ name: 'JSON', description: 'Any JSON value.', serialize: (v) => v, parseValue: (v) => v, parseLiteral: literal });

/** The workspace a field applies to: its `accountId`/`workspaceId` arguments, else the parent document's `_account`/`_workspace`. */
export function workspaceOf(parent: unknown, args: Record<string, unknown>): Scope & { kind: 'workspace' } {
  const p = (parent ?? {}) as Record<string, unknown>;
  const accountId = args.accountId ?? p._account;
  const workspaceId = args.workspaceId ?? p._workspace;
  if (typeof accountId !== 'string' || typeof workspaceId !== 'string' || !UUID.test(accountId) || !UUID.test(workspaceId)) throw new NotFoundError('Workspace not found');
  return { kind: 'workspace', accountId: accountId.toLowerCase(), workspaceId: workspaceId.toLowerCase() };
}

/** The account a field applies to: its `accountId` argument, else the parent document's `_account`. */
export function accountOf(parent: unknown, args: Record<string, unknown>): Scope & { kind: 'account' } {
  const accountId = args.accountId ?? (parent as Record<string, unknown> | undefined)?._account;
  if (typeof accountId !== 'string' || !UUID.test(accountId)) throw new NotFoundError('Account not found');
  return { kind: 'account', accountId: accountId.toLowerCase() };
}

/** What a field declares about who may call it (the authorization matrix reads the same). */
export interface FieldAuthorization {
  readonly type: string;
  readonly field: string;
  readonly directive: (typeof AUTH_DIRECTIVES)[number];
  readonly value: string | null;
}

/** Every field that carries an authorization directive, and every root field (with `null` when it declares none). */
export function declaredFieldAuthorization(schema: GraphQLSchema): Array<Omit<FieldAuthorization, 'directive' | 'value'> & { directive: FieldAuthorization['directive'] | null; value: string | null }> {
  const out: Array<Omit<FieldAuthorization, 'directive' | 'value'> & { directive: FieldAuthorization['directive'] | null; value: string | null }> = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !('getFields' in type) || !('isTypeOf' in type)) continue;
    for (const field of Object.values((type as import('graphql').GraphQLObjectType).getFields())) {
      const found = AUTH_DIRECTIVES.flatMap((d) => (getDirective(schema, field, d) ?? []).map((args) => ({ directive: d, value: (args.scope ?? args.permission ?? null) as string | null })));
      if (found.length > 1) throw new Error(`${type.name}.${field.name} declares more than one authorization directive`);
      if (found.length === 1) out.push({ type: type.name, field: field.name, ...found[0]! });
      else if ((ROOT_TYPES as readonly string[]).includes(type.name)) out.push({ type: type.name, field: field.name, directive: null, value: null });
    }
  }
  return out;
}

/**
 * Builds the executable schema and wraps every field that declares an authorization directive: the authorizer
 * decides before the resolver (or a subscription's `subscribe`) runs. Fails closed: a root field that declares
 * nothing stops the server from starting.
 */
export function buildGraphqlSchema(typeDefs: readonly string[], resolverMaps: readonly ResolverMap[], authorizer: Authorizer): GraphQLSchema {
  const base = makeExecutableSchema({ typeDefs: [...typeDefs], resolvers: [{ DateTime, JSON: JSONScalar }, ...resolverMaps] as never });
  const undeclared = declaredFieldAuthorization(base).filter((f) => f.directive === null);
  if (undeclared.length > 0) throw new Error(`GraphQL root fields without an authorization directive: ${undeclared.map((f) => `${f.type}.${f.field}`).join(', ')}`);
  return mapSchema(base, {
    [MapperKind.OBJECT_FIELD]: (config: GraphQLFieldConfig<unknown, GraphqlContext>) => {
      const check = authorizationOf(base, config);
      if (!check) return config;
      const guard = async (parent: unknown, args: Record<string, unknown>, ctx: GraphqlContext) => {
        if (check.directive === 'authenticated') return;
        if (check.directive === 'workspaceScope') return authorizer.authorize(ctx.principal, check.value!, workspaceOf(parent, args));
        return authorizer.authorize(ctx.principal, check.value!, accountOf(parent, args));
      };
      const resolve = config.resolve ?? defaultFieldResolver;
      const wrapped: GraphQLFieldConfig<unknown, GraphqlContext> = {
        ...config,
        resolve: async (parent, args, ctx, info) => {
          // A subscription's payload was authorized by `subscribe` (and per event by its source).
          if (!config.subscribe) await guard(parent, args, ctx);
          return resolve(parent, args, ctx, info);
        },
      };
      if (config.subscribe) {
        const subscribe = config.subscribe;
        wrapped.subscribe = async (parent, args, ctx, info) => {
          await guard(parent, args, ctx);
          return subscribe(parent, args, ctx, info);
        };
      }
      return wrapped;
    },
  });
}

function authorizationOf(schema: GraphQLSchema, config: GraphQLFieldConfig<unknown, GraphqlContext>): { directive: (typeof AUTH_DIRECTIVES)[number]; value: string | null } | undefined {
  for (const d of AUTH_DIRECTIVES) {
    const args = getDirective(schema, config, d)?.[0];
    if (args) return { directive: d, value: (args.scope ?? args.permission ?? null) as string | null };
  }
  return undefined;
}
