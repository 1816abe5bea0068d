import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import pino from 'pino';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store';
import { Metrics } from '../../src/infrastructure/observability/metrics';
import { reactorCheckpointName, ReactorRunner, type Reactor } from '../../src/infrastructure/reactors/reactor-runner';
import { SqliteReadStore } from '../../src/infrastructure/read-store/sqlite-read-store';
import type { RecordedEvent } from '../../src/shared/ddd';

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A reactor that records what it handled and fails its first `failures` attempts. */
class Recorder implements Reactor {
  readonly handled: RecordedEvent[] = [];
  attempts = 0;
  constructor(
    readonly name: string,
    readonly version: number,
    private failures = 0,
    readonly eventTypes?: readonly string[],
  ) {}
  async handle(events: readonly RecordedEvent[]): Promise<void> {
    this.attempts++;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('not yet');
    }
    this.handled.push(...events);
  }
}

describe('ReactorRunner', () => {
  let dir: string;
  let events: SqliteEventStore;
  let readStore: SqliteReadStore;
  const metrics = new Metrics(false);
  const append = (type: string, n = 1) =>
    events.append(
      `thing-${randomUUID()}`,
      Array.from({ length: n }, () => ({ id: randomUUID(), type, data: {}, metadata: {} })),
      'no_stream',
    );
  const runner = (reactors: Reactor[]) => new ReactorRunner(events, readStore, reactors, { retryDelayMs: 5, maxRetryDelayMs: 20, idleCheckpointMs: 0, logger: pino({ level: 'silent' }), metrics });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'praetor-reactors-'));
    events = SqliteEventStore.open(join(dir, 'events.sqlite'));
    readStore = SqliteReadStore.open(join(dir, 'rs.sqlite'));
  });
  afterEach(async () => {
    await events.close();
    await readStore.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('retries a failing batch with backoff and moves the checkpoint only after it succeeded', async () => {
    await append('A', 3);
    const r = new Recorder('flaky', 1, 2);
    const run = runner([r]);
    await run.start();
    await until(() => r.handled.length === 3, 'the batch');
    assert.equal(r.attempts, 3, 'two failures, then success');
    await until(() => run.positionOf('flaky') === 3, 'the position');
    await run.stop();
    assert.equal((await readStore.getCheckpoint(reactorCheckpointName('flaky')))?.position, 3);
    const metricsText = await metrics.registry.metrics();
    assert.match(metricsText, /praetor_reactor_failures_total\{reactor="flaky"\} 2/);
  });

  it('resumes from its checkpoint, hands over only its event types, and replays everything after a version bump', async () => {
    await append('A', 2);
    await append('B');
    const first = new Recorder('typed', 1, 0, ['A']);
    let run = runner([first]);
    await run.start();
    await until(() => run.positionOf('typed') === 3, 'the first pass');
    await run.stop();
    assert.deepEqual(first.handled.map((e) => e.type), ['A', 'A']);

    await append('A');
    const second = new Recorder('typed', 1, 0, ['A']);
    run = runner([second]);
    await run.start();
    await until(() => second.handled.length === 1, 'the new event');
    await run.stop();
    assert.equal(second.handled[0]!.position, 4);

    const bumped = new Recorder('typed', 2, 0, ['A']);
    run = runner([bumped]);
    await run.start();
    await until(() => bumped.handled.length === 3, 'the replay');
    await run.stop();
  });

  it('one failing reactor does not hold back another; stop() ends a retry loop without moving its checkpoint', async () => {
    await append('A', 2);
    const broken = new Recorder('broken', 1, Number.POSITIVE_INFINITY);
    const fine = new Recorder('fine', 1);
    const run = runner([broken, fine]);
    await run.start();
    await until(() => fine.handled.length === 2 && broken.attempts >= 3, 'progress and retries');
    await run.stop();
    assert.equal(broken.handled.length, 0);
    assert.equal((await readStore.getCheckpoint(reactorCheckpointName('broken')))?.position ?? 0, 0);
    assert.equal((await readStore.getCheckpoint(reactorCheckpointName('fine')))?.position, 2);
  });
});
