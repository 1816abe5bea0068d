import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { streamName, type EventMetadata } from '../../src/shared/ddd';
import { OIDC_LOGIN_TRANSACTIONS, stateKey } from '../../src/contexts/identity-access/application/oidc/oidc-login-transactions';
import { READ_STORE, type ReadStore } from '../../src/infrastructure/read-store/read-store.port';
import { assertInNoFile, dataFiles } from '../support/data-files';
import { startDnsServer, type TestDnsServer } from '../support/dns-server';
import { verifyDomain } from '../support/domains';
import { startOidcProvider, startRogueIdp, TestBrowser, type IdpUser, type RogueIdp, type TestIdp } from '../support/oidc-idp';
import { createOtherTenant, type OtherTenant } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Praetor's public URL as the IdP and the browser see it (as behind a reverse proxy): redirect URIs name it, and the
 * test carries each redirect to it over to the test server's real address.
 */
const PUBLIC_URL = 'https://praetor.test';
const DOMAIN = 'sso-oidc.test';
/** A verified domain is claimed installation-wide, so the rogue IdP's account verifies a domain of its own. */
const ROGUE_DOMAIN = 'rogue-idp.test';
const user = (sub: string, local: string, domain = DOMAIN): IdpUser => ({ sub, email: `${local}@${domain}`, email_verified: true, given_name: 'Grace', family_name: 'Hopper' });
const callbackPath = (accountId: string) => `/auth/oidc/${accountId}/callback`;
const actorOf = (e: { metadata: unknown }) => (e.metadata as EventMetadata).actor.id;

