import type { CreatedBy } from '../flow-run/flow-run';
import type { CreateFlowRunData } from '../flow-run/flow-run.commands';
import type { JsonObject } from '../common/json';
import type { Labels } from '../flow/flow';
import { microsOfIso, scheduleClassName, scheduledRunIdempotencyKey, slotsToKeep, type ScheduleKindSpec, type SchedulerPolicy, type Slot, type SlotSource, PREFECT_SCHEDULER_POLICY } from './schedule';

/** What the scheduler reads of a deployment schedule (Prefect's DeploymentSchedule). */
export interface ScheduleForScheduling {
  readonly id: string;
  readonly schedule: ScheduleKindSpec;
  readonly active: boolean;
  readonly max_scheduled_runs: number | null;
  readonly parameters: Record<string, unknown>;
  readonly slug: string | null;
}

/** What the scheduler reads of a deployment. */
export interface DeploymentForScheduling {
  readonly id: string;
  readonly flow_id: string;
  readonly paused: boolean;
  readonly schedules: readonly ScheduleForScheduling[];
  readonly parameters: Record<string, unknown>;
  readonly tags: readonly string[];
  readonly labels: Record<string, unknown>;
  readonly job_variables: Record<string, unknown> | null;
  readonly work_queue_name: string | null;
  readonly work_queue_id: string | null;
  readonly work_pool_name: string | null;
  readonly work_pool_id: string | null;
  readonly version: string | null;
  readonly infrastructure_document_id: string | null;
  readonly schedule_generation: number;
}

/** The fields of a scheduled run (CreateFlowRun minus what the handler adds). */
export type ScheduledRunInput = Omit<CreateFlowRunData, 'flowRunId' | 'name' | 'stateId' | 'now' | 'created_by'>;

export interface DesiredRun {
  readonly flowRunId: string;
  readonly scheduleId: string;
  readonly slot: Slot;
  readonly input: ScheduledRunInput;
  readonly createdBy: CreatedBy;
}

/** Names a run from its deployment, schedule, slot and the deployment's schedule generation. */
export type ScheduledRunId = (deploymentId: string, scheduleId: string, slot: Slot, generation: number) => string;

/**
 * The runs the scheduler keeps for a deployment at `now`: for each active schedule of a deployment
 * that is not paused, the slots to keep, each as Prefect's auto-scheduled run (state Scheduled at
 * the slot, "Flow run scheduled"; tags `auto-scheduled` + the deployment's; deployment parameters
 * under the schedule's; queue, pool and version from the deployment; created by the schedule).
 */
export function desiredScheduledRuns(
  deployment: DeploymentForScheduling,
  now: string,
  slotsOf: (schedule: ScheduleForScheduling) => SlotSource,
  runId: ScheduledRunId,
  policy: SchedulerPolicy = PREFECT_SCHEDULER_POLICY,
): DesiredRun[] {
  if (deployment.paused) return [];
  const runs: DesiredRun[] = [];
  for (const schedule of deployment.schedules) {
    if (!schedule.active) continue;
    const parameters = { ...deployment.parameters, ...schedule.parameters } as JsonObject;
    const tags = ['auto-scheduled', ...deployment.tags];
    const inheritedLabels = { ...(deployment.labels as Labels), 'prefect.deployment.id': deployment.id } as Labels;
    const createdBy: CreatedBy = { id: schedule.id, type: 'SCHEDULE', display_value: schedule.slug || scheduleClassName(schedule.schedule) };
    for (const slot of slotsToKeep(slotsOf(schedule), now, schedule.max_scheduled_runs, policy)) {
      runs.push({
        flowRunId: runId(deployment.id, schedule.id, slot, deployment.schedule_generation),
        scheduleId: schedule.id,
        slot,
        createdBy,
        input: {
          flow_id: deployment.flow_id,
          deployment_id: deployment.id,
          deployment_version: deployment.version,
          work_queue_name: deployment.work_queue_name,
          work_queue_id: deployment.work_queue_id,
          work_pool_name: deployment.work_pool_name,
          work_pool_id: deployment.work_pool_id,
          parameters,
          job_variables: (deployment.job_variables ?? null) as JsonObject | null,
          infrastructure_document_id: deployment.infrastructure_document_id,
          idempotency_key: scheduledRunIdempotencyKey(deployment.id, schedule.id, slot),
          tags,
          inheritedLabels,
          auto_scheduled: true,
          state: { type: 'SCHEDULED', name: 'Scheduled', message: 'Flow run scheduled', state_details: { scheduled_time: slot.at } },
        },
      });
    }
  }
  return runs;
}

/** What the scheduler reads of an existing run of the deployment. */
export interface ExistingRun {
  readonly id: string;
  readonly auto_scheduled: boolean;
  readonly state_type: string | null;
  readonly state_name: string | null;
  readonly next_scheduled_start_time: string | null;
  readonly run_count: number;
}

/**
 * The runs to delete: auto-scheduled runs still Scheduled (never run, not Late, not waiting for a
 * concurrency slot) and due after `now` that the scheduler no longer wants, because their
 * schedule changed or went away, or the deployment was paused, changed or deleted (Prefect deletes
 * a deployment's future auto-scheduled runs on every such change and regenerates them).
 */
export function scheduledRunsToRemove(existing: readonly ExistingRun[], desiredIds: ReadonlySet<string>, now: string): string[] {
  const nowMicros = microsOfIso(now);
  return existing
    .filter(
      (r) =>
        r.auto_scheduled &&
        r.state_type === 'SCHEDULED' &&
        r.state_name === 'Scheduled' &&
        r.run_count === 0 &&
        r.next_scheduled_start_time !== null &&
        microsOfIso(r.next_scheduled_start_time) > nowMicros &&
        !desiredIds.has(r.id),
    )
    .map((r) => r.id);
}

/**
 * The runs to delete when the deployment itself is gone: every run of it that is still SCHEDULED
 * and never ran, whoever created it (Prefect's delete_deployment removes auto- and user-created ones).
 */
export function scheduledRunsOfDeletedDeployment(existing: readonly ExistingRun[]): string[] {
  return existing.filter((r) => r.state_type === 'SCHEDULED' && r.run_count === 0).map((r) => r.id);
}
