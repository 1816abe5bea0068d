import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort } from '../support/free-port';
import { startPraetorProcess } from '../support/praetor-process';

describe('npm start on an empty data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'praetor-first-start-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('bootstraps, prints the three Prefect lines, serves them, stops gracefully and keeps its state', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const env = { PRAETOR_PORT: String(port), PRAETOR_DATA_DIR: dir, PRAETOR_LOG_LEVEL: 'warn' };
    const first = await startPraetorProcess(env);
    const { PREFECT_CLOUD_API_URL: cloud, PREFECT_API_URL: api, PREFECT_API_KEY: key } = first.env;
    assert.equal(cloud, `http://127.0.0.1:${port}/api`);
    assert.match(api!, new RegExp(`^http://127\\.0\\.0\\.1:${port}/api/accounts/[0-9a-f-]{36}/workspaces/[0-9a-f-]{36}$`));
    assert.ok(api!.startsWith(cloud!), 'the client treats the server as Cloud only when the workspace URL starts with the Cloud URL');
    assert.match(key!, /^pnu_[0-9A-Za-z]{36}$/);

    const res = await fetch(`${cloud}/me/workspaces`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(res.status, 200);
    const [ws] = (await res.json()) as { account_id: string; workspace_id: string }[];
    assert.equal(`${cloud}/accounts/${ws!.account_id}/workspaces/${ws!.workspace_id}`, api);

    first.child.kill('SIGTERM');
    assert.deepEqual(await first.exited(), { code: 0, signal: null });

    const second = await startPraetorProcess(env);
    try {
      assert.equal(second.env.PREFECT_API_URL, api, 'the same workspace after a restart');
      assert.equal(second.env.PREFECT_API_KEY, undefined, 'the key is not printed again: only its hash is kept');
      assert.match(second.output(), /# PREFECT_API_KEY: printed on first start only/);
      const again = await fetch(`${cloud}/me/workspaces`, { headers: { authorization: `Bearer ${key}` } });
      assert.equal(again.status, 200);
      assert.equal(((await again.json()) as unknown[]).length, 1, 'no second workspace was bootstrapped');
    } finally {
      second.child.kill('SIGKILL');
      await second.exited();
    }
  });

  it('refuses a bad configuration with a message naming the variable', { timeout: 60_000 }, async () => {
    await assert.rejects(startPraetorProcess({ PRAETOR_PORT: 'not-a-port', PRAETOR_DATA_DIR: dir }), /PRAETOR_PORT/);
  });
});
