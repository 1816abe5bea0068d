import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CommandBus } from '@nestjs/cqrs';
import { CreateUserApiKeyCommand, hashApiKey } from '../../src/contexts/identity-access';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import { NO_REQUEST, SYSTEM_PRINCIPAL } from '../../src/shared/application';
import { assertInNoFile, dataFiles } from '../support/data-files';
import { startTestServer, type TestServer } from '../support/test-server';

const BOOTSTRAP_KEY = 'pnu_atRestBootstrapKey0123456789abcdefgh';

describe('API keys at rest', () => {
  let t: TestServer;
  let userKey: string;

  before(async () => {
    t = await startTestServer({ PRAETOR_BOOTSTRAP_API_KEY: BOOTSTRAP_KEY });
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
});
