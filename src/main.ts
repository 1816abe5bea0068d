/**
 * The composition root. It is the one file in src/ that imports projections/ (the list of
 * projections to run); everything else in src/ stays independent of the read-model code.
 */
import 'reflect-metadata';
import { allProjections } from '../projections';
import { ConfigError, loadConfig } from './config/config';
import { createLogger } from './infrastructure/observability/logger';
import { Metrics } from './infrastructure/observability/metrics';
import { closeRuntime, openRuntime } from './infrastructure/runtime';
import { prefectEnvironment } from './installation/bootstrap';
import { startServer } from './server';

async function serve(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const server = await startServer(config, logger, allProjections);
  logger.info({ url: server.url, firstStart: server.installation.firstStart }, 'Praetor is serving');
  const lines = prefectEnvironment(config, server.installation);
  process.stdout.write(`\nPoint the Prefect client at Praetor:\n\n${lines.join('\n')}\n\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests');
    const force = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    server.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function rebuildProjections(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const runtime = await openRuntime(config, logger, new Metrics(false), allProjections);
  const started = performance.now();
  const events = await runtime.projections.rebuild();
  const seconds = (performance.now() - started) / 1000;
  logger.info({ events, seconds: Number(seconds.toFixed(2)), eventsPerSecond: Math.round(events / Math.max(seconds, 1e-9)) }, 'projections rebuilt');
  await closeRuntime(runtime);
}

const command = process.argv[2] ?? 'serve';
const run = command === 'projections:rebuild' ? rebuildProjections : command === 'serve' ? serve : undefined;
if (!run) {
  process.stderr.write(`unknown command: ${command}\nusage: main.js [serve | projections:rebuild]\n`);
  process.exit(2);
}
run().catch((err: unknown) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
