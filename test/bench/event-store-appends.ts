import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EventStore } from '../../src/infrastructure/event-store/event-store.port';

export interface AppendBenchResult {
  readonly writers: number;
  readonly appends: number;
  readonly appendsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * `writers` concurrent loops, each appending one small event per call to its own stream with the
 * exact expected revision, as a command handler does. Figures only: nothing here passes or fails.
 */
export async function benchAppends(store: EventStore, writers: number, durationMs: number): Promise<AppendBenchResult> {
  const latencies: number[] = [];
  const runId = randomUUID();
  const started = performance.now();
  const deadline = started + durationMs;

  const writer = async (w: number): Promise<void> => {
    const stream = `benchWriter-${runId}-${w}`;
    let expected = -1;
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const result = await store.append(
        stream,
        [{ id: randomUUID(), type: 'BenchTicked', data: { writer: w, n: expected + 1 }, metadata: { bench: runId } }],
        expected,
      );
      latencies.push(performance.now() - t0);
      expected = result.nextExpectedRevision;
    }
  };

  await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  const elapsedMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    writers,
    appends: latencies.length,
    appendsPerSec: latencies.length / (elapsedMs / 1000),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

/** Nearest-rank percentile of an ascending array; 0 when nothing was measured. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank]!;
}
