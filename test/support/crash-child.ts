/**
 * Child process of the crash test: appends under concurrent load with the projections running,
 * and prints one `ack` line per acknowledged append. The parent kills it with SIGKILL at a random moment.
 * Usage: node crash-child.js DATA_DIR WRITERS STREAMS
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { allProjections } from '../../projections';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import { SqliteReadStore } from '../../src/infrastructure/read-store/sqlite-read-store';
import { WrongExpectedRevisionError } from '../../src/shared/errors';
import { streamStatsProjection } from './stream-stats.projection';

async function main() {
  const [dir, writersArg, streamsArg] = process.argv.slice(2);
  const events = SqliteEventStore.open(join(dir!, 'events.sqlite'));
  const reads = SqliteReadStore.open(join(dir!, 'read-models.sqlite'));
  const runner = new ProjectionRunner(events, reads, [...allProjections, streamStatsProjection], { batchSize: 500 });
  await runner.start();
  process.stdout.write('ready\n');
  const streams = Number(streamsArg);
  const writer = async () => {
    for (;;) {
      const stream = `crashTest-${Math.floor(Math.random() * streams)}`;
      const revision = await events.streamRevision(stream);
      const id = randomUUID();
      const n = Math.floor(Math.random() * 1000);
      try {
        const r = await events.append(stream, [{ id, type: 'CrashTestAppended', data: { n }, metadata: {} }], revision === -1 ? 'no_stream' : revision);
        process.stdout.write(`ack ${stream} ${r.nextExpectedRevision} ${r.position} ${id} ${n}\n`);
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError)) throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Number(writersArg) }, writer));
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
