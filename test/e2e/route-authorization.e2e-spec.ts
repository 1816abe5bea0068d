import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { IS_PUBLIC } from '../../src/infrastructure/auth/public.decorator';
import { REQUIRED_SCOPE, WORKSPACE_PREFIX } from '../../src/infrastructure/http/workspace-scope';
import { createOtherTenant } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';

// Nest's own metadata keys for a route's path and HTTP method (@nestjs/common constants).
const PATH_METADATA = 'path';
const METHOD_METADATA = 'method';

interface Route {
  readonly method: string;
  readonly path: string;
  readonly scope: string | undefined;
  readonly isPublic: boolean;
}

/** Every HTTP route the Nest app declares, read from the controllers' metadata. */
function declaredRoutes(t: TestServer): Route[] {
  const routes: Route[] = [];
  for (const module of t.server.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...a: unknown[]) => unknown) | null;
      if (!type) continue;
      const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]!;
        const subs = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, handler) as string | string[]);
        const scope = (Reflect.getMetadata(REQUIRED_SCOPE, handler) ?? Reflect.getMetadata(REQUIRED_SCOPE, type)) as string | undefined;
        const isPublic = Boolean(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, type));
        for (const b of base) for (const sub of subs) routes.push({ method, path: `/${[b, sub].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/'), scope, isPublic });
      }
    }
  }
  return routes;
}

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
});
