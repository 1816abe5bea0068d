import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it, type TestContext } from 'node:test';
import { roleGrants } from '../../src/contexts/identity-access';
import { WORKSPACES, type WorkspaceDoc } from '../../src/contexts/tenancy';
import { accountRoleHolds } from '../../src/contexts/tenancy/application/authorization/account-permissions';
import { READ_STORE, type ReadStore } from '../../src/infrastructure/read-store/read-store.port';
import { declaredRoutes, pathParams, type Route } from '../support/declared-routes';
import { MatrixActors, pool } from '../support/matrix-actors';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * The authorization matrix (X1–X3): every declared route × every built-in role × three places.
 * Routes come from the controllers' metadata when the test runs, so a route added tomorrow is in
 * the matrix tomorrow; a workspace or account route that declares nothing fails the first case.
 *
 * A cell's expectation: in the caller's own workspace/account, the role grants the route's scope or
 * permission → it passes authorization (the route may still answer 404 for the random ids or 422
 * for the empty body), else 403 with the authorizer's detail; anywhere else → 404.
 */

const CONCURRENCY = 8;

type Kind = 'workspace' | 'account' | 'user';
type Expected = 'passes' | 403 | 404;

interface Cell {
  readonly row: string;
  readonly route: Route;
  readonly place: string;
  readonly expected: Expected;
  readonly key: string;
  /** Values of the path's placed params (accountId, workspaceId, userId); every other param gets a random UUID. */
  readonly params: Readonly<Record<string, string>>;
}

interface Answer {
  readonly status: number;
  readonly detail: string;
}

const AUTHORIZER_404: Record<Kind, RegExp> = { workspace: /Workspace not found/, account: /Account not found/, user: /User not found/ };

function kindOf(r: Route): Kind | undefined {
  const params = pathParams(r.path);
  if (params.includes('accountId') && params.includes('workspaceId')) return 'workspace';
  if (params.includes('accountId')) return 'account';
  if (r.path.startsWith('/api/users/:userId')) return 'user';
  return undefined;
}

/** A request on this route would delete the very account, workspace or user its path names (DELETE /…/:workspaceId). */
function targetsItsPlace(r: Route): boolean {
  const last = r.path.split('/').filter(Boolean).at(-1);
  return r.method === 'DELETE' && (last === ':accountId' || last === ':workspaceId' || last === ':userId');
}

function fill(path: string, params: Readonly<Record<string, string>>): string {
  return path.replace(/:([A-Za-z0-9_]+)\??/g, (_, name: string) => params[name] ?? randomUUID());
}

/** What was wrong with a cell's answer, or undefined when it is the expected one. */
function mismatch(kind: Kind, cell: Cell, a: Answer): string | undefined {
  const need = kind === 'workspace' ? cell.route.scope : kind === 'account' ? cell.route.accountPermission : undefined;
  switch (cell.expected) {
    case 'passes':
      if (a.status >= 500) return 'a server error';
      if (a.status === 401) return '401';
      if (a.status === 403 && /does not have the/.test(a.detail)) return 'refused by the authorizer (403)';
      if (a.status === 404 && AUTHORIZER_404[kind].test(a.detail)) return 'hidden by the authorizer (404)';
      return undefined;
    case 403:
      if (a.status !== 403) return 'not 403';
      if (need && !a.detail.includes(`does not have the ${need}`)) return `403 without "does not have the ${need}"`;
      return undefined;
    case 404:
      if (a.status !== 404) return 'not 404';
      if (kind !== 'user' && !AUTHORIZER_404[kind].test(a.detail)) return `404 not from the authorizer (${AUTHORIZER_404[kind].source})`;
      return undefined;
  }
}

