import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import type { Reactor } from '../../../../infrastructure/reactors/reactor-runner';
import { ReactorRegistry } from '../../../../infrastructure/reactors/reactor-registry';
import type { EventMetadata, RecordedEvent } from '../../../../shared/ddd';
import type { TenantScope } from '../orchestration-reads';
import { DeploymentScheduler } from './deployment-scheduler';

/**
 * Reconciles a deployment as soon as it changes (every deployment event type starts with
 * `Deployment` and names `data.deploymentId`), once the read models include the change.
 */
@Injectable()
export class SchedulerReactor implements Reactor, OnModuleInit {
  readonly name = 'scheduler';
  readonly version = 1;

  constructor(
    private readonly registry: ReactorRegistry,
    private readonly scheduler: DeploymentScheduler,
    private readonly projections: ProjectionRunner,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(batch: readonly RecordedEvent[]): Promise<void> {
    const targets = new Map<string, { scope: TenantScope; deploymentId: string }>();
    let last = 0;
    for (const event of batch) {
      if (!event.type.startsWith('Deployment')) continue;
      const deploymentId = (event.data as { deploymentId?: unknown } | null)?.deploymentId;
      const meta = event.metadata as EventMetadata | undefined;
      if (typeof deploymentId !== 'string' || !meta?.accountId || !meta.workspaceId) continue;
      targets.set(`${meta.workspaceId}/${deploymentId}`, { scope: { accountId: meta.accountId, workspaceId: meta.workspaceId }, deploymentId });
      last = event.position;
    }
    if (targets.size === 0) return;
    await this.projections.wait(last);
    for (const t of targets.values()) await this.scheduler.reconcile(t.scope, t.deploymentId);
  }
}
