import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DeploymentScheduler } from './application/scheduling/deployment-scheduler';
import { CancellationCleanupMonitor, LateRunsMonitor, ZombieRunsMonitor } from './application/scheduling/run-monitors';
import { SchedulerMonitor } from './application/scheduling/scheduler.monitor';
import { SchedulerReactor } from './application/scheduling/scheduler.reactor';
import { OrchestrationCoreModule } from './orchestration-core.module';

/**
 * scheduling: the scheduler (a reactor on deployment changes plus a top-up monitor) and the run
 * monitors (late runs, zombie runs, cancellation cleanup). Imported by OrchestrationModule.
 */
@Module({
  imports: [CqrsModule, OrchestrationCoreModule],
  controllers: [],
  providers: [DeploymentScheduler, SchedulerReactor, SchedulerMonitor, LateRunsMonitor, ZombieRunsMonitor, CancellationCleanupMonitor],
  exports: [DeploymentScheduler],
})
export class SchedulingModule {}
