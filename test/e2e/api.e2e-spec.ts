import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AUTHORIZER, type Authorizer } from '../../src/shared/application';
import { createOtherTenant } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';

describe('the first vertical slice over HTTP', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t?.stop();
  });

  it('serves health, readiness and the version the Prefect client checks, without credentials', async () => {
    const health = await t.fetch('/health', { key: null });
    assert.equal(health.status, 200);
    assert.equal(await health.json(), true);
    const ready = await t.fetch('/ready', { key: null });
    assert.deepEqual(await ready.json(), { message: 'OK' });
    const version = await t.fetch('/admin/version', { key: null });
    assert.match((await version.json()) as string, /^3\.\d+\.\d+$/);
    assert.equal(await (await t.fetch('/version', { key: null })).json(), '0.8.4');
    assert.equal(await (await t.fetch('/hello', { key: null })).json(), '👋');
  });

  it('lists the bootstrapped workspace for the printed key, in the Cloud shape', async () => {
    const res = await t.fetch('/me/workspaces');
    assert.equal(res.status, 200);
    const list = (await res.json()) as Record<string, unknown>[];
    assert.equal(list.length, 1);
    const ws = list[0]!;
    assert.equal(ws.workspace_id, t.server.installation.ids.workspaceId);
    assert.equal(ws.account_id, t.server.installation.ids.accountId);
    assert.equal(ws.account_handle, 'default');
    assert.equal(ws.workspace_handle, 'default');
    for (const k of ['account_name', 'workspace_name', 'workspace_description']) assert.ok(k in ws, k);
    // The trailing-slash form the client also uses.
    assert.equal((await t.fetch('/me/workspaces/')).status, 200);
  });

  it('answers /me/ for a user key', async () => {
    const me = (await (await t.fetch('/me/')).json()) as Record<string, unknown>;
    assert.equal(me.id, t.server.installation.ids.userId);
    assert.equal(me.handle, 'admin');
    assert.equal(me.email, 'admin@localhost');
    const accounts = (await (await t.fetch('/me/accounts')).json()) as Record<string, unknown>[];
    assert.deepEqual(accounts.map((a) => [a.account_id, a.account_role_name]), [[t.server.installation.ids.accountId, 'owner']]);
  });

  it('accepts the key as the password of HTTP Basic (OSS-mode auth string)', async () => {
    const basic = Buffer.from(`api:${t.apiKey}`).toString('base64');
    const res = await t.fetch('/me/workspaces', { key: null, headers: { authorization: `Basic ${basic}` } });
    assert.equal(res.status, 200);
  });

  it('refuses missing, malformed, unknown and wrong-scheme credentials with 401 and a stable code', async () => {
    const cases: (string | null)[] = [null, 'Bearer', 'Bearer pnu_short', `Bearer pnu_${'x'.repeat(36)}`, `Basic ${Buffer.from('api:nope').toString('base64')}`, `Token ${t.apiKey}`];
    for (const authorization of cases) {
      const res = await t.fetch('/me/workspaces', { key: null, headers: authorization ? { authorization } : {} });
      assert.equal(res.status, 401, `for ${authorization}`);
      const body = (await res.json()) as Record<string, unknown>;
      assert.equal(body.code, 'UNAUTHENTICATED');
      assert.equal(body.detail, 'Invalid authentication credentials');
    }
  });

  it('answers unknown routes with 404 and a code, and never crashes on bad input', async () => {
    const res = await t.fetch('/no/such/route');
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { code: string }).code, 'NOT_FOUND');
    const bad = await t.fetch('/me/workspaces', { method: 'POST', body: '{not json', headers: { 'content-type': 'application/json' } });
    assert.ok(bad.status >= 400 && bad.status < 500, `got ${bad.status}`);
    assert.equal((await t.fetch('/health', { key: null })).status, 200);
  });

  it('exports Prometheus metrics for appends, projections and requests', async () => {
    const text = await (await fetch(`${t.server.url}/metrics`)).text();
    for (const name of ['praetor_event_store_appends_total', 'praetor_event_store_append_duration_seconds', 'praetor_projection_lag_events', 'praetor_http_request_duration_seconds']) {
      assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), name);
    }
    assert.match(text, /praetor_event_store_appends_total\{outcome="ok"\} [1-9]/);
  });

  it('keeps tenants apart: another account’s user sees only its own workspace, and gets 404 for ours', async () => {
    const { userId, accountId, workspaceId, key, keyId } = await createOtherTenant(t, 'bea', {
      firstName: 'Bea',
      accountName: 'Other',
      accountHandle: 'other',
      workspaceName: 'Theirs',
      workspaceHandle: 'theirs',
    });

    const theirs = (await (await t.fetch('/me/workspaces', { key })).json()) as { workspace_id: string }[];
    assert.deepEqual(theirs.map((w) => w.workspace_id), [workspaceId]);
    const ours = (await (await t.fetch('/me/workspaces')).json()) as { workspace_id: string }[];
    assert.ok(!ours.some((w) => w.workspace_id === workspaceId));

    const authorizer = t.server.app.get<Authorizer>(AUTHORIZER);
    const bea = { actor: { type: 'user' as const, id: userId, name: 'bea' }, apiKeyId: keyId };
    const ourScope = { kind: 'workspace' as const, accountId: t.server.installation.ids.accountId, workspaceId: t.server.installation.ids.workspaceId };
    await assert.rejects(authorizer.authorize(bea, 'see_flows', ourScope), (e: { code?: string }) => e.code === 'NOT_FOUND');
    await assert.rejects(authorizer.authorize(bea, 'see_flows', { ...ourScope, workspaceId }), (e: { code?: string }) => e.code === 'NOT_FOUND', 'their workspace under our account id');
    await authorizer.authorize(bea, 'see_flows', { kind: 'workspace', accountId, workspaceId });
  });

  it('stores no API key in plain text', async () => {
    for (const file of readdirSync(t.dataDir)) {
      const bytes = readFileSync(join(t.dataDir, file));
      assert.equal(bytes.includes(Buffer.from(t.apiKey)), false, `${file} holds the plain key`);
      assert.equal(bytes.includes(Buffer.from(t.apiKey.slice(8))), false, `${file} holds the secret part of the key`);
    }
  });
});
