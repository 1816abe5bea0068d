import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allProjections } from '../../projections';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import { SqliteReadStore } from '../../src/infrastructure/read-store/sqlite-read-store';
import type { Projection } from '../../src/shared/ddd';
import { streamStatsProjection } from '../support/stream-stats.projection';

interface Ack {
  stream: string;
  revision: number;
  position: number;
  id: string;
}

const ROUNDS = 20;
const child = join(__dirname, '../support/crash-child.js');
const projections: readonly Projection[] = [...allProjections, streamStatsProjection];

/** Runs the child until it has acknowledged some appends, then kills it with SIGKILL after a random delay. */
function runAndKill(dir: string): Promise<{ acks: Ack[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, dir, '64', '40'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: Ack[] = [];
    let buffer = '';
    let stderr = '';
    let armed = false;
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const [kind, stream, revision, position, id] = line.split(' ');
        if (kind === 'ack') acks.push({ stream: stream!, revision: Number(revision), position: Number(position), id: id! });
        if (kind === 'ready' && !armed) {
          armed = true;
          setTimeout(() => p.kill('SIGKILL'), 30 + Math.floor(Math.random() * 400));
        }
      }
    });
    p.stderr.on('data', (c) => (stderr += String(c)));
    p.on('error', reject);
    p.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited by itself (code ${code}): ${stderr}`));
      else resolve({ acks, stderr });
    });
  });
}

async function snapshot(store: SqliteReadStore, collections: readonly string[]) {
  const out: Record<string, unknown[]> = {};
  for (const c of collections) {
    out[c] = await store.find(c, {}, { sort: [{ field: '_id', direction: 'asc' }] });
  }
  return out;
}

describe('crash safety of the embedded stores', () => {
  it(`survives SIGKILL under concurrent appends, ${ROUNDS} times`, { timeout: 300_000 }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'praetor-crash-'));
    try {
      const acked = new Map<string, Ack>();
      for (let round = 1; round <= ROUNDS; round++) {
        const { acks } = await runAndKill(dir);
        for (const a of acks) acked.set(a.id, a);

        const events = SqliteEventStore.open(join(dir, 'events.sqlite'));
        try {
          assert.equal(events.integrityCheck(), 'ok', `round ${round}: event store integrity`);
          const all = [];
          for (let after = 0; ; ) {
            const batch = await events.readAll({ after, maxCount: 5000 });
            if (batch.length === 0) break;
            all.push(...batch);
            after = batch[batch.length - 1]!.position;
          }
          // Positions have no gaps: 1..N.
          all.forEach((e, i) => assert.equal(e.position, i + 1, `round ${round}: gap before position ${e.position}`));
          // Every acknowledged append is present, where it was acknowledged.
          const byId = new Map(all.map((e) => [e.id, e]));
          for (const a of acked.values()) {
            const e = byId.get(a.id);
            assert.ok(e, `round ${round}: acknowledged event ${a.id} lost`);
            assert.equal(e.stream, a.stream);
            assert.equal(e.revision, a.revision);
            assert.equal(e.position, a.position);
          }
          // Per-stream revisions are dense.
          const revisions = new Map<string, number>();
          for (const e of all) {
            const expected = (revisions.get(e.stream) ?? -1) + 1;
            assert.equal(e.revision, expected, `round ${round}: ${e.stream} revision gap`);
            revisions.set(e.stream, e.revision);
          }

          // The read models, caught up from their checkpoints, equal a rebuild from zero.
          const reads = SqliteReadStore.open(join(dir, 'read-models.sqlite'));
          const fresh = SqliteReadStore.open(join(dir, `rebuild-${round}.sqlite`));
          try {
            const runner = new ProjectionRunner(events, reads, projections);
            await runner.start();
            await runner.wait(all.length);
            await runner.stop();
            const rebuild = new ProjectionRunner(events, fresh, projections);
            await rebuild.rebuild();
            const collections = projections.map((p) => p.collection);
            assert.deepEqual(await snapshot(reads, collections), await snapshot(fresh, collections), `round ${round}: projections differ from a rebuild`);
            const stats = await reads.find(streamStatsProjection.collection, {});
            assert.equal(stats.reduce((n, d) => n + (d.events as number), 0), all.length);
            assert.equal((reads as unknown as { integrityCheck?: () => string }).integrityCheck?.() ?? 'ok', 'ok');
          } finally {
            await reads.close();
            await fresh.close();
          }
        } finally {
          await events.close();
        }
      }
      assert.ok(acked.size > 0, 'the child acknowledged nothing: the test exercised nothing');
      t.diagnostic(`${acked.size} acknowledged appends checked across ${ROUNDS} kills`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
