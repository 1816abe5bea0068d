import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '../../../../config/config';
import { LOGGER } from '../../../../infrastructure/observability/logger';
import type { Monitor } from '../../../../infrastructure/reactors/monitor-runner';
import { ReactorRegistry } from '../../../../infrastructure/reactors/reactor-registry';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { DEPLOYMENTS, type DeploymentDoc } from '../../read-models';
import { DeploymentScheduler } from './deployment-scheduler';
import { scopeOfDoc } from './system-caller';

const PAGE = 200;

/**
 * Tops up every deployment that is not paused every `schedulerLoopSeconds` (time moves on, so new
 * slots come into the horizon), and heals anything a crash left half done.
 */
@Injectable()
export class SchedulerMonitor implements Monitor, OnModuleInit {
  readonly name = 'scheduler';
  readonly intervalMs: number;

  constructor(
    private readonly registry: ReactorRegistry,
    private readonly scheduler: DeploymentScheduler,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.intervalMs = config.schedulerLoopSeconds * 1000;
  }

  onModuleInit(): void {
    this.registry.registerMonitor(this);
  }

  async run(): Promise<void> {
    let after = '';
    for (;;) {
      // Paged by id rather than offset: deployments created or deleted meanwhile shift no page.
      const page = await this.readStore.find<DeploymentDoc>(DEPLOYMENTS, after ? { _id: { $gt: after } } : undefined, { sort: [{ field: '_id', direction: 'asc' }], limit: PAGE });
      for (const d of page) {
        const scope = scopeOfDoc(d);
        if (!scope || d.paused === true) continue;
        // One deployment failing must not starve the others.
        await this.scheduler.reconcile(scope, d.id).catch((err: unknown) => this.logger.error({ err, deploymentId: d.id }, 'scheduler top-up failed for a deployment'));
      }
      if (page.length < PAGE) return;
      after = page[page.length - 1]!._id;
    }
  }
}
