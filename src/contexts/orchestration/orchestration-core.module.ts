import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { FlowQueries } from './api/flow-queries';
import { RunQueries } from './api/run-queries';
import { ConcurrencySlots } from './application/concurrency/concurrency-slots';
import { CLIENT_EVENT_CONSUMERS, type ClientEventConsumer } from './application/events/client-event-consumer';
import { EventsService } from './application/events/events.service';
import { FlowRunUseCases } from './application/flow-runs/flow-run.use-cases';
import { LogsService } from './application/logs/logs.service';
import { OrchestrationReads } from './application/orchestration-reads';
import { SubflowMirror } from './application/task-runs/subflow-mirror';
import { TaskRunRecorder } from './application/task-runs/task-run-recorder';
import { TaskRunUseCases } from './application/task-runs/task-run.use-cases';

const SHARED = [OrchestrationReads, FlowQueries, ConcurrencySlots, RunQueries, FlowRunUseCases, TaskRunUseCases, SubflowMirror, EventsService, LogsService, TaskRunRecorder];

/**
 * The orchestration services every feature module uses (reads, run use cases, events, logs), one
 * instance each: the feature modules and OrchestrationModule import this module.
 */
@Module({
  imports: [CqrsModule],
  providers: [
    ...SHARED,
    // The task-run recorder (and any other consumer of client events) is added to `inject`.
    { provide: CLIENT_EVENT_CONSUMERS, useFactory: (...consumers: ClientEventConsumer[]) => consumers, inject: [TaskRunRecorder] },
  ],
  exports: SHARED,
})
export class OrchestrationCoreModule {}
