import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort } from '../support/free-port';
import { startPraetorProcess } from '../support/praetor-process';

describe('acknowledged writes over HTTP survive kill -9', () => {
  const dir = mkdtempSync(join(tmpdir(), 'praetor-kill9-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('every acknowledged flow, flow run and state is there after SIGKILL and a restart', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const key = `pnu_${'k'.repeat(36)}`;
    const env = { PRAETOR_PORT: String(port), PRAETOR_DATA_DIR: dir, PRAETOR_LOG_LEVEL: 'warn', PRAETOR_BOOTSTRAP_API_KEY: key };
    const first = await startPraetorProcess(env);
    const api = first.env.PREFECT_API_URL!;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const post = (path: string, body: unknown) => fetch(`${api}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });

    // Concurrent writes; remember only what was acknowledged, then kill while more are in flight.
    const acknowledged: { runId: string; state: string }[] = [];
    const flow = (await (await post('/flows/', { name: 'durable' })).json()) as { id: string };
    const writers = Array.from({ length: 16 }, async () => {
      for (;;) {
        const res = await post('/flow_runs/', { flow_id: flow.id }).catch(() => undefined);
        if (!res || res.status !== 201) return;
        const run = (await res.json()) as { id: string };
        const set = await post(`/flow_runs/${run.id}/set_state`, { state: { type: 'RUNNING' } }).catch(() => undefined);
        acknowledged.push({ runId: run.id, state: set?.status === 201 ? 'RUNNING' : 'PENDING' });
      }
    });
    while (acknowledged.length < 50) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    await Promise.all(writers);
    await first.exited();

    const second = await startPraetorProcess(env);
    try {
      for (const a of acknowledged) {
        const res = await fetch(`${api}/flow_runs/${a.runId}`, { headers });
        assert.equal(res.status, 200, `acknowledged run ${a.runId} lost`);
        const run = (await res.json()) as { state_type: string };
        if (a.state === 'RUNNING') assert.equal(run.state_type, 'RUNNING', `acknowledged RUNNING of ${a.runId} lost`);
      }
      const count = (await (await post('/flow_runs/count', { flows: { id: { any_: [flow.id] } } })).json()) as number;
      assert.ok(count >= acknowledged.length);
    } finally {
      second.child.kill('SIGKILL');
      await second.exited();
    }
  });
});
