import { randomUUID } from 'node:crypto';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { declaredFieldAuthorization } from '../../src/infrastructure/graphql/graphql-schema';

/**
 * Operations generated from a GraphQL schema, one per root field, for the authorization matrix: the arguments
 * come from the field's types, the selection is `{ __typename }` for object results.
 */

export type RootType = 'Query' | 'Mutation' | 'Subscription';
export type OperationKind = 'workspace' | 'account' | 'authenticated';

/** Where a cell runs: the values of the placed arguments. */
export interface Place {
  readonly accountId?: string;
  readonly workspaceId?: string;
}

export interface GeneratedRequest {
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

export interface Operation {
  readonly type: RootType;
  readonly field: string;
  /** `Query.flowRuns` */
  readonly name: string;
  readonly kind: OperationKind;
  /** The declared scope or permission (null for `@authenticated`). */
  readonly value: string | null;
  /** Names of the field's arguments, required or not. */
  readonly args: readonly string[];
  /** Names of the field's required `ID` arguments other than accountId/workspaceId. */
  readonly requiredIds: readonly string[];
  /**
   * The request: accountId/workspaceId from `place`; other required arguments generated (an `ID` from `ids(name)`,
   * else a random UUID). Optional arguments are left out.
   */
  request(place: Place, ids?: (argName: string) => string | undefined): GeneratedRequest;
}

const PLACED = new Set(['accountId', 'workspaceId']);

/** Every root field of the schema as an operation; throws when a root field declares no authorization. */
export function graphqlOperations(schema: GraphQLSchema): Operation[] {
  const declared = declaredFieldAuthorization(schema);
  const undeclared = declared.filter((d) => d.directive === null);
  if (undeclared.length > 0) throw new Error(`root fields without an authorization directive: ${undeclared.map((d) => `${d.type}.${d.field}`).join(', ')}`);
  const roots: Record<RootType, ReturnType<GraphQLSchema['getQueryType']>> = { Query: schema.getQueryType(), Mutation: schema.getMutationType(), Subscription: schema.getSubscriptionType() };
  const out: Operation[] = [];
  for (const d of declared) {
    const root = roots[d.type as RootType];
    if (!root || root.name !== d.type) continue;
    const field = root.getFields()[d.field]!;
    const kind: OperationKind = d.directive === 'workspaceScope' ? 'workspace' : d.directive === 'accountPermission' ? 'account' : 'authenticated';
    out.push({
      type: d.type as RootType,
      field: d.field,
      name: `${d.type}.${d.field}`,
      kind,
      value: d.value,
      args: field.args.map((a) => a.name),
      requiredIds: field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined && getNamedType(a.type).name === 'ID' && !PLACED.has(a.name)).map((a) => a.name),
      request: (place, ids) => requestFor(d.type as RootType, field, place, ids),
    });
  }
  return out;
}

function requestFor(type: RootType, field: GraphQLField<unknown, unknown>, place: Place, ids?: (argName: string) => string | undefined): GeneratedRequest {
  const variables: Record<string, unknown> = {};
  const params: string[] = [];
  const passed: string[] = [];
  for (const arg of field.args) {
    const placed = PLACED.has(arg.name) ? place[arg.name as keyof Place] : undefined;
    if (placed === undefined && (!isNonNullType(arg.type) || arg.defaultValue !== undefined)) continue;
    const value = placed ?? (getNamedType(arg.type).name === 'ID' ? (ids?.(arg.name) ?? randomUUID()) : sample(arg.type, []));
    variables[arg.name] = value;
    params.push(`$${arg.name}: ${String(arg.type)}`);
    passed.push(`${arg.name}: $${arg.name}`);
  }
  const named = getNamedType(field.type);
  const selection = isScalarType(named) || isEnumType(named) ? '' : ' { __typename }';
  const keyword = type === 'Query' ? 'query' : type === 'Mutation' ? 'mutation' : 'subscription';
  const query = `${keyword} Matrix${params.length ? `(${params.join(', ')})` : ''} { ${field.name}${passed.length ? `(${passed.join(', ')})` : ''}${selection} }`;
  return { query, variables };
}

/** A value of an input type: ID → UUID, String → "x", Int → 1, Boolean → false, enum → its first value, input object → its required fields, list → []. */
export function sample(type: GraphQLInputType, seen: readonly string[]): unknown {
  const t = getNullableType(type);
  if (isListType(t)) return [];
  if (isEnumType(t)) return t.getValues()[0]!.value;
  if (isInputObjectType(t)) {
    if (seen.includes(t.name)) throw new Error(`input type ${t.name} requires itself: no finite sample`);
    const out: Record<string, unknown> = {};
    for (const f of Object.values(t.getFields())) {
      if (isNonNullType(f.type) && f.defaultValue === undefined) out[f.name] = sample(f.type, [...seen, t.name]);
    }
    return out;
  }
  switch (t.name) {
    case 'ID':
      return randomUUID();
    case 'String':
      return 'x';
    case 'Int':
      return 1;
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'DateTime':
      return new Date().toISOString();
    case 'JSON':
      return {};
    default:
      return 'x';
  }
}
