import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ConcurrencySlots } from './application/concurrency/concurrency-slots';
import { GlobalConcurrencyLimitsController, TagConcurrencyLimitsController } from './api/concurrency-limits.controller';
import { FlowQueries } from './api/flow-queries';
import { FlowsController } from './api/flows.controller';
import { WorkspaceMetaController } from './api/workspace-meta.controller';
import { CreateFlowHandler, DeleteFlowHandler, UpdateFlowHandler } from './application/flows/flow.handlers';
import { OrchestrationReads } from './application/orchestration-reads';

@Module({
  imports: [CqrsModule],
  controllers: [FlowsController, WorkspaceMetaController, GlobalConcurrencyLimitsController, TagConcurrencyLimitsController],
  providers: [OrchestrationReads, FlowQueries, ConcurrencySlots, CreateFlowHandler, UpdateFlowHandler, DeleteFlowHandler],
})
export class OrchestrationModule {}
