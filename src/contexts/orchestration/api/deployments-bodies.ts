import { microIso } from '../../../shared/ddd';
import { ValidationError } from '../../../shared/errors';
import type { DeploymentCreateRequest, DeploymentRunRequest, DeploymentUpdateRequest, ScheduleRequest, SchedulePatchRequest } from '../application/deployments/deployment.use-cases';
import { optBool, optParameters, optSlug, parseMaxScheduledRuns, parseScheduleSpec } from '../application/deployments/schedule-specs';
import type { JsonObject, JsonValue } from '../domain/common/json';
import type { ConcurrencyOptions } from '../domain/deployment/deployment';
import type { FlowRunPolicyInput } from '../domain/flow-run/flow-run';
import { parseStateCreate } from '../domain/states/parse-state';
import { object, optLabels, optObject, optString, optStrings, optUuid, reqUuid } from './run-bodies';

/**
 * Request bodies of the deployment routes (Prefect's DeploymentCreate, DeploymentUpdate,
 * DeploymentScheduleCreate/Update, DeploymentFlowRunCreate). Absent keys stay `undefined` (Prefect's
 * exclude_unset); wrong types are a 422 naming the field.
 */
type Json = Record<string, unknown>;
const present = (v: unknown) => v !== null && v !== undefined;
const now = () => microIso(new Date());

function list(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new ValidationError(`${where} must be a list`);
  return v;
}

export function parseScheduleCreate(raw: unknown, where: string): ScheduleRequest {
  const s = object(raw, where);
  if (!present(s.schedule)) throw new ValidationError(`${where}.schedule is required`);
  return {
    schedule: parseScheduleSpec(s.schedule, now(), `${where}.schedule`),
    active: optBool(s.active, `${where}.active`) ?? true,
    max_scheduled_runs: parseMaxScheduledRuns(s.max_scheduled_runs, where),
    parameters: optParameters(s.parameters, where) ?? {},
    slug: optSlug(s.slug, `${where}.slug`) ?? null,
  };
}

export function parseSchedulePatch(raw: unknown, where: string): SchedulePatchRequest {
  const s = object(raw, where);
  const out: { -readonly [K in keyof SchedulePatchRequest]: SchedulePatchRequest[K] } = {};
  if (present(s.schedule)) out.schedule = parseScheduleSpec(s.schedule, now(), `${where}.schedule`);
  const active = optBool(s.active, `${where}.active`);
  if (active !== undefined) out.active = active;
  if (present(s.max_scheduled_runs)) out.max_scheduled_runs = parseMaxScheduledRuns(s.max_scheduled_runs, where);
  const parameters = optParameters(s.parameters, where);
  if (parameters !== undefined) out.parameters = parameters;
  const slug = optSlug(s.slug, `${where}.slug`);
  if (typeof slug === 'string') out.slug = slug;
  const replaces = optSlug(s.replaces, `${where}.replaces`);
  if (typeof replaces === 'string') out.replaces = replaces;
  return out;
}

export function parseScheduleList(raw: unknown): ScheduleRequest[] {
  return list(raw, 'body').map((s, i) => parseScheduleCreate(s, `schedules[${i}]`));
}

function concurrencyOptions(b: Json): ConcurrencyOptions | null | undefined {
  const o = optObject(b, 'concurrency_options');
  if (o === undefined || o === null) return o;
  const strategy = o.collision_strategy;
  if (strategy !== 'ENQUEUE' && strategy !== 'CANCEL_NEW') throw new ValidationError('concurrency_options.collision_strategy must be ENQUEUE or CANCEL_NEW');
  const grace = o.grace_period_seconds;
  if (present(grace) && (typeof grace !== 'number' || !Number.isInteger(grace) || grace < 60 || grace > 86_400)) {
    throw new ValidationError('concurrency_options.grace_period_seconds must be an integer between 60 and 86400');
  }
  return { collision_strategy: strategy, grace_period_seconds: (grace as number | null | undefined) ?? null };
}