describe('authorization matrix: every route × every built-in role × own, sibling and foreign places', () => {
  let t: TestServer;
  let routes: Route[];
  let m: MatrixActors; // A, its workspaces W1 (the actors' own) and W2 (no way in), another account B, and the actors

  const byKind = (kind: Kind) => routes.filter((r) => !r.isPublic && kindOf(r) === kind);

  const call = async (route: Route, params: Readonly<Record<string, string>>, key: string): Promise<Answer> => {
    const hasBody = route.method !== 'GET' && route.method !== 'DELETE' && route.method !== 'HEAD';
    const res = await fetch(t.server.url + fill(route.path, params), {
      method: route.method,
      headers: { authorization: `Bearer ${key}`, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
      body: hasBody ? '{}' : undefined,
    });
    const text = await res.text();
    let detail = text;
    try {
      const parsed = JSON.parse(text) as { detail?: unknown };
      if (typeof parsed?.detail === 'string') detail = parsed.detail;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, detail: detail.slice(0, 300) };
  };

  /** Runs the cells, collects every mismatch, prints one line per row, and fails with all mismatches at once. */
  const runMatrix = async (ctx: TestContext, kind: Kind, cells: readonly Cell[]): Promise<void> => {
    const answers = await pool(cells, CONCURRENCY, (c) => call(c.route, c.params, c.key));
    const failures: string[] = [];
    const counts = new Map<string, { '2xx': number; '403': number; '404': number; other: number }>();
    cells.forEach((c, i) => {
      const a = answers[i]!;
      const row = counts.get(c.row) ?? { '2xx': 0, '403': 0, '404': 0, other: 0 };
      if (a.status >= 200 && a.status < 300) row['2xx']++;
      else if (a.status === 403) row['403']++;
      else if (a.status === 404) row['404']++;
      else row.other++;
      counts.set(c.row, row);
      const wrong = mismatch(kind, c, a);
      if (wrong) failures.push(`${c.route.method} ${c.route.path} · ${c.row} · ${c.place}: expected ${c.expected}, got ${a.status} (${wrong}) ${a.detail}`);
    });
    for (const [row, n] of counts) ctx.diagnostic(`${kind} routes · ${row}: ${n['2xx']} × 2xx, ${n['403']} × 403, ${n['404']} × 404, ${n.other} × other (route's own 4xx)`);
    assert.deepEqual(failures, [], `${failures.length} of ${cells.length} cells answered otherwise`);
  };

  before(async () => {
    t = await startTestServer();
    routes = declaredRoutes(t);
    m = await MatrixActors.create(t);
  });
  after(async () => {
    await t?.stop();
  });

  it('finds the routes, and every workspace route declares a scope and every account route an account permission', (ctx) => {
    const outside = routes.filter((r) => !r.isPublic && kindOf(r) === undefined).map((r) => `${r.method} ${r.path}`);
    ctx.diagnostic(`outside the matrix (no account, workspace or user in the path): ${outside.join(', ') || 'none'}`);
    assert.ok(byKind('workspace').length >= 40, `only ${byKind('workspace').length} workspace routes found`);
    assert.ok(byKind('account').length >= 10, `only ${byKind('account').length} account routes found`);
    const undeclared = [
      ...byKind('workspace').filter((r) => !r.scope).map((r) => `${r.method} ${r.path}: no @RequiresScope`),
      ...byKind('account').filter((r) => !r.accountPermission).map((r) => `${r.method} ${r.path}: no @RequiresAccountPermission`),
    ];
    assert.deepEqual(undeclared, []);
  });

  it('the sibling workspace W2 gives no default role: the matrix actors have no way into it', async () => {
    const doc = await t.server.app.get<ReadStore>(READ_STORE).get<WorkspaceDoc>(WORKSPACES, m.w2);
    assert.equal(doc?.account_id, m.accountId);
    assert.equal(doc?.default_workspace_role ?? null, null);
  });

  it('workspace routes × Owner, Developer, Runner, Viewer, Worker (account Members) and a Viewer service account: own → scope ? passes : 403; sibling workspace → 404; other account → 404', async (ctx) => {
    const { accountId, w1, w2, other } = m;
    const actors = await m.workspaceActors();
    const cells: Cell[] = [];
    for (const route of byKind('workspace')) {
      for (const actor of actors) {
        // A request that would delete the workspace it names runs in a throwaway workspace, never in W1.
        const own = targetsItsPlace(route) ? await m.throwawayWorkspace(actor) : w1;
        const base = { row: actor.row, route, key: actor.key };
        cells.push(
          { ...base, place: 'own workspace', expected: roleGrants(actor.role, route.scope!) ? 'passes' : 403, params: { accountId, workspaceId: own } },
          { ...base, place: 'another workspace of the account', expected: 404, params: { accountId, workspaceId: w2 } },
          { ...base, place: 'another account', expected: 404, params: { accountId: other.accountId, workspaceId: other.workspaceId } },
        );
      }
    }
    assert.ok(cells.length >= 40 * actors.length * 3);
    await runMatrix(ctx, 'workspace', cells);
  });

  it('account routes × Owner, Admin, Member: own account → permission ? passes : 403; other account → 404', async (ctx) => {
    const { accountId, other } = m;
    const actors = await m.accountActors();
    const cells: Cell[] = [];
    for (const route of byKind('account')) {
      for (const actor of actors) {
        // A request that would delete the account it names runs in a throwaway account, never in A.
        const own = targetsItsPlace(route) ? await m.throwawayAccount(actor) : accountId;
        const base = { row: actor.row, route, key: actor.key };
        cells.push(
          { ...base, place: 'own account', expected: accountRoleHolds(actor.role, route.accountPermission!) ? 'passes' : 403, params: { accountId: own } },
          { ...base, place: 'another account', expected: 404, params: { accountId: other.accountId } },
        );
      }
    }
    await runMatrix(ctx, 'account', cells);
  });

  it("user routes (/api/users/:userId/...): the caller's own id passes, another user's id is 404", async (ctx) => {
    const userRoutes = byKind('user');
    if (userRoutes.length === 0) {
      ctx.diagnostic('no /api/users/:userId routes are declared yet');
      return;
    }
    const self = await m.newUser('matrix-self');
    const victim = await m.newUser('matrix-victim');
    const cells: Cell[] = [];
    for (const route of userRoutes) {
      // A request that would delete the user it names runs as a throwaway user.
      const own = targetsItsPlace(route) ? await m.newUser(`matrix-throwaway-user-${cells.length}`) : self;
      cells.push(
        { row: 'a user', route, place: 'own user', expected: 'passes', key: own.key, params: { userId: own.userId } },
        { row: 'a user', route, place: "another user's id", expected: 404, key: self.key, params: { userId: victim.userId } },
      );
    }
    await runMatrix(ctx, 'user', cells);
  });
});
