import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { WORKSPACE_PREFIX } from '../../src/infrastructure/http/workspace-scope';
import { CommandBus } from '@nestjs/cqrs';
import { CreateUserApiKeyCommand, RegisterUserCommand, WORKSPACE_SCOPES } from '../../src/contexts/identity-access';
import { expandScopes } from '../../src/contexts/identity-access/domain/roles/workspace-roles';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import { NO_REQUEST, SYSTEM_PRINCIPAL } from '../../src/shared/application';
import { declaredRoutes, type Route } from '../support/declared-routes';
import { createOtherTenant } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';

describe('authorization of every workspace route', () => {
  let t: TestServer;
  let strangerKey: string;
  let routes: Route[];
  before(async () => {
    t = await startTestServer();
    routes = declaredRoutes(t);
    strangerKey = (await createOtherTenant(t, 'mallory', { name: 'M', workspaceHandle: 'm', keyName: 'm' })).key;
  });
  after(async () => {
    await t?.stop();
  });

  const workspaceRoutes = () => routes.filter((r) => r.path.startsWith(`/${WORKSPACE_PREFIX}`) && !r.isPublic);

  it('finds the workspace routes, and every one declares the scope it needs', () => {
    assert.ok(workspaceRoutes().length >= 40, `only ${workspaceRoutes().length} workspace routes found`);
    const undeclared = workspaceRoutes().filter((r) => !r.scope);
    assert.deepEqual(undeclared, [], 'routes without @RequiresScope');
  });

  it('answers 401 without a key and 404 to an actor of another account, on every workspace route', async () => {
    const { accountId, workspaceId } = t.server.installation.ids;
    assert.ok(workspaceRoutes().length > 0);
    for (const r of workspaceRoutes()) {
      const url =
        t.server.url +
        r.path
          .replace(':accountId', accountId)
          .replace(':workspaceId', workspaceId)
          .replace(/:[A-Za-z]+/g, () => randomUUID());
      const init = (key: string | null): RequestInit => ({
        method: r.method,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { 'content-type': 'application/json' }) },
        body: r.method === 'GET' || r.method === 'DELETE' ? undefined : '{}',
      });
      const anonymous = await fetch(url, init(null));
      assert.equal(anonymous.status, 401, `${r.method} ${r.path} without a key`);
      const stranger = await fetch(url, init(strangerKey));
      assert.equal(stranger.status, 404, `${r.method} ${r.path} for another account's user`);
    }
  });

  /** A user of the installation's workspace holding a new custom role with these scopes; returns their API key. */
  async function memberWithCustomRole(handle: string, scopes: readonly string[]): Promise<string> {
    const { accountId } = t.server.installation.ids;
    const created = await t.fetch(`/accounts/${accountId}/workspace_roles/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `role-${handle}`, description: '', scopes }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const role = (await created.json()) as { id: string };
    const bus = t.server.app.get(CommandBus);
    const { userId } = await bus.execute(new RegisterUserCommand(SYSTEM_PRINCIPAL, NO_REQUEST, { handle, email: `${handle}@example.com`, firstName: null, lastName: null }));
    const granted = await t.fetch(`${t.workspaceApi}/user_access/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: userId, workspace_role_id: role.id }),
    });
    assert.equal(granted.status, 201, await granted.clone().text());
    const key = await bus.execute(new CreateUserApiKeyCommand(SYSTEM_PRINCIPAL, NO_REQUEST, userId, { name: handle, expiration: null }));
    await t.server.app.get(ProjectionRunner).wait(key.position!);
    return key.key;
  }

  it('on every workspace route, a custom role lacking the route scope gets 403 and one holding exactly it gets past authorization', async () => {
    const { accountId, workspaceId } = t.server.installation.ids;
    const scopes = [...new Set(workspaceRoutes().map((r) => r.scope!))];
    assert.ok(scopes.length > 10);
    const lacking = new Map<string, string>();
    const holding = new Map<string, string>();
    for (const [i, scope] of scopes.entries()) {
      // Every scope but this one and those that imply it (manage_x brings write_x and see_x).
      lacking.set(scope, await memberWithCustomRole(`lacks${i}`, WORKSPACE_SCOPES.filter((s) => !expandScopes([s]).has(scope))));
      holding.set(scope, await memberWithCustomRole(`holds${i}`, [scope]));
    }
    for (const r of workspaceRoutes()) {
      const url =
        t.server.url +
        r.path
          .replace(':accountId', accountId)
          .replace(':workspaceId', workspaceId)
          .replace(/:[A-Za-z]+/g, () => randomUUID());
      const init = (key: string): RequestInit => ({
        method: r.method,
        headers: { authorization: `Bearer ${key}`, ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { 'content-type': 'application/json' }) },
        body: r.method === 'GET' || r.method === 'DELETE' ? undefined : '{}',
      });
      const denied = await fetch(url, init(lacking.get(r.scope!)!));
      assert.equal(denied.status, 403, `${r.method} ${r.path} for a custom role without ${r.scope}`);
      assert.match(((await denied.json()) as { detail: string }).detail, new RegExp(`does not have the ${r.scope} scope`));
      const allowed = await fetch(url, init(holding.get(r.scope!)!));
      const detail = (await allowed.text()).slice(0, 300);
      // The route itself may answer 403 (an invalid page token, as Prefect does) or 404 (random ids), but
      // never with the authorizer's answers: a missing scope, or a workspace it cannot see.
      if (allowed.status === 403) assert.doesNotMatch(detail, /does not have the/, `${r.method} ${r.path} for a custom role with exactly ${r.scope}: ${detail}`);
      if (allowed.status === 404) assert.doesNotMatch(detail, /Workspace not found/, `${r.method} ${r.path} with exactly ${r.scope}`);
    }
  });
});
