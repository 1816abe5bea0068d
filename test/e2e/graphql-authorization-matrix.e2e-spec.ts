import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it, type TestContext } from 'node:test';
import { buildSchema } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { roleGrants } from '../../src/contexts/identity-access';
import { accountRoleHolds } from '../../src/contexts/tenancy/application/authorization/account-permissions';
import { GraphqlExecutor } from '../../src/infrastructure/graphql/graphql-executor';
import { declaredFieldAuthorization } from '../../src/infrastructure/graphql/graphql-schema';
import { graphqlOperations, type GeneratedRequest, type Operation, type Place } from '../support/graphql-operations';
import { MatrixActors, pool } from '../support/matrix-actors';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * The GraphQL authorization matrix (issue 5/6): every root field of the running server's schema × every built-in
 * role × three places. Operations are generated from the schema when the test runs (graphql-operations.ts), so a
 * field added tomorrow is in the matrix tomorrow. Queries and mutations go over `POST /graphql`, subscriptions over
 * graphql-ws.
 *
 * A cell's expectation: in the caller's own workspace/account, the role grants the field's scope or permission →
 * no authorization error (the resolver may still refuse the random ids), and a subscription delivers an event;
 * else FORBIDDEN with the authorizer's message; anywhere else → NOT_FOUND with the authorizer's message.
 */

/** Root fields declared when this test was last brought up to date: the schema may grow, never shrink. */
const MIN_OPERATIONS = 57;
const CONCURRENCY = 8;
/** How long an allowed subscription may take to deliver its first event while the test keeps causing events. */
const EVENT_DEADLINE_MS = 20_000;
/** How long a refused subscription may take to answer its error. */
const ERROR_DEADLINE_MS = 10_000;

type Expected = 'passes' | 'FORBIDDEN' | 'NOT_FOUND';

interface Cell {
  readonly op: Operation;
  readonly row: string;
  readonly place: string;
  readonly expected: Expected;
  readonly key: string;
  readonly at: Place;
}

interface GraphqlError {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string };
}

interface Answer {
  /** HTTP status for queries and mutations; 0 over graphql-ws. */
  readonly status: number;
  /** Whether the operation ran (a result with `data`, or a subscription's event). */
  readonly executed: boolean;
  readonly errors: readonly GraphqlError[];
  /** What happened, for the failure message. */
  readonly text: string;
}

const AUTHORIZER_404 = /Workspace not found|Account not found/;
const isRefusal = (e: GraphqlError) => e.extensions?.code === 'FORBIDDEN' && /does not have the/.test(e.message);
const isHiding = (e: GraphqlError) => e.extensions?.code === 'NOT_FOUND' && AUTHORIZER_404.test(e.message);

/** What was wrong with a cell's answer, or undefined when it is the expected one. */
function mismatch(cell: Cell, a: Answer): string | undefined {
  if (a.status !== 0 && a.status !== 200) return `HTTP ${a.status}`;
  switch (cell.expected) {
    case 'passes':
      if (a.errors.some(isRefusal)) return 'refused by the authorizer (FORBIDDEN)';
      if (a.errors.some(isHiding)) return 'hidden by the authorizer (NOT_FOUND)';
      if (a.errors.some((e) => e.extensions?.code === 'INTERNAL')) return 'a server error (INTERNAL)';
      if (!a.executed) return cell.op.type === 'Subscription' ? 'no event delivered' : 'not executed';
      return undefined;
    case 'FORBIDDEN': {
      const first = a.errors[0];
      if (first?.extensions?.code !== 'FORBIDDEN') return 'not FORBIDDEN';
      if (!first.message.includes(`does not have the ${cell.op.value}`)) return `FORBIDDEN without "does not have the ${cell.op.value}"`;
      return undefined;
    }
    case 'NOT_FOUND': {
      const first = a.errors[0];
      if (first?.extensions?.code !== 'NOT_FOUND') return 'not NOT_FOUND';
      if (!AUTHORIZER_404.test(first.message)) return `NOT_FOUND not from the authorizer (${AUTHORIZER_404.source})`;
      return undefined;
    }
  }
}

/** A mutation that would delete, or take the caller out of, the very place it names (it takes no other id). */
function targetsItsPlace(op: Operation): boolean {
  return op.type === 'Mutation' && op.requiredIds.length === 0 && /^(delete|remove|leave|archive|revoke)/i.test(op.field);
}

