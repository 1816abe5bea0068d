import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { OrchestrationGraphqlModule } from './orchestration-graphql.module';
import { OrchestrationCoreModule } from './orchestration-core.module';
import { DeploymentsModule } from './deployments.module';
import { WorkPoolsModule } from './work-pools.module';
import { BlocksModule } from './blocks.module';
import { VariablesModule } from './variables.module';
import { ArtifactsModule } from './artifacts.module';
import { SchedulingModule } from './scheduling.module';

import { GlobalConcurrencyLimitsController, TagConcurrencyLimitsController } from './api/concurrency-limits.controller';
import { FlowRunsController } from './api/flow-runs.controller';
import { FlowRunStatesController, TaskRunStatesController } from './api/run-states.controller';
import { TaskRunsController } from './api/task-runs.controller';
import { FlowsController } from './api/flows.controller';
import { WorkspaceMetaController } from './api/workspace-meta.controller';
import { CreateFlowHandler, DeleteFlowHandler, UpdateFlowHandler } from './application/flows/flow.handlers';
import { EventsController } from './api/events.controller';
import { LogsController } from './api/logs.controller';
import { PrefectSockets } from './api/prefect-sockets';
import { PrefectEventPublisher } from './application/events/prefect-event-publisher.reactor';

@Module({
  imports: [CqrsModule, OrchestrationGraphqlModule, OrchestrationCoreModule, DeploymentsModule, WorkPoolsModule, BlocksModule, VariablesModule, ArtifactsModule, SchedulingModule],
  controllers: [FlowsController, WorkspaceMetaController, GlobalConcurrencyLimitsController, TagConcurrencyLimitsController, FlowRunsController, FlowRunStatesController, TaskRunsController, TaskRunStatesController, EventsController, LogsController],
  providers: [CreateFlowHandler, UpdateFlowHandler, DeleteFlowHandler, PrefectSockets, PrefectEventPublisher],
})
export class OrchestrationModule {}
