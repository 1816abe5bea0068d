import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../support/test-server';

describe('concurrent upserts of one flow', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t?.stop();
  });

  it('64 clients creating the same new flow at once all get it back (one 201, the rest 200)', async () => {
    const results = await Promise.all(
      Array.from({ length: 64 }, () => t.fetch(`${t.workspaceApi}/flows/`, { method: 'POST', body: JSON.stringify({ name: 'hot-flow' }), headers: { 'content-type': 'application/json' } })),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.equal(statuses.filter((s) => s === 201).length, 1);
    assert.equal(statuses.filter((s) => s === 200).length, 63);
    const ids = new Set(await Promise.all(results.map(async (r) => ((await r.json()) as { id: string }).id)));
    assert.equal(ids.size, 1);
  });
});
