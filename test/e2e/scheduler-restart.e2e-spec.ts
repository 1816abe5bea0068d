import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { toMicroIso } from '../../src/shared/ddd';
import { freePort } from '../support/free-port';
import { startPraetorProcess, type PraetorProcess } from '../support/praetor-process';

const INTERVAL_SECONDS = 10;
const MAX_RUNS = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the scheduler survives kill -9 while it creates runs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'praetor-scheduler-kill9-'));
  const running: PraetorProcess[] = [];
  after(async () => {
    for (const p of running) {
      p.child.kill('SIGKILL');
      await p.exited();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('after SIGKILL and a restart every slot has exactly one run, none missing between the first and the last', { timeout: 180_000 }, async () => {
    const port = await freePort();
    const key = `pnu_${'s'.repeat(36)}`;
    const env = { PRAETOR_PORT: String(port), PRAETOR_DATA_DIR: dir, PRAETOR_LOG_LEVEL: 'warn', PRAETOR_BOOTSTRAP_API_KEY: key, PRAETOR_SCHEDULER_LOOP_SECONDS: '1' };
    const first = await startPraetorProcess(env);
    running.push(first);
    const api = first.env.PREFECT_API_URL!;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const post = (path: string, body: unknown) => fetch(`${api}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });

    const flow = (await (await post('/flows/', { name: 'ticking' })).json()) as { id: string };
    const createdAt = Date.now();
    // The first slot half a minute ahead: every slot is still in the future when the server is back.
    const anchor = `${new Date(Math.floor(Date.now() / 1000) * 1000 + 30_000).toISOString().slice(0, 19)}Z`;
    const created = await post('/deployments/', { name: 'every-10s', flow_id: flow.id, schedules: [{ schedule: { interval: INTERVAL_SECONDS, anchor_date: anchor }, active: true }] });
    assert.equal(created.status, 201, await created.clone().text());
    const deployment = (await created.json()) as { id: string };
    const count = async () => {
      const res = await post('/flow_runs/count', { deployments: { id: { any_: [deployment.id] } } }).catch(() => undefined);
      return res?.ok ? ((await res.json()) as number) : undefined;
    };

    // Kill while the scheduler is part way through the first 100 runs.
    let seen: number | undefined;
    const deadline = Date.now() + 30_000;
    for (;;) {
      seen = await count();
      if (seen !== undefined && seen > 0) break;
      assert.ok(Date.now() < deadline, 'the scheduler created no run');
    }
    first.child.kill('SIGKILL');
    await first.exited();
    assert.ok(seen! < MAX_RUNS, `the scheduler had already finished (${seen} runs) before the kill`);

    const restartedAt = Date.now();
    const second = await startPraetorProcess(env);
    running.push(second);
    const runs = async () => {
      const res = await post('/flow_runs/filter', { deployments: { id: { any_: [deployment.id] } }, sort: 'EXPECTED_START_TIME_ASC', limit: 200 });
      assert.equal(res.status, 200);
      return ((await res.json()) as { id: string; expected_start_time: string; auto_scheduled: boolean }[]).map((r) => ({ ...r, slot: toMicroIso(r.expected_start_time)! }));
    };
    // Topped up: the runs reach (nearly) 100 slots past the restart.
    const horizon = restartedAt + (MAX_RUNS - 2) * INTERVAL_SECONDS * 1000;
    let all = await runs();
    const topUpDeadline = Date.now() + 60_000;
    while (!(all.length > 0 && Date.parse(all[all.length - 1]!.slot) >= horizon)) {
      assert.ok(Date.now() < topUpDeadline, `not topped up: ${all.length} runs, last ${all[all.length - 1]?.slot}`);
      await sleep(200);
      all = await runs();
    }
    assert.ok(all.every((r) => r.auto_scheduled));
    const slots = all.map((r) => r.slot);
    assert.equal(new Set(slots).size, slots.length, `a slot has two runs: ${slots.filter((s, i) => slots.indexOf(s) !== i).join(', ')}`);
    const firstMs = Date.parse(slots[0]!);
    assert.ok((firstMs - Date.parse(anchor)) % (INTERVAL_SECONDS * 1000) === 0, 'slots are aligned on the anchor');
    assert.ok(firstMs >= createdAt - INTERVAL_SECONDS * 1000, 'no slot from before the deployment existed');
    slots.forEach((s, i) => assert.equal(Date.parse(s), firstMs + i * INTERVAL_SECONDS * 1000, `slot ${i} missing or out of place`));
  });
});
