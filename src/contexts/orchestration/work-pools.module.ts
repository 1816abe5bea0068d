import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { OrchestrationCoreModule } from './orchestration-core.module';
import { WorkPoolsController } from './api/work-pools.controller';
import { WorkQueuesController } from './api/work-queues.controller';
import { WorkerMetadataController } from './api/worker-metadata.controller';
import { WorkPoolDirectory } from './application/work-pools/work-pool-directory';
import { WorkPoolReads } from './application/work-pools/work-pool-reads';
import { WorkPoolUseCases } from './application/work-pools/work-pool.use-cases';
import { WorkerTelemetry } from './application/work-pools/worker-telemetry';
import { WorkStatusMonitor } from './application/work-pools/work-status.monitor';

/** work-pools: controllers, use cases, reactors and monitors. Imported by OrchestrationModule. */
@Module({
  imports: [CqrsModule, OrchestrationCoreModule],
  controllers: [WorkPoolsController, WorkQueuesController, WorkerMetadataController],
  providers: [WorkPoolUseCases, WorkPoolDirectory, WorkPoolReads, WorkerTelemetry, WorkStatusMonitor],
  exports: [WorkPoolDirectory, WorkPoolUseCases, WorkPoolReads],
})
export class WorkPoolsModule {}
