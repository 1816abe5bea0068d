/**
 * npm run bench:event-store — figures, never pass/fail.
 *  1. Durable appends (SQLite, WAL, synchronous=FULL, group commit) at 1, 16 and 256 concurrent writers.
 *  2. Projection rebuild speed over 1M events.
 * Env: BENCH_SECONDS (per writer level, default 5), BENCH_REBUILD_EVENTS (default 1000000).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import { SqliteReadStore } from '../../src/infrastructure/read-store/sqlite-read-store';
import { streamStatsProjection } from '../support/stream-stats.projection';
import { benchAppends } from './event-store-appends';

async function appends(seconds: number) {
  console.log(`\n== durable appends (SQLite, WAL, synchronous=FULL, group commit), ${seconds}s per level ==`);
  console.log('writers  appends/s   p50 ms   p99 ms   appends');
  for (const writers of [1, 16, 256]) {
    const dir = mkdtempSync(join(tmpdir(), 'praetor-bench-'));
    const store = SqliteEventStore.open(join(dir, 'events.sqlite'));
    try {
      const r = await benchAppends(store, writers, seconds * 1000);
      console.log(`${String(writers).padStart(7)}  ${String(Math.round(r.appendsPerSec)).padStart(9)}  ${r.p50Ms.toFixed(2).padStart(7)}  ${r.p99Ms.toFixed(2).padStart(7)}  ${String(r.appends).padStart(8)}`);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

async function rebuild(total: number) {
  console.log(`\n== projection rebuild over ${total.toLocaleString('en')} events ==`);
  const dir = mkdtempSync(join(tmpdir(), 'praetor-bench-rebuild-'));
  const store = SqliteEventStore.open(join(dir, 'events.sqlite'));
  try {
    const streams = 10_000;
    const perAppend = 100;
    const started = performance.now();
    const pending: Promise<unknown>[] = [];
    const revisions = new Array<number>(streams).fill(-1);
    for (let written = 0, i = 0; written < total; i++) {
      const s = i % streams;
      const n = Math.min(perAppend, total - written);
      const events = Array.from({ length: n }, (_, k) => ({ id: randomUUID(), type: 'CrashTestAppended', data: { n: k, note: 'benchmark event' }, metadata: { actor: { type: 'system' } } }));
      pending.push(store.append(`benchStream-${s}`, events, revisions[s] === -1 ? 'no_stream' : revisions[s]!));
      revisions[s]! += n;
      written += n;
      if (pending.length >= 200) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
    console.log(`loaded in ${((performance.now() - started) / 1000).toFixed(1)}s (${(statSync(join(dir, 'events.sqlite')).size / 1e6).toFixed(0)} MB)`);

    const reads = SqliteReadStore.open(join(dir, 'read-models.sqlite'));
    try {
      const runner = new ProjectionRunner(store, reads, [streamStatsProjection], { batchSize: 10_000 });
      const t0 = performance.now();
      const n = await runner.rebuild();
      const secs = (performance.now() - t0) / 1000;
      console.log(`rebuilt ${n.toLocaleString('en')} events into ${streams.toLocaleString('en')} documents in ${secs.toFixed(2)}s: ${Math.round(n / secs).toLocaleString('en')} events/s`);
    } finally {
      await reads.close();
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  await appends(Number(process.env.BENCH_SECONDS ?? 5));
  await rebuild(Number(process.env.BENCH_REBUILD_EVENTS ?? 1_000_000));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
