import { unleasedSlots } from '../domain/concurrency-limit/concurrency-limit';
import type { OrchestrationReads, TenantScope } from '../application/orchestration-reads';
import { DEPLOYMENT_READY_SECONDS } from '../public/deployments';
import {
  CONCURRENCY_LIMITS,
  DEPLOYMENT_POLLS,
  WORK_QUEUE_POLLS,
  type ConcurrencyLimitDoc,
  type DeploymentDoc,
  type DeploymentPollDoc,
  type DeploymentScheduleDoc,
  type WorkQueuePollDoc,
} from '../read-models';

/** Prefect's DeploymentSchedule. */
export function toDeploymentSchedule(s: DeploymentScheduleDoc) {
  return { id: s.id, created: s.created, updated: s.updated, deployment_id: s.deployment_id, schedule: s.schedule, active: s.active, max_scheduled_runs: s.max_scheduled_runs, parameters: s.parameters, slug: s.slug };
}

/** Prefect's GlobalConcurrencyLimitResponse; active slots are counted at read time from unexpired leases. */
function toGlobalLimit(doc: ConcurrencyLimitDoc, now: string) {
  const unleased = unleasedSlots({ slots: doc.unleased_slots ?? 0, at: doc.unleased_at ?? now }, doc.slot_decay_per_second, now);
  const leased = doc.leases.filter((l) => l.expires_at > now).reduce((n, l) => n + l.slots, 0);
  return { id: doc.id, created: doc.created, updated: doc.updated, active: doc.active, name: doc.name, limit: doc.limit, active_slots: unleased + leased, slot_decay_per_second: doc.slot_decay_per_second };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * Prefect's DeploymentResponse (prefect-api.md §6.5): every key, nulls where unknown, `status` and
 * `last_polled` from poll telemetry, `global_concurrency_limit` from the backing limit. The internal
 * fields (`schedule_generation`, `tags_count`, the limit's id) stay inside.
 */
function toDeployment(doc: DeploymentDoc, lastPolled: string | null, limit: ConcurrencyLimitDoc | undefined, now: string) {
  const ready = lastPolled !== null && Date.parse(now) - Date.parse(lastPolled) <= DEPLOYMENT_READY_SECONDS * 1000;
  return {
    id: doc.id,
    created: doc.created,
    updated: doc.updated,
    name: doc.name,
    version: str(doc.version),
    version_id: null,
    version_info: doc.version_info ?? null,
    branch: null,
    base: null,
    root: null,
    description: str(doc.description),
    flow_id: doc.flow_id,
    paused: doc.paused,
    status: ready ? 'READY' : 'NOT_READY',
    schedules: doc.schedules.map(toDeploymentSchedule),
    // Prefect answers null here since the limit moved to `global_concurrency_limit`.
    concurrency_limit: null,
    global_concurrency_limit: limit ? toGlobalLimit(limit, now) : null,
    concurrency_options: doc.concurrency_options ?? null,
    job_variables: doc.job_variables,
    parameters: doc.parameters,
    pull_steps: doc.pull_steps ?? null,
    tags: doc.tags,
    labels: doc.labels,
    work_queue_name: doc.work_queue_name,
    work_queue_id: doc.work_queue_id,
    work_pool_name: doc.work_pool_name,
    last_polled: lastPolled,
    parameter_openapi_schema: doc.parameter_openapi_schema ?? null,
    path: str(doc.path),
    entrypoint: str(doc.entrypoint),
    storage_document_id: str(doc.storage_document_id),
    infrastructure_document_id: str(doc.infrastructure_document_id),
    created_by: doc.created_by ?? null,
    updated_by: doc.updated_by ?? null,
    enforce_parameter_schema: doc.enforce_parameter_schema ?? true,
  };
}

export type DeploymentResponse = ReturnType<typeof toDeployment>;

/** Presents deployments with their poll telemetry and backing limits, read in two batches. */
export async function presentDeployments(reads: OrchestrationReads, scope: TenantScope, docs: readonly DeploymentDoc[], now: string): Promise<DeploymentResponse[]> {
  if (docs.length === 0) return [];
  const store = reads.scoped(scope);
  const polls = new Map((await store.getMany<DeploymentPollDoc>(DEPLOYMENT_POLLS, docs.map((d) => d.id))).map((p) => [p._id, p.last_polled]));
  // A worker polling the deployment's queue makes it READY too (Prefect's mark_deployments_ready by work queue).
  const queueIds = [...new Set(docs.map((d) => d.work_queue_id).filter((id): id is string => typeof id === 'string'))];
  const queuePolls = new Map((queueIds.length > 0 ? await store.getMany<WorkQueuePollDoc>(WORK_QUEUE_POLLS, queueIds) : []).map((p) => [p._id, p.last_polled]));
  const lastPolled = (d: DeploymentDoc): string | null => {
    const times = [polls.get(d.id), d.work_queue_id ? queuePolls.get(d.work_queue_id) : undefined].filter((x): x is string => typeof x === 'string');
    return times.length > 0 ? times.reduce((a, b) => (a > b ? a : b)) : null;
  };
  const limitIds = docs.map((d) => d.global_concurrency_limit_id).filter((id): id is string => typeof id === 'string');
  const limits = new Map((limitIds.length > 0 ? await store.getMany<ConcurrencyLimitDoc>(CONCURRENCY_LIMITS, limitIds) : []).map((l) => [l.id, l]));
  return docs.map((d) => toDeployment(d, lastPolled(d), d.global_concurrency_limit_id ? limits.get(d.global_concurrency_limit_id) : undefined, now));
}

export async function presentDeployment(reads: OrchestrationReads, scope: TenantScope, doc: DeploymentDoc, now: string): Promise<DeploymentResponse> {
  return (await presentDeployments(reads, scope, [doc], now))[0]!;
}
