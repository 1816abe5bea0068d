import type { Logger } from 'pino';
import type { AppConfig } from '../config/config';
import type { Projection } from '../shared/ddd';
import { ProjectionRunner } from './projections/projection-runner';
import type { Metrics } from './observability/metrics';
import { openStores, type Stores } from './storage';

/** Everything a process holds open: built before Nest starts, closed after it stops. */
export interface Runtime {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly stores: Stores;
  readonly projections: ProjectionRunner;
}

export async function openRuntime(config: AppConfig, logger: Logger, metrics: Metrics, projections: readonly Projection[]): Promise<Runtime> {
  const stores = await openStores(config, metrics, logger);
  const runner = new ProjectionRunner(stores.events, stores.readStore, projections, {
    onBatch: (_events, lag, millis) => {
      metrics.projectionLag.set(lag);
      metrics.projectionPosition.set(runner.processedPosition);
      metrics.projectionBatch.observe(millis / 1000);
    },
    onError: (err) => logger.fatal({ err }, 'a projection failed; read models stopped'),
  });
  return { config, logger, metrics, stores, projections: runner };
}

export async function closeRuntime(runtime: Runtime): Promise<void> {
  await runtime.projections.stop();
  await runtime.stores.events.close();
  await runtime.stores.readStore.close();
}