describe('OIDC single sign-on against a real OpenID Provider', () => {
  let t: TestServer;
  let dns: TestDnsServer;
  let idp: TestIdp;
  let rogue: RogueIdp;
  /** A provider whose registered redirect URI is not the one Praetor sends. */
  let misregistered: TestIdp;
  let accountA: string;
  let rogueTenant: OtherTenant;
  let misTenant: OtherTenant;
  const grace = user('grace-sub-1', 'grace');

  const json = async (res: Response) => (await res.json()) as Record<string, any>;
  const events = () => t.server.runtime.stores.events.readAll();
  /** Events a sign-in would record: a session, a user, a membership. */
  const signInEventCount = async () => (await events()).filter((e) => /^(Session|User)/.test(e.type) || e.type === 'AccountMemberAdded').length;

  /** `http://127.0.0.1:PORT/...` for a URL under the public URL. */
  const local = (u: URL) => `${t.server.url}${u.pathname}${u.search}`;

  async function configure(accountId: string, body: Record<string, unknown>, key?: string): Promise<Response> {
    return t.fetch(`/accounts/${accountId}/sso/oidc`, { method: 'PUT', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, key });
  }

  /** Starts a sign-in at Praetor and drives the browser through the IdP until it is sent back to Praetor's callback. */
  async function signInUntilCallback(accountId: string, browser = new TestBrowser(), login?: (u: URL) => URL): Promise<URL> {
    const start = await fetch(`${t.server.url}/auth/oidc/${accountId}/login`, { redirect: 'manual' });
    assert.equal(start.status, 302, await start.clone().text());
    let authorize = new URL(start.headers.get('location')!);
    if (login) authorize = login(authorize);
    return browser.follow(authorize.href, (u) => u.origin === PUBLIC_URL);
  }

  /** The callback answers a 401 with a stable code and reason, issues no tokens, and records no session or user. */
  async function assertRefused(callback: () => Promise<Response>, reason: string | RegExp): Promise<Record<string, any>> {
    const before = await signInEventCount();
    const res = await callback();
    const body = await json(res);
    assert.equal(res.status, 401, JSON.stringify(body));
    assert.equal(body.code, 'UNAUTHENTICATED');
    if (typeof reason === 'string') assert.equal(body.details?.reason, reason, JSON.stringify(body));
    else assert.match(String(body.details?.reason), reason, JSON.stringify(body));
    assert.equal(body.access_token, undefined);
    assert.equal(await signInEventCount(), before, 'a refused sign-in records no session, user or membership');
    return body;
  }

  before(async () => {
    dns = await startDnsServer();
    t = await startTestServer({ PRAETOR_PUBLIC_URL: PUBLIC_URL, PRAETOR_DNS_SERVERS: dns.address });
    accountA = t.server.installation.ids.accountId;
    rogueTenant = await createOtherTenant(t, 'rogue', { name: 'Rogue', workspaceHandle: 'rogue-ws', keyName: 'rogue' });
    misTenant = await createOtherTenant(t, 'mis', { name: 'Mis', workspaceHandle: 'mis-ws', keyName: 'mis' });
    idp = await startOidcProvider({ redirectUris: [`${PUBLIC_URL}${callbackPath(accountA)}`], user: grace });
    rogue = await startRogueIdp({ user: user('rogue-sub-1', 'mallory', ROGUE_DOMAIN) });
    misregistered = await startOidcProvider({ redirectUris: [`${PUBLIC_URL}/auth/oidc/${misTenant.accountId}/callback-elsewhere`], user: grace });
    for (const [accountId, provider, key] of [
      [accountA, idp, undefined],
      [rogueTenant.accountId, rogue, rogueTenant.key],
      [misTenant.accountId, misregistered, misTenant.key],
    ] as const) {
      const res = await configure(accountId, { issuer: provider.issuer, client_id: provider.clientId, client_secret: provider.clientSecret, enabled: true }, key);
      assert.equal(res.status, 200, await res.text());
    }
    await verifyDomain(t, dns, accountA, DOMAIN);
    await verifyDomain(t, dns, rogueTenant.accountId, ROGUE_DOMAIN, rogueTenant.key);
  });

  after(async () => {
    await t?.stop();
    await idp?.stop();
    await rogue?.stop();
    await misregistered?.stop();
    await dns?.close();
  });

  describe('the connection', () => {
    it('is configured by PUT, recorded with its actor and a sealed secret, and never shown', async () => {
      const res = await t.fetch(`/accounts/${accountA}/sso/oidc`);
      assert.equal(res.status, 200);
      const view = await json(res);
      assert.deepEqual(
        { ...view, created: undefined, updated: undefined },
        {
          account_id: accountA,
          issuer: idp.issuer,
          client_id: idp.clientId,
          client_secret_set: true,
          scopes: ['openid', 'email', 'profile'],
          enabled: true,
          redirect_uri: `${PUBLIC_URL}${callbackPath(accountA)}`,
          created: undefined,
          updated: undefined,
        },
      );
      assert.ok(!JSON.stringify(view).includes(idp.clientSecret));
      const recorded = await t.server.runtime.stores.events.readStream(streamName('oidcConnection', accountA));
      assert.equal(recorded.length, 1);
      assert.equal(recorded[0]!.type, 'OidcConnectionConfigured');
      assert.equal(actorOf(recorded[0]!), t.server.installation.ids.userId);
      assert.match(String((recorded[0]!.data as { sealedClientSecret: string }).sealedClientSecret), /^praetor-sealed:v1:/);
    });

    it('the same PUT again records nothing; a PUT without client_secret keeps it', async () => {
      const before = (await t.server.runtime.stores.events.readStream(streamName('oidcConnection', accountA))).length;
      assert.equal((await configure(accountA, { issuer: idp.issuer, client_id: idp.clientId, client_secret: idp.clientSecret, enabled: true })).status, 200);
      assert.equal((await configure(accountA, { issuer: idp.issuer, client_id: idp.clientId, enabled: true })).status, 200);
      assert.equal((await t.server.runtime.stores.events.readStream(streamName('oidcConnection', accountA))).length, before);
    });

    it('refuses a plain-http issuer other than localhost, a missing secret, and scopes without openid (422)', async () => {
      const other = await createOtherTenant(t, 'val', { name: 'Val', workspaceHandle: 'val-ws', keyName: 'val' });
      for (const body of [
        { issuer: 'http://idp.example.com', client_id: 'c', client_secret: 's' },
        { issuer: 'https://idp.example.com', client_id: 'c' },
        { issuer: 'https://idp.example.com', client_id: 'c', client_secret: 's', scopes: ['email'] },
        { issuer: 'https://idp.example.com', client_id: 'c', client_secret: 's', enabled: 'yes' },
      ]) {
        const res = await configure(other.accountId, body, other.key);
        assert.equal(res.status, 422, JSON.stringify(body));
        assert.equal((await json(res)).code, 'VALIDATION_FAILED');
      }
      assert.equal((await t.fetch(`/accounts/${other.accountId}/sso/oidc`, { key: other.key })).status, 404);
    });

    it('needs administrate:sso to change and read:sso to read; another account sees nothing', async () => {
      assert.equal((await t.fetch(`/accounts/${accountA}/sso/oidc`, { key: rogueTenant.key })).status, 404);
      assert.equal((await configure(accountA, { issuer: rogue.issuer, client_id: 'x', client_secret: 'y' }, rogueTenant.key)).status, 404);
      assert.equal((await t.fetch(`/accounts/${accountA}/sso/oidc`, { method: 'DELETE', key: rogueTenant.key })).status, 404);
      assert.equal((await t.fetch(`/accounts/${accountA}/sso/oidc`, { key: null })).status, 401);
    });

    it('DELETE removes it (204), recorded with its actor; then login is 404', async () => {
      const other = await createOtherTenant(t, 'del', { name: 'Del', workspaceHandle: 'del-ws', keyName: 'del' });
      assert.equal((await configure(other.accountId, { issuer: idp.issuer, client_id: 'c', client_secret: 's' }, other.key)).status, 200);
      assert.equal((await fetch(`${t.server.url}/auth/oidc/${other.accountId}/login`, { redirect: 'manual' })).status, 302);
      assert.equal((await t.fetch(`/accounts/${other.accountId}/sso/oidc`, { method: 'DELETE', key: other.key })).status, 204);
      assert.equal((await t.fetch(`/accounts/${other.accountId}/sso/oidc`, { key: other.key })).status, 404);
      assert.equal((await fetch(`${t.server.url}/auth/oidc/${other.accountId}/login`, { redirect: 'manual' })).status, 404);
      const recorded = await t.server.runtime.stores.events.readStream(streamName('oidcConnection', other.accountId));
      assert.deepEqual(recorded.map((e) => e.type), ['OidcConnectionConfigured', 'OidcConnectionRemoved']);
      assert.equal(actorOf(recorded[1]!), other.userId);
    });

    it('a disabled connection or an unknown account has no login (404)', async () => {
      const other = await createOtherTenant(t, 'off', { name: 'Off', workspaceHandle: 'off-ws', keyName: 'off' });
      assert.equal((await configure(other.accountId, { issuer: idp.issuer, client_id: 'c', client_secret: 's', enabled: false }, other.key)).status, 200);
      assert.equal((await fetch(`${t.server.url}/auth/oidc/${other.accountId}/login`, { redirect: 'manual' })).status, 404);
      assert.equal((await fetch(`${t.server.url}/auth/oidc/00000000-0000-4000-8000-000000000000/login`, { redirect: 'manual' })).status, 404);
      assert.equal((await fetch(`${t.server.url}/auth/oidc/not-an-id/login`, { redirect: 'manual' })).status, 404);
    });

    it('client secrets are in no data file in clear', () => {
      assertInNoFile(dataFiles(t.dataDir), [idp.clientSecret, rogue.clientSecret, misregistered.clientSecret]);
    });
  });

  describe('login', () => {
    it('redirects to the IdP with code + PKCE S256, a random state and nonce, and exactly the registered redirect URI', async () => {
      const urls = await Promise.all(
        [1, 2].map(async () => {
          const res = await fetch(`${t.server.url}/auth/oidc/${accountA}/login`, { redirect: 'manual' });
          assert.equal(res.status, 302);
          assert.equal(res.headers.get('cache-control'), 'no-store');
          return new URL(res.headers.get('location')!);
        }),
      );
      for (const u of urls) {
        assert.equal(u.origin, idp.issuer);
        const p = u.searchParams;
        assert.equal(p.get('response_type'), 'code');
        assert.equal(p.get('client_id'), idp.clientId);
        assert.equal(p.get('redirect_uri'), `${PUBLIC_URL}${callbackPath(accountA)}`);
        assert.equal(p.get('code_challenge_method'), 'S256');
        assert.match(p.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
        assert.match(p.get('state') ?? '', /^[A-Za-z0-9_-]{43,}$/);
        assert.match(p.get('nonce') ?? '', /^[A-Za-z0-9_-]{43,}$/);
        assert.deepEqual(p.get('scope')?.split(' '), ['openid', 'email', 'profile']);
        assert.equal(p.has('code_verifier'), false);
      }
      assert.notEqual(urls[0]!.searchParams.get('state'), urls[1]!.searchParams.get('state'));
      assert.notEqual(urls[0]!.searchParams.get('nonce'), urls[1]!.searchParams.get('nonce'));
      assert.notEqual(urls[0]!.searchParams.get('code_challenge'), urls[1]!.searchParams.get('code_challenge'));
    });
  });

  describe('refusals (each: 401 with a reason, no tokens, no session, no user)', () => {
    it('a callback without state', async () => {
      const back = await signInUntilCallback(accountA);
      back.searchParams.delete('state');
      await assertRefused(() => fetch(local(back)), 'state_missing');
    });

    it('a state Praetor never issued', async () => {
      const back = await signInUntilCallback(accountA);
      back.searchParams.set('state', 'forged-state-value');
      await assertRefused(() => fetch(local(back)), 'state_unknown');
    });

    it('a sign-in that took longer than its transaction lives', async () => {
      const back = await signInUntilCallback(accountA);
      const store = t.server.app.get<ReadStore>(READ_STORE);
      const key = stateKey(back.searchParams.get('state')!);
      const tx = await store.get(OIDC_LOGIN_TRANSACTIONS, key);
      assert.ok(tx, 'the transaction is kept server-side under the hash of the state');
      assert.ok(!JSON.stringify(tx).includes(back.searchParams.get('state')!), 'the state itself is not stored');
      await store.put(OIDC_LOGIN_TRANSACTIONS, { ...tx, expires_at: new Date(Date.now() - 1000).toISOString() });
      await assertRefused(() => fetch(local(back)), 'state_expired');
      await assertRefused(() => fetch(local(back)), 'state_reused');
    });

    it('an authorization request without PKCE is refused by the provider, and the sign-in does not complete', async () => {
      const back = await signInUntilCallback(accountA, new TestBrowser(), (u) => {
        u.searchParams.delete('code_challenge');
        u.searchParams.delete('code_challenge_method');
        return u;
      });
      assert.equal(back.searchParams.get('error'), 'invalid_request');
      assert.equal(back.searchParams.has('code'), false);
      const body = await assertRefused(() => fetch(local(back)), 'idp_error');
      assert.equal(body.details.idp_error, 'invalid_request');
    });

    it('a provider that registered another redirect URI refuses the request; it never comes back', async () => {
      const start = await fetch(`${t.server.url}/auth/oidc/${misTenant.accountId}/login`, { redirect: 'manual' });
      assert.equal(start.status, 302);
      const res = await new TestBrowser().get(start.headers.get('location')!);
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('location'), null);
      assert.equal((await json(res)).error, 'invalid_redirect_uri');
    });

    it('a callback at another path than the redirect URI sent does not complete', async () => {
      const back = await signInUntilCallback(accountA);
      const moved = new URL(back);
      moved.pathname = callbackPath(accountA.toUpperCase());
      await assertRefused(() => fetch(local(moved)), 'redirect_uri_mismatch');
    });

    it('IdP mix-up: a callback for account A completes only at A (not at another account or with another issuer)', async () => {
      const fromA = await signInUntilCallback(accountA);
      await assertRefused(() => fetch(`${t.server.url}${callbackPath(rogueTenant.accountId)}${fromA.search}`), 'account_mismatch');
      // That attempt used A's state up: it cannot be replayed at A either.
      await assertRefused(() => fetch(local(fromA)), 'state_reused');

      const fromRogue = await signInUntilCallback(rogueTenant.accountId);
      await assertRefused(() => fetch(`${t.server.url}${callbackPath(accountA)}${fromRogue.search}`), 'account_mismatch');

      // RFC 9207: the response names its issuer; another issuer's name does not pass.
      const again = await signInUntilCallback(accountA);
      assert.equal(again.searchParams.get('iss'), idp.issuer);
      again.searchParams.set('iss', rogue.issuer);
      await assertRefused(() => fetch(local(again)), 'issuer_mismatch');
    });

    it('an ID token with another nonce', async () => {
      rogue.tamper = (c) => ({ ...c, nonce: 'not-the-nonce-praetor-sent' });
      try {
        const back = await signInUntilCallback(rogueTenant.accountId);
        await assertRefused(() => fetch(local(back)), 'nonce_mismatch');
      } finally {
        rogue.tamper = (c) => c;
      }
    });

    it('an expired ID token', async () => {
      const now = Math.floor(Date.now() / 1000);
      rogue.tamper = (c) => ({ ...c, iat: now - 7200, exp: now - 3600 });
      try {
        const back = await signInUntilCallback(rogueTenant.accountId);
        await assertRefused(() => fetch(local(back)), 'id_token_expired');
      } finally {
        rogue.tamper = (c) => c;
      }
    });

    it('an ID token for another audience', async () => {
      rogue.tamper = (c) => ({ ...c, aud: 'some-other-client' });
      try {
        const back = await signInUntilCallback(rogueTenant.accountId);
        await assertRefused(() => fetch(local(back)), 'id_token_audience');
      } finally {
        rogue.tamper = (c) => c;
      }
    });

    it('an ID token from another issuer', async () => {
      rogue.tamper = (c) => ({ ...c, iss: idp.issuer });
      try {
        const back = await signInUntilCallback(rogueTenant.accountId);
        await assertRefused(() => fetch(local(back)), 'id_token_issuer');
      } finally {
        rogue.tamper = (c) => c;
      }
    });

    it('an unsigned ID token (alg: none)', async () => {
      rogue.alg = 'none';
      try {
        const back = await signInUntilCallback(rogueTenant.accountId);
        await assertRefused(() => fetch(local(back)), 'id_token_alg');
      } finally {
        rogue.alg = 'RS256';
      }
    });

    it('a forged code is refused by the provider', async () => {
      const back = await signInUntilCallback(accountA);
      back.searchParams.set('code', 'forged-code');
      const body = await assertRefused(() => fetch(local(back)), 'token_request_refused');
      assert.equal(body.details.idp_error, 'invalid_grant');
    });
  });

  describe('sign-in', () => {
    it('signs in, provisions the user as a Member just in time, and the session works; the state is then used up', async () => {
      const { workspaceId } = t.server.installation.ids;
      const ws = await t.fetch(`/accounts/${accountA}/workspaces/${workspaceId}`, { method: 'PATCH', body: JSON.stringify({ default_workspace_role_id: 'viewer' }), headers: { 'content-type': 'application/json' } });
      assert.equal(ws.status, 200, await ws.text());
      const back = await signInUntilCallback(accountA);
      const res = await fetch(local(back));
      const session = await json(res);
      assert.equal(res.status, 200, JSON.stringify(session));
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.equal(session.token_type, 'bearer');
      assert.ok(typeof session.access_token === 'string' && typeof session.refresh_token === 'string');

      const me = await t.fetch('/me/', { key: session.access_token });
      assert.equal(me.status, 200);
      const profile = await json(me);
      assert.equal(profile.email, grace.email);
      assert.equal(profile.id, session.user_id);

      const members = await t.fetch(`/accounts/${accountA}/account_memberships/filter`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      const member = ((await json(members)) as unknown as { user_id: string; account_role_name: string }[]).find((m) => m.user_id === session.user_id);
      assert.equal(member?.account_role_name.toLowerCase(), 'member');

      // The account's workspaces grant their default role (Viewer here) to a Member: a workspace read works.
      const flows = await t.fetch(`${t.workspaceApi}/flows/filter`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' }, key: session.access_token });
      assert.equal(flows.status, 200, await flows.text());

      const current = await t.fetch(`${t.server.url}/auth/session`, { key: session.access_token });
      assert.equal(current.status, 200);
      assert.deepEqual({ method: (await json(current)).method }, { method: 'oidc' });

      // Replaying the same callback is refused: the login transaction was consumed.
      await assertRefused(() => fetch(local(back)), 'state_reused');
    });

    it("the rogue IdP's untampered sign-in completes (the control for the tampered cases above)", async () => {
      const res = await fetch(local(await signInUntilCallback(rogueTenant.accountId)));
      const session = await json(res);
      assert.equal(res.status, 200, JSON.stringify(session));
      assert.equal((await json(await t.fetch('/me/', { key: session.access_token }))).email, 'mallory@rogue-idp.test');
    });

    it('a second sign-in of the same IdP user finds the same Praetor user', async () => {
      const first = await json(await fetch(local(await signInUntilCallback(accountA))));
      const second = await json(await fetch(local(await signInUntilCallback(accountA))));
      assert.ok(first.user_id && first.user_id === second.user_id, JSON.stringify([first, second]));
      assert.notEqual(first.session_id, second.session_id);
    });

    it('two concurrent callbacks with one state: exactly one completes', async () => {
      const back = await signInUntilCallback(accountA);
      const results = await Promise.all([fetch(local(back)), fetch(local(back)), fetch(local(back))]);
      const statuses = results.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 401, 401]);
      for (const r of results.filter((x) => x.status === 401)) assert.equal((await json(r)).details.reason, 'state_reused');
    });

    it('logout ends the session and answers the IdP end-session URL', async () => {
      const session = await json(await fetch(local(await signInUntilCallback(accountA))));
      assert.ok(session.access_token);
      const res = await fetch(`${t.server.url}/auth/oidc/${accountA}/logout`, { method: 'POST', headers: { authorization: `Bearer ${session.access_token}` } });
      const body = await json(res);
      assert.equal(res.status, 200, JSON.stringify(body));
      const end = new URL(body.end_session_url);
      assert.equal(end.origin, idp.issuer);
      assert.equal(end.searchParams.get('client_id'), idp.clientId);
      assert.equal((await t.fetch('/me/', { key: session.access_token })).status, 401);
      const revoked = (await events()).filter((e) => e.type === 'SessionRevoked' && (e.data as { sessionId?: string }).sessionId === session.session_id);
      assert.equal(revoked.length, 1);
      assert.equal(actorOf(revoked[0]!), session.user_id);
    });

    it('logout of another account or without a session is refused', async () => {
      const session = await json(await fetch(local(await signInUntilCallback(accountA))));
      assert.equal((await fetch(`${t.server.url}/auth/oidc/${rogueTenant.accountId}/logout`, { method: 'POST', headers: { authorization: `Bearer ${session.access_token}` } })).status, 404);
      assert.equal((await fetch(`${t.server.url}/auth/oidc/${accountA}/logout`, { method: 'POST' })).status, 401);
      assert.equal((await t.fetch(`${t.server.url}/auth/oidc/${accountA}/logout`, { method: 'POST' })).status, 403, 'an API key is not an OIDC session');
      assert.equal((await t.fetch('/me/', { key: session.access_token })).status, 200, 'the session still works');
    });
  });
});
