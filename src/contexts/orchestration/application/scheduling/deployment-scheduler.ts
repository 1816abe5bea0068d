import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { CLOCK, nameBasedUuid, type Clock } from '../../../../shared/application';
import { microIso } from '../../../../shared/ddd';
import { ConflictError, NotFoundError, ValidationError } from '../../../../shared/errors';
import { LOGGER } from '../../../../infrastructure/observability/logger';
import type { SlotSource, Slot } from '../../domain/schedule/schedule';
import { desiredScheduledRuns, scheduledRunsOfDeletedDeployment, scheduledRunsToRemove, type DeploymentForScheduling, type ExistingRun, type ScheduleForScheduling } from '../../domain/schedule/scheduled-runs';
import { DEPLOYMENTS, FLOW_RUNS, type DeploymentDoc, type FlowRunDoc } from '../../read-models';
import { FlowRunUseCases } from '../flow-runs/flow-run.use-cases';
import { OrchestrationReads, type TenantScope } from '../orchestration-reads';
import { slotsOf } from './schedule-slots';
import { KeyedQueue } from './keyed-queue';
import { systemCaller } from './system-caller';

/** Runs looked at per read when listing a deployment's scheduled runs. */
const PAGE = 500;

/** The id of the run of a slot: the stream enforces "once per slot and generation", across restarts too. */
export function scheduledRunId(workspaceId: string, deploymentId: string, scheduleId: string, slot: Slot, generation: number): string {
  return nameBasedUuid(`praetor:scheduled-run:${workspaceId}`, `${deploymentId} ${scheduleId} ${slot.at} ${generation}`);
}

function forScheduling(d: DeploymentDoc): DeploymentForScheduling {
  return {
    id: d.id,
    flow_id: d.flow_id,
    paused: d.paused === true,
    schedules: (d.schedules ?? []).map((s) => ({ id: s.id, schedule: s.schedule, active: s.active, max_scheduled_runs: s.max_scheduled_runs ?? null, parameters: s.parameters ?? {}, slug: s.slug ?? null })),
    parameters: d.parameters ?? {},
    tags: d.tags ?? [],
    labels: d.labels ?? {},
    job_variables: d.job_variables ?? null,
    work_queue_name: d.work_queue_name ?? null,
    work_queue_id: d.work_queue_id ?? null,
    work_pool_name: d.work_pool_name ?? null,
    work_pool_id: d.work_pool_id ?? null,
    version: typeof d.version === 'string' ? d.version : null,
    infrastructure_document_id: typeof d.infrastructure_document_id === 'string' ? d.infrastructure_document_id : null,
    schedule_generation: d.schedule_generation ?? 0,
  };
}

export interface ReconcileResult {
  readonly created: number;
  readonly removed: number;
}

/**
 * Keeps each deployment's scheduled runs materialised (prefect-api.md §4.2): reconcile(deployment)
 * computes the runs its active schedules want now (none when paused or deleted), deletes the future
 * auto-scheduled runs nobody wants any more, and creates the missing ones. Run ids are name-based on
 * (workspace, deployment, schedule, slot, schedule_generation), so a slot gets its run exactly once
 * per generation whatever crashes or restarts happen, and a changed deployment gets fresh runs.
 * Reconciles of one deployment run one at a time in this process.
 */
@Injectable()
export class DeploymentScheduler {
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly reads: OrchestrationReads,
    private readonly flowRuns: FlowRunUseCases,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  reconcile(scope: TenantScope, deploymentId: string): Promise<ReconcileResult> {
    return this.queue.run(`${scope.workspaceId}/${deploymentId}`, () => this.reconcileNow(scope, deploymentId));
  }

  private slotSource(deploymentId: string) {
    return (schedule: ScheduleForScheduling): SlotSource => {
      try {
        return slotsOf(schedule.schedule as Parameters<typeof slotsOf>[0]);
      } catch (err) {
        this.logger.warn({ err, deploymentId, scheduleId: schedule.id }, 'schedule cannot produce dates; nothing scheduled for it');
        return () => [];
      }
    };
  }

  private async reconcileNow(scope: TenantScope, deploymentId: string): Promise<ReconcileResult> {
    const now = microIso(this.clock.now());
    const store = this.reads.scoped(scope);
    const caller = systemCaller(scope);
    const doc = await store.get<DeploymentDoc>(DEPLOYMENTS, deploymentId);
    const desired = doc
      ? desiredScheduledRuns(forScheduling(doc), now, this.slotSource(deploymentId), (d, s, slot, g) => scheduledRunId(scope.workspaceId, d, s, slot, g))
      : [];
    const wanted = new Set(desired.map((r) => r.flowRunId));
    let last: number | undefined;
    const track = (p: number | undefined) => {
      if (p !== undefined) last = Math.max(last ?? 0, p);
    };

    // First the runs of an older generation or schedule, so that a slot never has two runs.
    let removed = 0;
    const toRemove = doc ? scheduledRunsToRemove(await this.scheduledRuns(scope, deploymentId, true), wanted, now) : scheduledRunsOfDeletedDeployment(await this.scheduledRuns(scope, deploymentId, false));
    for (const id of toRemove) {
      try {
        track((await this.flowRuns.remove(caller, id)).position);
        removed++;
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
    }

    // The read model may lag behind our own last creations: creating an existing run decides nothing.
    const known = new Set((await store.getMany<FlowRunDoc>(FLOW_RUNS, [...wanted])).map((r) => r.id));
    let created = 0;
    for (const run of desired) {
      if (known.has(run.flowRunId)) continue;
      try {
        const r = await this.flowRuns.create(caller, run.input, { flowRunId: run.flowRunId, createdBy: run.createdBy });
        track(r.position);
        if (r.created) created++;
      } catch (err) {
        // The run of this slot was deleted by someone (a user, or an older reconcile): leave it deleted.
        if (err instanceof ConflictError) continue;
        // A deployment the run rules refuse (it cannot change by retrying): skip the run, keep the rest.
        if (err instanceof ValidationError) {
          this.logger.warn({ err, deploymentId, flowRunId: run.flowRunId }, 'scheduled run refused; skipped');
          continue;
        }
        throw err;
      }
    }
    // The next reconcile of this deployment reads what this one wrote.
    await this.reads.afterWrite(last);
    if (created + removed > 0) this.logger.debug({ deploymentId, created, removed }, 'scheduler reconciled deployment');
    return { created, removed };
  }

  /** The deployment's runs still SCHEDULED (only the auto-scheduled ones when `autoOnly`), from the read model. */
  private async scheduledRuns(scope: TenantScope, deploymentId: string, autoOnly: boolean): Promise<ExistingRun[]> {
    const out: ExistingRun[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.reads
        .scoped(scope)
        .find<FlowRunDoc>(FLOW_RUNS, autoOnly ? { deployment_id: deploymentId, auto_scheduled: true, state_type: 'SCHEDULED' } : { deployment_id: deploymentId, state_type: 'SCHEDULED' }, { limit: PAGE, offset, sort: [{ field: 'id', direction: 'asc' }] });
      out.push(...page);
      if (page.length < PAGE) return out;
    }
  }
}