/** The answer in short, for messages: its errors' codes and messages, else its text. */
const describeAnswer = (a: Answer) => (a.errors.length > 0 ? a.errors.map((e) => `${e.extensions?.code ?? '?'} "${e.message}"`).join('; ') : a.text).slice(0, 200);

describe('GraphQL authorization matrix: every root field × every built-in role × own, sibling and foreign places', () => {
  let t: TestServer;
  let m: MatrixActors;
  let ops: Operation[];
  const clients = new Set<Client>();
  /** Flow run, task run and flow of W1 that subscriptions name, so that the events the test causes reach them. */
  let fixture: { flowId: string; flowRunId: string; taskRunId: string } | undefined;
  let stirs = 0;

  const byKind = (kind: Operation['kind']) => ops.filter((o) => o.kind === kind);

  const rest = async (path: string, body: unknown, key = t.apiKey): Promise<unknown> => {
    const res = await t.fetch(path, { method: 'POST', key, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    assert.ok(res.status >= 200 && res.status < 300, `POST ${path}: ${res.status} ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };

  const fixtures = async () => {
    if (fixture) return fixture;
    const flow = (await rest(`${t.workspaceApi}/flows/`, { name: 'matrix-flow', tags: [], labels: {} })) as { id: string };
    const run = (await rest(`${t.workspaceApi}/flow_runs/`, { flow_id: flow.id, state: { type: 'PENDING' } })) as { id: string };
    const task = (await rest(`${t.workspaceApi}/task_runs/`, { flow_run_id: run.id, task_key: 'matrix', dynamic_key: '0', name: 'matrix-0', state: { type: 'PENDING' } })) as { id: string };
    fixture = { flowId: flow.id, flowRunId: run.id, taskRunId: task.id };
    return fixture;
  };

  /**
   * Causes one round of events in W1 and in A that subscriptions can deliver: state changes of the fixture run and
   * of its task run, a new task run and a log line of the fixture run, a new flow run, and an account change.
   */
  const stir = async () => {
    const f = await fixtures();
    const n = ++stirs;
    await rest(`${t.workspaceApi}/flow_runs/${f.flowRunId}/set_state`, { state: { type: n % 2 ? 'RUNNING' : 'PENDING' }, force: true });
    await rest(`${t.workspaceApi}/task_runs/${f.taskRunId}/set_state`, { state: { type: n % 2 ? 'RUNNING' : 'PENDING' }, force: true });
    await rest(`${t.workspaceApi}/task_runs/`, { flow_run_id: f.flowRunId, task_key: 'matrix', dynamic_key: String(n), name: `matrix-${n}`, state: { type: 'RUNNING' } });
    await rest(`${t.workspaceApi}/logs/`, [{ name: 'matrix', level: 20, message: `stir ${n}`, timestamp: new Date().toISOString(), flow_run_id: f.flowRunId, task_run_id: f.taskRunId }]);
    await rest(`${t.workspaceApi}/flow_runs/`, { flow_id: f.flowId, state: { type: 'SCHEDULED' } });
    await rest(`/accounts/${m.accountId}/bots/`, { name: `matrix-stir-${n}` });
  };

  /** Values for a subscription's ID arguments: the fixtures of W1. */
  const subscriptionIds = (f: NonNullable<typeof fixture>) => (name: string) => ({ flowRunId: f.flowRunId, taskRunId: f.taskRunId, flowId: f.flowId })[name];

  const http = async (req: GeneratedRequest, key: string): Promise<Answer> => {
    const res = await fetch(`${t.server.url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(req) });
    const text = await res.text();
    let body: { data?: unknown; errors?: GraphqlError[] } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, executed: body.data !== undefined, errors: body.errors ?? [], text };
  };

  /**
   * Starts a subscription on a connection of its own (so one cell's end cannot end another's); `first` settles with
   * its first message (an event, its error, or its end), then the connection is closed.
   */
  const subscribe = (req: GeneratedRequest, key: string): { first: Promise<Answer>; settled: () => boolean } => {
    const client = createClient({ url: `${t.server.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${key}` }, retryAttempts: 0, lazy: true });
    clients.add(client);
    let done = false;
    const first = new Promise<Answer>((resolve) => {
      const settle = (a: Answer) => {
        if (done) return;
        done = true;
        resolve(a);
        clients.delete(client);
        void client.dispose();
      };
      client.subscribe(req, {
        next: (v) => {
          const r = v as { data?: unknown; errors?: GraphqlError[] };
          settle({ status: 0, executed: r.data !== undefined && r.data !== null, errors: r.errors ?? [], text: JSON.stringify(r) });
        },
        error: (e) => settle({ status: 0, executed: false, errors: Array.isArray(e) ? (e as GraphqlError[]) : [], text: `error: ${Array.isArray(e) ? JSON.stringify(e) : String((e as { code?: number; reason?: string })?.code ?? e)}` }),
        complete: () => settle({ status: 0, executed: false, errors: [], text: 'completed without an event' }),
      });
    });
    return { first, settled: () => done };
  };

  const within = (p: Promise<Answer>, ms: number, what: string): Promise<Answer> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Answer>((resolve) => {
      timer = setTimeout(() => resolve({ status: 0, executed: false, errors: [], text: `nothing within ${ms} ms (${what})` }), ms);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  };

  /**
   * Runs the subscription cells: refusals must answer before any event is caused; allowed ones must then deliver an
   * event while the test keeps causing events.
   */
  const runSubscriptions = async (ctx: TestContext, cells: readonly Cell[]): Promise<Answer[]> => {
    if (cells.length === 0) return [];
    const f = await fixtures();
    const started = cells.map((c) => subscribe(c.op.request(c.at, subscriptionIds(f)), c.key));
    const refusals = await Promise.all(started.map((s, i) => (cells[i]!.expected === 'passes' ? undefined : within(s.first, ERROR_DEADLINE_MS, 'no error before any event was caused'))));
    const allowed = started.filter((_, i) => cells[i]!.expected === 'passes');
    const deadline = Date.now() + EVENT_DEADLINE_MS;
    const stirsBefore = stirs;
    // Events are caused until every allowed subscription has delivered one (a subscription that starts after a round
    // of events receives the next round), or the deadline passes.
    while (allowed.some((s) => !s.settled()) && Date.now() < deadline) {
      await stir();
      await Promise.race([Promise.all(allowed.map((s) => s.first)), new Promise((r) => setTimeout(r, 200))]);
    }
    const delivered = allowed.filter((s) => s.settled()).length;
    ctx.diagnostic(`subscriptions: ${cells.length} started, ${allowed.length} allowed; ${delivered} of them answered within ${stirs - stirsBefore} rounds of caused events`);
    return Promise.all(started.map((s, i) => refusals[i] ?? within(s.first, 0, `no event within ${EVENT_DEADLINE_MS} ms of caused events`)));
  };

  /** Runs the cells, collects every mismatch, prints one line per row, and fails with all mismatches at once. */
  const runMatrix = async (ctx: TestContext, kind: Operation['kind'], cells: readonly Cell[]): Promise<void> => {
    const overHttp = cells.filter((c) => c.op.type !== 'Subscription');
    const overWs = cells.filter((c) => c.op.type === 'Subscription');
    const httpAnswers = await pool(overHttp, CONCURRENCY, (c) => http(c.op.request(c.at), c.key));
    const wsAnswers = await runSubscriptions(ctx, overWs);
    const answered: [Cell, Answer][] = [...overHttp.map((c, i) => [c, httpAnswers[i]!] as [Cell, Answer]), ...overWs.map((c, i) => [c, wsAnswers[i]!] as [Cell, Answer])];
    const failures: string[] = [];
    const counts = new Map<string, { passed: number; FORBIDDEN: number; NOT_FOUND: number; subscriptions: number }>();
    for (const [c, a] of answered) {
      const row = counts.get(c.row) ?? { passed: 0, FORBIDDEN: 0, NOT_FOUND: 0, subscriptions: 0 };
      if (a.errors.some(isRefusal)) row.FORBIDDEN++;
      else if (a.errors.some(isHiding)) row.NOT_FOUND++;
      else row.passed++;
      if (c.op.type === 'Subscription') row.subscriptions++;
      counts.set(c.row, row);
      const wrong = mismatch(c, a);
      if (wrong) failures.push(`${c.op.name} · ${c.row} · ${c.place}: expected ${c.expected}, got ${wrong}: ${describeAnswer(a)}`);
    }
    for (const [row, n] of counts) ctx.diagnostic(`${kind} operations · ${row}: ${n.passed} passed authorization, ${n.FORBIDDEN} × FORBIDDEN, ${n.NOT_FOUND} × NOT_FOUND (${n.subscriptions} cells over graphql-ws)`);
    assert.deepEqual(failures, [], `${failures.length} of ${cells.length} cells answered otherwise`);
  };

  before(async () => {
    t = await startTestServer();
    m = await MatrixActors.create(t, 'gqlmatrix');
    ops = graphqlOperations(t.server.app.get(GraphqlExecutor).schema);
  });
  after(async () => {
    for (const c of clients) await c.dispose();
    await t?.stop();
  });

  it('reads every root field from the running schema: each declares one authorization directive and names its place', (ctx) => {
    const schema = t.server.app.get(GraphqlExecutor).schema;
    const roots = declaredFieldAuthorization(schema).filter((d) => ['Query', 'Mutation', 'Subscription'].includes(d.type));
    assert.deepEqual(roots.filter((d) => d.directive === null).map((d) => `${d.type}.${d.field}`), []);
    const fields = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((r) => (r ? Object.keys(r.getFields()).map((f) => `${r.name}.${f}`) : []));
    assert.deepEqual(ops.map((o) => o.name).sort(), fields.sort(), 'one operation per root field');
    assert.ok(ops.length >= MIN_OPERATIONS, `only ${ops.length} operations, fewer than the ${MIN_OPERATIONS} declared when this test was written`);
    const misplaced = [
      ...byKind('workspace').filter((o) => !o.args.includes('accountId') || !o.args.includes('workspaceId')).map((o) => `${o.name}: @workspaceScope without accountId and workspaceId`),
      ...byKind('account').filter((o) => !o.args.includes('accountId')).map((o) => `${o.name}: @accountPermission without accountId`),
    ];
    assert.deepEqual(misplaced, []);
    const nested = declaredFieldAuthorization(schema).filter((d) => !['Query', 'Mutation', 'Subscription'].includes(d.type));
    ctx.diagnostic(`nested fields with their own directive (authorized from their parent, outside this matrix): ${nested.map((d) => `${d.type}.${d.field}`).join(', ') || 'none'}`);
    const count = (type: string) => ops.filter((o) => o.type === type).length;
    ctx.diagnostic(`${ops.length} operations: ${count('Query')} queries, ${count('Mutation')} mutations, ${count('Subscription')} subscriptions; ${byKind('workspace').length} workspace, ${byKind('account').length} account, ${byKind('authenticated').length} @authenticated`);
    // Every operation must be generated into a valid document.
    for (const o of ops) assert.ok(o.request({ accountId: m.accountId, workspaceId: m.w1 }).query.includes(o.field));
  });

  it('generates each operation from the field types: placed ids, required arguments only, samples by type, __typename for objects', () => {
    const schema = buildSchema(`
      directive @workspaceScope(scope: String!) on FIELD_DEFINITION
      directive @accountPermission(permission: String!) on FIELD_DEFINITION
      directive @authenticated on FIELD_DEFINITION
      enum Color { RED GREEN }
      input Inner { n: Int! maybe: String }
      input Outer { name: String! color: Color! inner: Inner! tags: [String!]! flag: Boolean! optional: Int withDefault: Int! = 3 }
      type Thing { id: ID! }
      type Query {
        thing(accountId: ID!, workspaceId: ID!, id: ID!, first: Int, limit: Int! = 5): Thing @workspaceScope(scope: "see_flows")
        names(accountId: ID!): [String!]! @accountPermission(permission: "read:account")
      }
      type Mutation { deleteWorkspace(accountId: ID!, workspaceId: ID!): Boolean! @workspaceScope(scope: "manage_workspace") save(input: Outer!): Thing! @authenticated }
      type Subscription { things(accountId: ID!, workspaceId: ID!, runId: ID!): Thing! @workspaceScope(scope: "see_flows") }
    `);
    const [thing, names, deleteWorkspace, save, things] = ['Query.thing', 'Query.names', 'Mutation.deleteWorkspace', 'Mutation.save', 'Subscription.things'].map((n) => graphqlOperations(schema).find((o) => o.name === n)!);
    const place = { accountId: randomUUID(), workspaceId: randomUUID() };

    const q = thing!.request(place);
    assert.deepEqual([thing!.kind, thing!.value, thing!.requiredIds], ['workspace', 'see_flows', ['id']]);
    assert.equal(q.query, 'query Matrix($accountId: ID!, $workspaceId: ID!, $id: ID!) { thing(accountId: $accountId, workspaceId: $workspaceId, id: $id) { __typename } }');
    assert.equal(q.variables.accountId, place.accountId);
    assert.equal(q.variables.workspaceId, place.workspaceId);
    assert.match(String(q.variables.id), /^[0-9a-f-]{36}$/);
    assert.notEqual(thing!.request(place).variables.id, q.variables.id, 'a fresh random id each time');
    assert.equal(thing!.request(place, (n) => (n === 'id' ? 'chosen' : undefined)).variables.id, 'chosen');

    assert.equal(names!.request(place).query, 'query Matrix($accountId: ID!) { names(accountId: $accountId) }');
    assert.deepEqual([names!.kind, names!.value], ['account', 'read:account']);
    assert.ok(targetsItsPlace(deleteWorkspace!));
    assert.ok(!targetsItsPlace(thing!));

    const m = save!.request(place);
    assert.equal(save!.kind, 'authenticated');
    assert.equal(m.query, 'mutation Matrix($input: Outer!) { save(input: $input) { __typename } }');
    assert.deepEqual(m.variables, { input: { name: 'x', color: 'RED', inner: { n: 1 }, tags: [], flag: false } });
    assert.match(things!.request(place).query, /^subscription Matrix\(/);
    assert.throws(() => graphqlOperations(buildSchema('type Query { open: Int }')), /Query\.open/);
  });

  it('workspace operations × Owner, Developer, Runner, Viewer, Worker (account Members) and a Viewer service account: own → scope ? passes : FORBIDDEN; sibling workspace → NOT_FOUND; other account → NOT_FOUND', async (ctx) => {
    const { accountId, w1, w2, other } = m;
    const actors = await m.workspaceActors();
    const cells: Cell[] = [];
    for (const op of byKind('workspace')) {
      for (const actor of actors) {
        // A mutation that would delete the workspace it names runs in a throwaway workspace, never in W1.
        const own = targetsItsPlace(op) ? await m.throwawayWorkspace(actor) : w1;
        const base = { op, row: actor.row, key: actor.key };
        cells.push(
          { ...base, place: 'own workspace', expected: roleGrants(actor.role, op.value!) ? 'passes' : 'FORBIDDEN', at: { accountId, workspaceId: own } },
          { ...base, place: 'another workspace of the account', expected: 'NOT_FOUND', at: { accountId, workspaceId: w2 } },
          { ...base, place: 'another account', expected: 'NOT_FOUND', at: { accountId: other.accountId, workspaceId: other.workspaceId } },
        );
      }
    }
    if (cells.length === 0) ctx.diagnostic('no workspace operations are declared yet');
    await runMatrix(ctx, 'workspace', cells);
  });

  it('account operations × Owner, Admin, Member: own account → permission ? passes : FORBIDDEN; other account → NOT_FOUND', async (ctx) => {
    const { accountId, w1, other } = m;
    const actors = await m.accountActors();
    const cells: Cell[] = [];
    for (const op of byKind('account')) {
      for (const actor of actors) {
        // A mutation that would delete the account it names runs in a throwaway account, never in A.
        const own = targetsItsPlace(op) ? await m.throwawayAccount(actor) : accountId;
        const base = { op, row: actor.row, key: actor.key };
        cells.push(
          { ...base, place: 'own account', expected: accountRoleHolds(actor.role, op.value!) ? 'passes' : 'FORBIDDEN', at: { accountId: own, workspaceId: w1 } },
          { ...base, place: 'another account', expected: 'NOT_FOUND', at: { accountId: other.accountId, workspaceId: other.workspaceId } },
        );
      }
    }
    if (cells.length === 0) ctx.diagnostic('no account operations are declared yet');
    await runMatrix(ctx, 'account', cells);
  });

  it('@authenticated operations × every matrix actor (workspace roles, the service account, account roles): each passes', async (ctx) => {
    const everyone = [...(await m.workspaceActors()), ...(await m.accountActors())];
    const cells: Cell[] = [];
    for (const op of byKind('authenticated')) {
      for (const actor of everyone) {
        // A mutation that would delete or sign out its caller runs as a throwaway user.
        const key = targetsItsPlace(op) ? (await m.newUser(`gqlmatrix-throwaway-${cells.length}`)).key : actor.key;
        cells.push({ op, row: actor.row, key, place: 'own data', expected: 'passes', at: { accountId: m.accountId, workspaceId: m.w1 } });
      }
    }
    assert.ok(cells.length > 0, 'Query.viewer at least is @authenticated');
    await runMatrix(ctx, 'authenticated', cells);
  });
});
