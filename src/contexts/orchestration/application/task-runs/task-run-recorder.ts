import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../../../infrastructure/observability/logger';
import { SYSTEM_ACTOR, type Principal } from '../../../../shared/application';
import { DomainError } from '../../../../shared/errors';
import { normaliseDateTime } from '../../domain/common/time';
import { parseStateCreate } from '../../domain/states/parse-state';
import { defaultStateName, type State } from '../../domain/states/state';
import type { RecordClientTaskRunStateData } from '../../domain/task-run/task-run.commands';
import type { ClientTaskRunFields } from '../../domain/task-run/task-run';
import type { ClientEventConsumer } from '../events/client-event-consumer';
import type { ReceivedEvent } from '../events/prefect-event';
import type { TenantScope } from '../orchestration-reads';
import { TaskRunUseCases } from './task-run.use-cases';

const TASK_RUN = 'prefect.task-run.';
const FLOW_RUN = 'prefect.flow-run.';

/**
 * The 3.x path for task runs (prefect-api.md §2 note 1, §3.4): the client reports task states only
 * as `prefect.task-run.*` events. Each becomes a RecordClientTaskRunState command on the task run's
 * stream; the decider orders states by their own time and ignores a state id it has seen.
 * Returns undefined for events that are not client task-run states.
 */
export function taskRunStateFromEvent(event: ReceivedEvent): Omit<RecordClientTaskRunStateData, 'now'> | undefined {
  const resourceId = event.resource['prefect.resource.id'] ?? '';
  if (!event.event.startsWith(TASK_RUN) || !resourceId.startsWith(TASK_RUN) || event.resource['prefect.orchestration'] !== 'client') return undefined;
  const taskRunId = resourceId.slice(TASK_RUN.length).toLowerCase();
  const flowRun = event.related.find((r) => r['prefect.resource.role'] === 'flow-run' && r['prefect.resource.id']?.startsWith(FLOW_RUN));
  const payload = event.payload as { validated_state?: unknown; task_run?: unknown };
  const proposed = parseStateCreate(payload.validated_state, 'payload.validated_state');
  const timestamp = normaliseDateTime(event.occurred) ?? event.occurred;
  const state: State = {
    id: event.id,
    type: proposed.type,
    name: proposed.name ?? defaultStateName(proposed.type),
    timestamp,
    message: proposed.message ?? null,
    data: proposed.data ?? null,
    state_details: proposed.state_details ?? {},
  };
  const fields = (payload.task_run && typeof payload.task_run === 'object' ? payload.task_run : {}) as ClientTaskRunFields;
  return { taskRunId, flowRunId: flowRun ? flowRun['prefect.resource.id']!.slice(FLOW_RUN.length).toLowerCase() : null, state, taskRunFields: fields };
}

@Injectable()
export class TaskRunRecorder implements ClientEventConsumer {
  readonly name = 'task-run-recorder';

  constructor(
    private readonly taskRuns: TaskRunUseCases,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async consume(scope: TenantScope, events: readonly ReceivedEvent[], sender?: Principal): Promise<void> {
    const principal: Principal = sender ?? { actor: SYSTEM_ACTOR, apiKeyId: null };
    const caller = { principal, request: { requestId: null, correlationId: null, causationId: null, clientIp: null, userAgent: null }, scope: { kind: 'workspace' as const, ...scope } };
    // Different task runs are independent streams and go in parallel (one group commit); one run's
    // states go in arrival order, though the decider would also sort them out.
    const byRun = new Map<string, Omit<RecordClientTaskRunStateData, 'now'>[]>();
    if (sender) {
      try {
        await this.taskRuns.authorizeRecording(caller);
      } catch (err) {
        // The sender lost access after sending (key revoked, member removed): its events stay telemetry only.
        if (err instanceof DomainError && (err.code === 'NOT_FOUND' || err.code === 'FORBIDDEN')) {
          this.logger.warn({ actor: principal.actor.id, events: events.length }, 'task-run events skipped: the sender may no longer write to this workspace');
          return;
        }
        throw err;
      }
    }
    for (const event of events) {
      let data: Omit<RecordClientTaskRunStateData, 'now'> | undefined;
      try {
        data = taskRunStateFromEvent(event);
      } catch (err) {
        this.logger.warn({ err, eventId: event.id, event: event.event }, 'task-run event skipped: not a valid state');
        continue;
      }
      if (data) byRun.set(data.taskRunId, [...(byRun.get(data.taskRunId) ?? []), data]);
    }
    await Promise.all(
      [...byRun.values()].map(async (states) => {
        for (const data of states) {
          try {
            await this.taskRuns.recordClientState(caller, data);
          } catch (err) {
            // A domain refusal (bad fields, another tenant's id) will never succeed on retry: skip it visibly.
            if (!(err instanceof DomainError) || err.code === 'UNAVAILABLE' || err.code === 'CONFLICT') throw err;
            this.logger.warn({ err, taskRunId: data.taskRunId, stateId: data.state.id }, 'task-run event skipped');
          }
        }
      }),
    );
  }
}
