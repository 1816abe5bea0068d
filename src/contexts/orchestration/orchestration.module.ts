import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { FlowQueries } from './api/flow-queries';
import { FlowsController } from './api/flows.controller';
import { WorkspaceMetaController } from './api/workspace-meta.controller';
import { CreateFlowHandler, DeleteFlowHandler, UpdateFlowHandler } from './application/flows/flow.handlers';
import { OrchestrationReads } from './application/orchestration-reads';

@Module({
  imports: [CqrsModule],
  controllers: [FlowsController, WorkspaceMetaController],
  providers: [OrchestrationReads, FlowQueries, CreateFlowHandler, UpdateFlowHandler, DeleteFlowHandler],
})
export class OrchestrationModule {}
