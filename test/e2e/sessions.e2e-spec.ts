import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CommandBus } from '@nestjs/cqrs';
import { RegisterUserCommand, SetInitialPasswordCommand } from '../../src/contexts/identity-access';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import { NO_REQUEST, SYSTEM_ACTOR, SYSTEM_PRINCIPAL } from '../../src/shared/application';
import { streamName, type EventMetadata } from '../../src/shared/ddd';
import { assertInNoFile, dataFiles } from '../support/data-files';
import { json } from '../support/http';
import { startTestServer, type TestServer } from '../support/test-server';
import { TestSocket, toWs, waitFor } from '../support/ws-client';

interface Issued {
  session_id: string;
  user_id: string;
  token_type: 'bearer';
  access_token: string;
  expires_in: number;
  refresh_token: string;
  refresh_expires_in: number;
}

const BOOTSTRAP_PASSWORD = 'bootstrap-password-0123';
const SECOND = 1000;

describe('sessions: email/password sign-in, access tokens, rotating refresh tokens, sign-out', () => {
  let t: TestServer;
  let ownerId: string;
  const secrets: string[] = [BOOTSTRAP_PASSWORD];
  let users = 0;

  const post = (server: TestServer, path: string, body: unknown, key: string | null | undefined = null) =>
    server.fetch(`${server.server.url}${path}`, { method: 'POST', key, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const login = async (email: string, password: string, server = t): Promise<Issued> => {
    const s = await json<Issued>(post(server, '/auth/login', { email, password }), 200);
    secrets.push(s.access_token, s.refresh_token);
    return s;
  };
  const refresh = (token: string, server = t) => post(server, '/auth/refresh', { refresh_token: token });
  const me = async (key: string, server = t) => (await server.fetch(`${server.api}/me/`, { key })).status;
  const flows = async (key: string) => (await t.fetch(`${t.workspaceApi}/flows/filter`, { method: 'POST', key, body: '{}', headers: { 'content-type': 'application/json' } })).status;
  const meta = (e: { metadata: unknown }) => e.metadata as EventMetadata;
  const sessionEvents = async (sessionId: string) => t.server.runtime.stores.events.readStream(streamName('session', sessionId));

  /** A user with a password (set by the system, as the bootstrap does). */
  const userWithPassword = async (password: string): Promise<{ userId: string; email: string }> => {
    const handle = `session-user-${++users}`;
    const email = `${handle}@example.com`;
    const bus = t.server.app.get(CommandBus);
    const { userId } = await bus.execute(new RegisterUserCommand(SYSTEM_PRINCIPAL, NO_REQUEST, { handle, email, firstName: null, lastName: null }));
    const { position } = await bus.execute(new SetInitialPasswordCommand(SYSTEM_PRINCIPAL, NO_REQUEST, userId, password));
    await t.server.app.get(ProjectionRunner).wait(position!);
    secrets.push(password);
    return { userId, email };
  };

  before(async () => {
    t = await startTestServer({ PRAETOR_BOOTSTRAP_PASSWORD: BOOTSTRAP_PASSWORD });
    ownerId = t.server.installation.ids.userId;
  });
  after(async () => {
    await t?.stop();
  });

  it('the bootstrap password signs the first owner in; the access token works on a workspace route, /api/me/ and /auth/session', async () => {
    const s = await login('Admin@Localhost', BOOTSTRAP_PASSWORD);
    assert.equal(s.user_id, ownerId);
    assert.equal(s.token_type, 'bearer');
    assert.match(s.access_token, /^pns_[0-9A-Za-z]{43}$/);
    assert.match(s.refresh_token, /^pnr_[0-9A-Za-z]{43}$/);
    assert.equal(s.expires_in, t.config.accessTokenSeconds);
    assert.equal(s.refresh_expires_in, t.config.sessionSeconds);
    assert.equal(await flows(s.access_token), 200);
    const meRes = await t.fetch(`${t.api}/me/`, { key: s.access_token });
    assert.equal(meRes.status, 200);
    assert.equal(((await meRes.json()) as { id: string }).id, ownerId);
    const view = await json<Record<string, unknown>>(t.fetch(`${t.server.url}/auth/session`, { key: s.access_token }), 200);
    assert.deepEqual(Object.keys(view).sort(), ['account_id', 'expires_at', 'method', 'session_id', 'user_id']);
    assert.deepEqual([view.session_id, view.user_id, view.method, view.account_id], [s.session_id, ownerId, 'password', null]);
    // A refresh token is not an access token.
    assert.equal(await me(s.refresh_token), 401);

    const password = (await t.server.runtime.stores.events.readStream(streamName('user', ownerId))).filter((e) => e.type === 'UserPasswordSet');
    assert.equal(password.length, 1);
    assert.deepEqual(meta(password[0]!).actor, SYSTEM_ACTOR);
    const [started] = await sessionEvents(s.session_id);
    assert.equal(started?.type, 'SessionStarted');
    assert.deepEqual([meta(started!).actor.type, meta(started!).actor.id], ['user', ownerId]);
  });

  it('a wrong password and an unknown email get the same 401', async () => {
    const wrong = await post(t, '/auth/login', { email: 'admin@localhost', password: 'not-the-password' });
    const unknown = await post(t, '/auth/login', { email: `nobody-${randomUUID()}@example.com`, password: 'not-the-password' });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    const [a, b] = [(await wrong.json()) as { code: string }, await unknown.json()];
    assert.equal(a.code, 'UNAUTHENTICATED');
    assert.deepEqual(a, b);
    assert.equal((await post(t, '/auth/login', { email: 'admin@localhost' })).status, 422);
  });

  it('after 5 failures for one email, sign-in is refused with 429 and Retry-After, even with the right password; other emails are unaffected', async () => {
    const { email } = await userWithPassword('throttled-password-1');
    for (let i = 0; i < 5; i++) assert.equal((await post(t, '/auth/login', { email, password: `wrong-password-${i}` })).status, 401);
    const limited = await post(t, '/auth/login', { email, password: 'throttled-password-1' });
    assert.equal(limited.status, 429);
    assert.equal(((await limited.json()) as { code: string }).code, 'RATE_LIMITED');
    const retry = Number(limited.headers.get('retry-after'));
    assert.ok(Number.isInteger(retry) && retry > 0 && retry <= 900, `Retry-After: ${limited.headers.get('retry-after')}`);
    assert.equal((await post(t, '/auth/login', { email: email.toUpperCase(), password: 'throttled-password-1' })).status, 429, 'the email is matched case-insensitively');
    await login('admin@localhost', BOOTSTRAP_PASSWORD);
  });

  it('refresh rotates: the new pair works, the spent refresh token is refused and its reuse revokes the whole session', async () => {
    const s = await login('admin@localhost', BOOTSTRAP_PASSWORD);
    const next = await json<Issued>(refresh(s.refresh_token), 200);
    secrets.push(next.access_token, next.refresh_token);
    assert.equal(next.session_id, s.session_id);
    assert.notEqual(next.access_token, s.access_token);
    assert.notEqual(next.refresh_token, s.refresh_token);
    assert.ok(next.refresh_expires_in <= s.refresh_expires_in, 'refreshing never extends the session');
    assert.equal(await flows(next.access_token), 200);
    assert.equal(await me(next.access_token), 200);

    const reused = await refresh(s.refresh_token);
    assert.equal(reused.status, 401);
    assert.equal(((await reused.json()) as { code: string }).code, 'UNAUTHENTICATED');
    assert.equal(await me(next.access_token), 401, 'the reuse ended the session');
    assert.equal(await me(s.access_token), 401);
    assert.equal((await refresh(next.refresh_token)).status, 401, 'the current refresh token is dead too');

    const events = await sessionEvents(s.session_id);
    assert.deepEqual(events.map((e) => e.type), ['SessionStarted', 'SessionRefreshed', 'SessionRevoked']);
    assert.equal((events[2]!.data as { reason: string }).reason, 'refresh_token_reused');
    for (const e of events) assert.deepEqual([meta(e).actor.type, meta(e).actor.id], ['user', ownerId], e.type);
  });

  it('refresh refuses garbage, an unknown token, and an access token', async () => {
    const s = await login('admin@localhost', BOOTSTRAP_PASSWORD);
    for (const token of ['nonsense', `pnr_${'A'.repeat(43)}`, s.access_token]) assert.equal((await refresh(token)).status, 401, token.slice(0, 8));
    assert.equal((await post(t, '/auth/refresh', {})).status, 422);
  });

  it('sign-out revokes the access and the refresh token; an API key has no session to sign out of', async () => {
    const s = await login('admin@localhost', BOOTSTRAP_PASSWORD);
    assert.equal(await me(s.access_token), 200);
    assert.equal((await post(t, '/auth/logout', {}, s.access_token)).status, 204);
    assert.equal(await me(s.access_token), 401);
    assert.equal(await flows(s.access_token), 401);
    assert.equal((await refresh(s.refresh_token)).status, 401);
    assert.equal((await post(t, '/auth/logout', {}, s.access_token)).status, 401);
    assert.equal((await post(t, '/auth/logout', {}, t.apiKey)).status, 404, 'the bootstrap API key is not a session');
    assert.equal((await post(t, '/auth/logout', {}, null)).status, 401);
    const events = await sessionEvents(s.session_id);
    assert.deepEqual(events.map((e) => [e.type, (e.data as { reason?: string }).reason]), [['SessionStarted', undefined], ['SessionRevoked', 'signed_out']]);
    assert.deepEqual([meta(events[1]!).actor.type, meta(events[1]!).actor.id], ['user', ownerId]);
  });

  it('a password change ends every other session of the user, keeps the one that made it', async () => {
    const { userId, email } = await userWithPassword('first-password-abc');
    const a = await login(email, 'first-password-abc');
    const b = await login(email, 'first-password-abc');
    const res = await t.fetch(`${t.api}/users/${userId}/password`, {
      method: 'PUT',
      key: a.access_token,
      body: JSON.stringify({ current_password: 'first-password-abc', new_password: 'second-password-xyz' }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 204);
    secrets.push('second-password-xyz');
    assert.equal(await me(a.access_token), 200);
    assert.equal(await me(b.access_token), 401);
    assert.equal((await refresh(b.refresh_token)).status, 401);
    const revoked = (await sessionEvents(b.session_id)).at(-1)!;
    assert.deepEqual([revoked.type, (revoked.data as { reason: string }).reason, meta(revoked).actor.id], ['SessionRevoked', 'password_changed', userId]);
    assert.equal((await post(t, '/auth/login', { email, password: 'first-password-abc' })).status, 401);
    await login(email, 'second-password-xyz');
  });

  it('an open /events/out socket authenticated with an access token is closed once the session is signed out', async () => {
    const s = await login('admin@localhost', BOOTSTRAP_PASSWORD);
    const socket = await TestSocket.open(toWs(`${t.workspaceApi}/events/out`), { protocols: ['prefect'] });
    socket.send({ type: 'auth', token: s.access_token });
    assert.deepEqual(await socket.next(), { type: 'auth_success' });
    socket.send({ type: 'filter', filter: { occurred: { since: new Date(Date.now() - 60_000).toISOString(), until: new Date(Date.now() + 86_400_000).toISOString() }, event: { prefix: ['session.ws.'] } }, backfill: false });
    await waitFor(async () => {
      const event = { id: randomUUID(), occurred: new Date().toISOString(), event: 'session.ws.probe', resource: { 'prefect.resource.id': `test.${randomUUID()}` }, related: [], payload: {} };
      assert.equal((await t.fetch(`${t.workspaceApi}/events`, { method: 'POST', body: JSON.stringify([event]), headers: { 'content-type': 'application/json' } })).status, 204);
      return socket.next(200).then(
        (m) => m,
        () => undefined,
      );
    }, 'the live subscription');
    assert.equal((await post(t, '/auth/logout', {}, s.access_token)).status, 204);
    const closed = await socket.expectClose(20 * SECOND);
    assert.equal(closed.code, 1008);
  });

  it('no password, access token or refresh token in plain text in any data file', async () => {
    const files = dataFiles(t.dataDir);
    assert.ok(files.some((f) => f.endsWith('events.sqlite')));
    assertInNoFile(files, secrets);
  });
});

describe('bootstrap password on restart', () => {
  it('is set once: a restart with the same PRAETOR_BOOTSTRAP_PASSWORD records nothing, and a password the owner changed is kept', async () => {
    const env = { PRAETOR_BOOTSTRAP_PASSWORD: BOOTSTRAP_PASSWORD };
    const first = await startTestServer(env);
    const dir = first.dataDir;
    const ownerId = first.server.installation.ids.userId;
    const changed = await first.fetch(`${first.api}/users/${ownerId}/password`, {
      method: 'PUT',
      body: JSON.stringify({ current_password: BOOTSTRAP_PASSWORD, new_password: 'owner-chose-this-one' }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(changed.status, 204);
    await first.stop({ keepData: true });
    const again = await startTestServer(env, dir);
    try {
      const events = (await again.server.runtime.stores.events.readStream(streamName('user', ownerId))).filter((e) => e.type === 'UserPasswordSet');
      assert.equal(events.length, 2, 'the bootstrap one and the owner\'s change, nothing more');
      const ok = await again.fetch(`${again.server.url}/auth/login`, { method: 'POST', key: null, body: JSON.stringify({ email: 'admin@localhost', password: 'owner-chose-this-one' }), headers: { 'content-type': 'application/json' } });
      assert.equal(ok.status, 200);
    } finally {
      await again.stop();
    }
  });
});

// Runs alone: the servers of one process share passport's strategy registry, so only one may serve at a time.
describe('session expiry (PRAETOR_SESSION_SECONDS=60, the shortest allowed)', () => {
  it('a session ends at its absolute end: its access token and its refresh token stop working, whatever the refreshes', async () => {
    const short = await startTestServer({ PRAETOR_SESSION_SECONDS: '60', PRAETOR_BOOTSTRAP_PASSWORD: BOOTSTRAP_PASSWORD });
    try {
      const call = (path: string, body: unknown) => short.fetch(`${short.server.url}${path}`, { method: 'POST', key: null, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      const me = async (key: string) => (await short.fetch(`${short.api}/me/`, { key })).status;
      const first = (await (await call('/auth/login', { email: 'admin@localhost', password: BOOTSTRAP_PASSWORD })).json()) as Issued;
      assert.ok(first.refresh_expires_in <= 60);
      assert.ok(first.expires_in <= 60, 'the access token never outlives the session');
      const renewed = await call('/auth/refresh', { refresh_token: first.refresh_token });
      assert.equal(renewed.status, 200);
      const s = (await renewed.json()) as Issued;
      assert.ok(s.refresh_expires_in <= first.refresh_expires_in, 'refreshing never extends the session');
      assert.equal(await me(s.access_token), 200);
      await waitFor(async () => ((await me(s.access_token)) === 401 ? true : undefined), 'the session to end', 120 * SECOND, 500);
      assert.equal((await call('/auth/refresh', { refresh_token: s.refresh_token })).status, 401);
      assert.equal((await short.fetch(`${short.server.url}/auth/session`, { key: s.access_token })).status, 401);
      assertInNoFile(dataFiles(short.dataDir), [BOOTSTRAP_PASSWORD, first.access_token, first.refresh_token, s.access_token, s.refresh_token]);
    } finally {
      await short.stop();
    }
  });
});
