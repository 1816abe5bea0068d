import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DeploymentsModule } from './deployments.module';
import { WorkPoolsModule } from './work-pools.module';
import { BlocksModule } from './blocks.module';
import { VariablesModule } from './variables.module';
import { ArtifactsModule } from './artifacts.module';
import { SchedulingModule } from './scheduling.module';

import { ConcurrencySlots } from './application/concurrency/concurrency-slots';
import { GlobalConcurrencyLimitsController, TagConcurrencyLimitsController } from './api/concurrency-limits.controller';
import { FlowQueries } from './api/flow-queries';
import { FlowRunsController } from './api/flow-runs.controller';
import { FlowRunStatesController, TaskRunStatesController } from './api/run-states.controller';
import { RunQueries } from './api/run-queries';
import { TaskRunsController } from './api/task-runs.controller';
import { FlowRunUseCases } from './application/flow-runs/flow-run.use-cases';
import { SubflowMirror } from './application/task-runs/subflow-mirror';
import { TaskRunRecorder } from './application/task-runs/task-run-recorder';
import { TaskRunUseCases } from './application/task-runs/task-run.use-cases';
import { FlowsController } from './api/flows.controller';
import { WorkspaceMetaController } from './api/workspace-meta.controller';
import { CreateFlowHandler, DeleteFlowHandler, UpdateFlowHandler } from './application/flows/flow.handlers';
import { OrchestrationReads } from './application/orchestration-reads';
import { EventsController } from './api/events.controller';
import { LogsController } from './api/logs.controller';
import { PrefectSockets } from './api/prefect-sockets';
import { CLIENT_EVENT_CONSUMERS, type ClientEventConsumer } from './application/events/client-event-consumer';
import { EventsService } from './application/events/events.service';
import { PrefectEventPublisher } from './application/events/prefect-event-publisher.reactor';
import { LogsService } from './application/logs/logs.service';

@Module({
  imports: [CqrsModule, DeploymentsModule, WorkPoolsModule, BlocksModule, VariablesModule, ArtifactsModule, SchedulingModule],
  controllers: [FlowsController, WorkspaceMetaController, GlobalConcurrencyLimitsController, TagConcurrencyLimitsController, FlowRunsController, FlowRunStatesController, TaskRunsController, TaskRunStatesController, EventsController, LogsController],
  providers: [
    OrchestrationReads, FlowQueries, ConcurrencySlots, RunQueries, FlowRunUseCases, TaskRunUseCases, SubflowMirror, CreateFlowHandler, UpdateFlowHandler, DeleteFlowHandler,
    EventsService,
    LogsService,
    PrefectSockets,
    PrefectEventPublisher,
    // The task-run recorder (and any other consumer of client events) is added to `inject`.
    TaskRunRecorder,
    { provide: CLIENT_EVENT_CONSUMERS, useFactory: (...consumers: ClientEventConsumer[]) => consumers, inject: [TaskRunRecorder] },
  ],
})
export class OrchestrationModule {}
