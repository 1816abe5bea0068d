import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CommandBus } from '@nestjs/cqrs';
import { RegisterUserCommand } from '../../src/contexts/identity-access';
import { NO_REQUEST, SYSTEM_PRINCIPAL } from '../../src/shared/application';
import { streamName, type EventMetadata } from '../../src/shared/ddd';
import { assertInNoFile, dataFiles } from '../support/data-files';
import { createOtherTenant, type OtherTenant } from '../support/tenants';
import { apiClient, json } from '../support/http';
import { startTestServer, type TestServer } from '../support/test-server';

interface User {
  id: string;
  actor_id: string;
  handle: string;
  first_name: string | null;
  last_name: string | null;
  email: string;
  image_location: string | null;
  created: string;
  updated: string;
}
interface UserKey {
  id: string;
  created: string;
  name: string;
  expiration: string | null;
  key?: string;
}

describe('users: profile, password and pnu_ API keys (/api/users/{id})', () => {
  let t: TestServer;
  let eve: OtherTenant;
  let ownerId: string;
  const secrets: string[] = [];

  const { send } = apiClient(() => t);
  const users = (id: string) => `${t.api}/users/${id}`;
  const meta = (e: { metadata: unknown }) => e.metadata as EventMetadata;

  before(async () => {
    t = await startTestServer();
    ownerId = t.server.installation.ids.userId;
    eve = await createOtherTenant(t, 'eve', { firstName: 'Eve' });
  });
  after(async () => {
    await t?.stop();
  });

  it('GET shows the caller\'s own profile in the Cloud shape', async () => {
    const me = await json<User>(send('GET', users(eve.userId), undefined, eve.key), 200);
    assert.deepEqual(Object.keys(me).sort(), ['actor_id', 'created', 'email', 'first_name', 'handle', 'id', 'image_location', 'last_name', 'updated']);
    assert.equal(me.id, eve.userId);
    assert.equal(me.actor_id, eve.userId);
    assert.equal(me.handle, 'eve');
    assert.equal(me.first_name, 'Eve');
    assert.equal(me.email, 'eve@example.com');
    assert.equal(me.image_location, null);
    assert.equal((await send('GET', `${t.api}/me/`, undefined, eve.key)).status, 200);
  });

  it('another user\'s id is not found (GET, PATCH, keys, password); an unknown or malformed id too', async () => {
    for (const [method, path, body] of [
      ['GET', '', undefined],
      ['PATCH', '', { first_name: 'Mallory' }],
      ['GET', '/api_keys', undefined],
      ['POST', '/api_keys', { name: 'x' }],
      ['PUT', '/password', { new_password: 'a-long-enough-password' }],
    ] as const) {
      const res = await send(method, `${users(ownerId)}${path}`, body, eve.key);
      assert.equal(res.status, 404, `${method} ${path}`);
    }
    assert.equal((await send('GET', users('00000000-0000-4000-8000-000000000001'), undefined, eve.key)).status, 404);
    assert.equal((await send('GET', users('not-a-uuid'), undefined, eve.key)).status, 404);
    const owner = await json<User>(send('GET', users(ownerId)), 200);
    assert.equal(owner.first_name, null, 'the other user\'s profile is unchanged');
  });

  it('a service account has no profile: 403 (as on /api/me/)', async () => {
    const bot = await json<{ id: string; api_key: { key: string } }>(send('POST', `${t.api}/accounts/${t.server.installation.ids.accountId}/bots/`, { name: 'profile-bot' }), 201);
    secrets.push(bot.api_key.key);
    const res = await send('GET', users(bot.id), undefined, bot.api_key.key);
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as { code: string }).code, 'FORBIDDEN');
    assert.equal((await send('GET', `${t.api}/me/`, undefined, bot.api_key.key)).status, 403);
    assert.equal((await send('POST', `${users(bot.id)}/api_keys`, { name: 'x' }, bot.api_key.key)).status, 403);
  });

  it('PATCH changes only the given fields, validates them, and records only what changed', async () => {
    const patched = await json<User>(
      send('PATCH', users(eve.userId), { last_name: 'Adams', image_location: 'https://avatars.example.com/eve.png', email: 'Eve.Adams@Example.com' }, eve.key),
      200,
    );
    assert.equal(patched.first_name, 'Eve');
    assert.equal(patched.last_name, 'Adams');
    assert.equal(patched.email, 'eve.adams@example.com');
    assert.equal(patched.image_location, 'https://avatars.example.com/eve.png');
    assert.ok(patched.updated > patched.created);
    for (const bad of [{ handle: 'Not A Handle' }, { email: 'nope' }, { image_location: 'ftp://x.example.com/a.png' }, { image_location: 'javascript:alert(1)' }, { first_name: 42 }]) {
      const res = await send('PATCH', users(eve.userId), bad, eve.key);
      assert.equal(res.status, 422, JSON.stringify(bad));
      assert.equal(((await res.json()) as { code: string }).code, 'VALIDATION_FAILED');
    }
    const same = await json<User>(send('PATCH', users(eve.userId), { last_name: 'Adams' }, eve.key), 200);
    assert.equal(same.updated, patched.updated, 'no change, no event');
    const cleared = await json<User>(send('PATCH', users(eve.userId), { image_location: null }, eve.key), 200);
    assert.equal(cleared.image_location, null);
    const events = (await t.server.runtime.stores.events.readStream(streamName('user', eve.userId))).filter((e) => e.type === 'UserProfileUpdated');
    assert.deepEqual(
      events.map((e) => (e.data as { changes: unknown }).changes),
      [{ lastName: 'Adams', imageLocation: 'https://avatars.example.com/eve.png', email: 'eve.adams@example.com' }, { imageLocation: null }],
    );
    for (const e of events) assert.deepEqual([meta(e).actor.type, meta(e).actor.id], ['user', eve.userId]);
  });

  it('handles and emails stay unique across users; a freed handle can be taken', async () => {
    const bus = t.server.app.get(CommandBus);
    await assert.rejects(bus.execute(new RegisterUserCommand(SYSTEM_PRINCIPAL, NO_REQUEST, { handle: 'eve', email: 'other@example.com', firstName: null, lastName: null })), { code: 'ALREADY_EXISTS' });
    await assert.rejects(bus.execute(new RegisterUserCommand(SYSTEM_PRINCIPAL, NO_REQUEST, { handle: 'other', email: 'EVE.ADAMS@example.com', firstName: null, lastName: null })), { code: 'ALREADY_EXISTS' });
    const taken = await send('PATCH', users(ownerId), { handle: 'eve' });
    assert.equal(taken.status, 409);
    assert.equal(((await taken.json()) as { code: string }).code, 'ALREADY_EXISTS');
    assert.equal((await send('PATCH', users(ownerId), { email: 'eve.adams@example.com' })).status, 409);
    assert.equal((await json<User>(send('GET', users(ownerId)), 200)).handle, 'admin', 'a refused change changes nothing');
    // The failed registrations above released what they had claimed: 'other' is free.
    await bus.execute(new RegisterUserCommand(SYSTEM_PRINCIPAL, NO_REQUEST, { handle: 'other', email: 'other@example.com', firstName: null, lastName: null }));
    // Eve renames; her old handle is free for someone else.
    assert.equal((await json<User>(send('PATCH', users(eve.userId), { handle: 'eve-adams' }, eve.key), 200)).handle, 'eve-adams');
    const { userId } = await bus.execute(new RegisterUserCommand(SYSTEM_PRINCIPAL, NO_REQUEST, { handle: 'eve', email: 'eve2@example.com', firstName: null, lastName: null }));
    assert.ok(userId);
  });

  it('user API keys: create (shown once), list newest first without the key, get, delete → the key is refused', async () => {
    const expiration = new Date(Date.now() + 86_400_000).toISOString();
    const first = await json<UserKey>(send('POST', `${users(eve.userId)}/api_keys`, { name: 'laptop', expiration }, eve.key), 201);
    const second = await json<UserKey>(send('POST', `${users(eve.userId)}/api_keys`, { name: 'ci', expiration: null }, eve.key), 201);
    secrets.push(first.key!, second.key!);
    assert.match(first.key!, /^pnu_[0-9A-Za-z]{36}$/);
    assert.deepEqual(Object.keys(first).sort(), ['created', 'expiration', 'id', 'key', 'name']);
    assert.equal(Date.parse(first.expiration!), Date.parse(expiration));
    assert.equal(second.expiration, null);
    assert.equal((await send('GET', `${t.api}/me/`, undefined, first.key)).status, 200, 'the new key authenticates');

    const list = await json<UserKey[]>(send('GET', `${users(eve.userId)}/api_keys`, undefined, eve.key), 200);
    assert.deepEqual(list.slice(0, 2).map((k) => k.id), [second.id, first.id], 'newest first');
    assert.ok(list.some((k) => k.id === eve.keyId));
    for (const k of list) assert.equal(k.key, undefined);
    const one = await json<UserKey>(send('GET', `${users(eve.userId)}/api_keys/${first.id}`, undefined, eve.key), 200);
    assert.deepEqual(one, { id: first.id, created: first.created, name: 'laptop', expiration: first.expiration });
    assert.equal((await send('GET', `${users(ownerId)}/api_keys/${first.id}`)).status, 404, 'not through another user');

    assert.equal((await send('DELETE', `${users(eve.userId)}/api_keys/${first.id}`, undefined, eve.key)).status, 204);
    assert.equal((await send('GET', `${t.api}/me/`, undefined, first.key)).status, 401, 'a revoked key is refused at once');
    assert.equal((await send('GET', `${users(eve.userId)}/api_keys/${first.id}`, undefined, eve.key)).status, 404);
    assert.equal((await send('DELETE', `${users(eve.userId)}/api_keys/${first.id}`, undefined, eve.key)).status, 404);
    assert.ok(!(await json<UserKey[]>(send('GET', `${users(eve.userId)}/api_keys`, undefined, eve.key), 200)).some((k) => k.id === first.id));

    const keyEvents = await t.server.runtime.stores.events.readStream(streamName('apiKey', first.id));
    assert.deepEqual(keyEvents.map((e) => e.type), ['ApiKeyCreated', 'ApiKeyRevoked']);
    for (const e of keyEvents) assert.deepEqual([meta(e).actor.type, meta(e).actor.id], ['user', eve.userId]);
  });

  it('refuses a key whose expiration is past, or without a name (422)', async () => {
    for (const body of [{ name: 'old', expiration: '2020-01-01T00:00:00Z' }, { name: 'bad', expiration: 'soon' }, { name: '  ' }, { expiration: null }]) {
      const res = await send('POST', `${users(eve.userId)}/api_keys`, body, eve.key);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal(((await res.json()) as { code: string }).code, 'VALIDATION_FAILED');
    }
  });

  it('password: set without a current one, then change only with the right current one; the event holds only a hash', async () => {
    const pw = (body: unknown) => send('PUT', `${users(eve.userId)}/password`, body, eve.key);
    const first = 'eve-first-password-1';
    const second = 'eve-second-password-2';
    secrets.push(first, second);
    for (const bad of [{ new_password: 'short' }, { new_password: 'x'.repeat(1025) }, {}]) {
      const res = await pw(bad);
      assert.equal(res.status, 422);
      assert.equal(((await res.json()) as { code: string }).code, 'VALIDATION_FAILED');
    }
    assert.equal((await pw({ new_password: first })).status, 204);
    const missing = await pw({ new_password: second });
    assert.equal(missing.status, 422, 'the current password is required once one is set');
    const wrong = await pw({ current_password: 'not-the-password', new_password: second });
    assert.equal(wrong.status, 403);
    assert.equal(((await wrong.json()) as { code: string }).code, 'FORBIDDEN');
    assert.equal((await pw({ current_password: first, new_password: second })).status, 204);

    const events = (await t.server.runtime.stores.events.readStream(streamName('user', eve.userId))).filter((e) => e.type === 'UserPasswordSet');
    assert.equal(events.length, 2);
    for (const e of events) {
      assert.match((e.data as { passwordHash: string }).passwordHash, /^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      assert.deepEqual([meta(e).actor.type, meta(e).actor.id], ['user', eve.userId]);
    }
    const login = await send('POST', `${t.api.replace(/\/api$/, '')}/auth/login`, { email: 'eve.adams@example.com', password: second }, null);
    assert.equal(login.status, 200, 'the new password signs in');
  });

  it('no password or key in plain text in any data file, nor the hash in the users read model', async () => {
    const files = dataFiles(t.dataDir);
    assertInNoFile(files, secrets);
    const doc = await t.server.runtime.stores.readStore.get('users', eve.userId);
    assert.ok(doc && !JSON.stringify(doc).includes('scrypt$'));
  });
});