function concurrencyLimit(b: Json): number | null | undefined {
  const v = b.concurrency_limit;
  if (v === undefined || v === null) return v;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ValidationError('concurrency_limit must be a positive integer');
  return v;
}

function pullSteps(b: Json): JsonValue[] | null | undefined {
  const v = b.pull_steps;
  if (v === undefined || v === null) return v;
  return list(v, 'pull_steps').map((step, i) => object(step, `pull_steps[${i}]`) as JsonObject);
}

function bool(b: Json, k: string): boolean | undefined {
  return optBool(b[k], k);
}

/** The DeploymentCreate/DeploymentUpdate keys both routes share. */
function common(b: Json) {
  if (present(b.concurrency_limit) && present(b.global_concurrency_limit_id)) {
    throw new ValidationError('A deployment cannot have both a concurrency limit and a global concurrency limit.');
  }
  const out = {
    version: optString(b, 'version'),
    version_info: optObject(b, 'version_info'),
    description: optString(b, 'description'),
    paused: bool(b, 'paused'),
    parameters: optObject(b, 'parameters') ?? undefined,
    parameter_openapi_schema: optObject(b, 'parameter_openapi_schema'),
    enforce_parameter_schema: bool(b, 'enforce_parameter_schema'),
    tags: optStrings(b, 'tags') ?? undefined,
    labels: optLabels(b, 'labels') ?? undefined,
    work_queue_name: optString(b, 'work_queue_name'),
    work_pool_name: optString(b, 'work_pool_name'),
    job_variables: optObject(b, 'job_variables') ?? undefined,
    concurrency_limit: concurrencyLimit(b),
    concurrency_options: concurrencyOptions(b),
    pull_steps: pullSteps(b),
    path: optString(b, 'path'),
    entrypoint: optString(b, 'entrypoint'),
    storage_document_id: optUuid(b, 'storage_document_id'),
    infrastructure_document_id: optUuid(b, 'infrastructure_document_id'),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as typeof out;
}

export function parseDeploymentCreate(raw: unknown): DeploymentCreateRequest {
  const b = object(raw, 'body');
  const name = b.name;
  if (typeof name !== 'string') throw new ValidationError('name is required');
  const schedules = present(b.schedules) ? list(b.schedules, 'schedules').map((s, i) => parseScheduleCreate(s, `schedules[${i}]`)) : undefined;
  return { ...common(b), name, flow_id: reqUuid(b, 'flow_id'), ...(schedules ? { schedules } : {}) };
}

export function parseDeploymentUpdate(raw: unknown): DeploymentUpdateRequest {
  const b = object(raw, 'body');
  const schedules = present(b.schedules) ? list(b.schedules, 'schedules').map((s, i) => parseSchedulePatch(s, `schedules[${i}]`)) : undefined;
  return { ...common(b), ...(schedules ? { schedules } : {}) };
}

export function parseDeploymentRun(raw: unknown): DeploymentRunRequest {
  const b = raw === null || raw === undefined ? {} : object(raw, 'body');
  return {
    state: present(b.state) ? parseStateCreate(b.state) : null,
    name: optString(b, 'name') ?? null,
    parameters: optObject(b, 'parameters') ?? null,
    enforce_parameter_schema: bool(b, 'enforce_parameter_schema') ?? null,
    context: optObject(b, 'context') ?? null,
    infrastructure_document_id: optUuid(b, 'infrastructure_document_id') ?? null,
    empirical_policy: (optObject(b, 'empirical_policy') as FlowRunPolicyInput | null | undefined) ?? null,
    tags: optStrings(b, 'tags') ?? null,
    idempotency_key: optString(b, 'idempotency_key') ?? null,
    labels: optLabels(b, 'labels') ?? null,
    parent_task_run_id: optUuid(b, 'parent_task_run_id') ?? null,
    work_queue_name: optString(b, 'work_queue_name') ?? null,
    job_variables: optObject(b, 'job_variables') ?? null,
  };
}
