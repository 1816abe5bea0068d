import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CommandBus } from '@nestjs/cqrs';
import { CreateUserApiKeyCommand, hashApiKey, hashSessionToken } from '../../src/contexts/identity-access';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import { NO_REQUEST, SYSTEM_PRINCIPAL } from '../../src/shared/application';
import { assertInNoFile, dataFiles } from '../support/data-files';
import { startTestServer, type TestServer } from '../support/test-server';

const BOOTSTRAP_KEY = 'pnu_atRestBootstrapKey0123456789abcdefgh';
const BOOTSTRAP_PASSWORD = 'at-rest-bootstrap-password';
const NEW_PASSWORD = 'at-rest-changed-password';

describe('API keys at rest', () => {
  let t: TestServer;
  let userKey: string;

  before(async () => {
    t = await startTestServer({ PRAETOR_BOOTSTRAP_API_KEY: BOOTSTRAP_KEY, PRAETOR_BOOTSTRAP_PASSWORD: BOOTSTRAP_PASSWORD });
    const created = await t.server.app.get(CommandBus).execute(new CreateUserApiKeyCommand(SYSTEM_PRINCIPAL, NO_REQUEST, t.server.installation.ids.userId, { name: 'laptop', expiration: null }));
    await t.server.app.get(ProjectionRunner).wait(created.position!);
    userKey = created.key;
  });
  after(async () => {
    await t?.stop();
  });

  it('stores only a hash of every key: neither key appears in any data file, and both still authenticate', async () => {
    // Use both keys, so every path that sees a key (auth, logs, telemetry) has run.
    for (const key of [BOOTSTRAP_KEY, userKey]) {
      assert.equal((await t.fetch(`${t.workspaceApi}/flows/`, { method: 'POST', body: JSON.stringify({ name: `at-rest-${key.slice(-4)}` }), headers: { 'content-type': 'application/json' }, key })).status, 201);
      assert.equal((await t.fetch(`${t.api}/me/`, { key })).status, 200);
    }
    const files = dataFiles(t.dataDir);
    assert.ok(files.some((f) => f.endsWith('events.sqlite')), `the event store is among ${files.join(', ')}`);
    assertInNoFile(files, [BOOTSTRAP_KEY, userKey]);
    // The scan reads where the keys live: their SHA-256 is there (unless both stores are external).
    if (!(process.env.MONGODB_URL && process.env.EVENTSTORE_URL)) {
      const hash = hashApiKey(userKey);
      assert.ok(files.some((f) => readFileSync(f).includes(hash)), 'the key hash is stored in a data file');
    }
    const all = JSON.stringify(await t.server.runtime.stores.events.readAll());
    assert.ok(!all.includes(BOOTSTRAP_KEY) && !all.includes(userKey));
  });

  it('stores no password and no session token in plain text: only scrypt hashes and SHA-256 digests', async () => {
    const post = (path: string, body: unknown, key: string | null = null) =>
      t.fetch(`${t.server.url}${path}`, { method: 'POST', key, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const login = await post('/auth/login', { email: 'admin@localhost', password: BOOTSTRAP_PASSWORD });
    assert.equal(login.status, 200);
    const first = (await login.json()) as { access_token: string; refresh_token: string };
    const refreshed = await post('/auth/refresh', { refresh_token: first.refresh_token });
    assert.equal(refreshed.status, 200);
    const second = (await refreshed.json()) as { access_token: string; refresh_token: string };
    // Use every secret, so every path that sees one (auth, logs, telemetry) has run.
    assert.equal((await t.fetch(`${t.api}/me/`, { key: second.access_token })).status, 200);
    const userId = t.server.installation.ids.userId;
    const changed = await t.fetch(`${t.api}/users/${userId}/password`, {
      method: 'PUT',
      key: second.access_token,
      body: JSON.stringify({ current_password: BOOTSTRAP_PASSWORD, new_password: NEW_PASSWORD }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(changed.status, 204);
    assert.equal((await post('/auth/logout', {}, second.access_token)).status, 204);
    const secrets = [BOOTSTRAP_PASSWORD, NEW_PASSWORD, first.access_token, first.refresh_token, second.access_token, second.refresh_token];
    const files = dataFiles(t.dataDir);
    assertInNoFile(files, secrets);
    if (!(process.env.MONGODB_URL && process.env.EVENTSTORE_URL)) {
      const digest = hashSessionToken(second.access_token);
      assert.ok(files.some((f) => readFileSync(f).includes(digest)), 'the access token digest is stored in a data file');
    }
    const all = JSON.stringify(await t.server.runtime.stores.events.readAll());
    for (const secret of secrets) assert.ok(!all.includes(secret), `${secret.slice(0, 4)}… in the event log`);
    assert.match(all, /scrypt\$131072\$8\$1\$/);
  });
});
