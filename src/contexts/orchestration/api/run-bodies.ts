import { ValidationError } from '../../../shared/errors';
import type { JsonObject } from '../domain/common/json';
import type { FlowRunChangesInput } from '../domain/flow-run/flow-run.commands';
import type { FlowRunPolicyInput } from '../domain/flow-run/flow-run';
import type { Labels } from '../domain/flow/flow';
import { parseStateCreate } from '../domain/states/parse-state';
import type { StateCreate } from '../domain/states/state';
import type { CreateFlowRunInput } from '../application/flow-runs/flow-run.use-cases';
import type { CreateTaskRunInput } from '../application/task-runs/task-run.use-cases';
import type { TaskRunPolicyInput } from '../domain/task-run/task-run';

/**
 * Request bodies of the run routes. The client sends every optional key, often null (prefect-api.md
 * §1.9): null means "the default", unknown keys are ignored, wrong types are a 422 naming the field.
 */
type Json = Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function object(v: unknown, where: string): Json {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ValidationError(`${where} must be an object`);
  return v as Json;
}
const present = (v: unknown) => v !== null && v !== undefined;

export function optString(b: Json, k: string): string | null | undefined {
  const v = b[k];
  if (!present(v)) return v === null ? null : undefined;
  if (typeof v !== 'string') throw new ValidationError(`${k} must be a string`);
  return v;
}
export function optUuid(b: Json, k: string): string | null | undefined {
  const v = optString(b, k);
  if (typeof v === 'string' && !UUID.test(v)) throw new ValidationError(`${k} must be a UUID`);
  return typeof v === 'string' ? v.toLowerCase() : v;
}
export function reqUuid(b: Json, k: string): string {
  const v = optUuid(b, k);
  if (typeof v !== 'string') throw new ValidationError(`${k} is required`);
  return v;
}
export function optObject(b: Json, k: string): JsonObject | null | undefined {
  const v = b[k];
  if (!present(v)) return v === null ? null : undefined;
  return object(v, k) as JsonObject;
}
export function optStrings(b: Json, k: string): string[] | null | undefined {
  const v = b[k];
  if (!present(v)) return v === null ? null : undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new ValidationError(`${k} must be a list of strings`);
  return v as string[];
}
export function optLabels(b: Json, k: string): Labels | null | undefined {
  const o = optObject(b, k);
  if (!o) return o;
  for (const [key, value] of Object.entries(o)) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) throw new ValidationError(`${k}.${key} must be a string, number or boolean`);
  }
  return o as Labels;
}

export function parseFlowRunCreate(raw: unknown): CreateFlowRunInput {
  const b = object(raw, 'body');
  return {
    flow_id: reqUuid(b, 'flow_id'),
    name: optString(b, 'name') ?? null,
    flow_version: optString(b, 'flow_version') ?? null,
    parameters: optObject(b, 'parameters') ?? null,
    context: optObject(b, 'context') ?? null,
    tags: optStrings(b, 'tags') ?? null,
    labels: optLabels(b, 'labels') ?? null,
    parent_task_run_id: optUuid(b, 'parent_task_run_id') ?? null,
    empirical_policy: (optObject(b, 'empirical_policy') as FlowRunPolicyInput | null | undefined) ?? null,
    idempotency_key: optString(b, 'idempotency_key') ?? null,
    deployment_id: optUuid(b, 'deployment_id') ?? null,
    work_queue_name: optString(b, 'work_queue_name') ?? null,
    work_pool_name: optString(b, 'work_pool_name') ?? null,
    job_variables: optObject(b, 'job_variables') ?? null,
    infrastructure_document_id: optUuid(b, 'infrastructure_document_id') ?? null,
    state: present(b.state) ? parseStateCreate(b.state) : null,
  };
}

export function parseFlowRunUpdate(raw: unknown): FlowRunChangesInput {
  const b = object(raw, 'body');
  const out: { -readonly [K in keyof FlowRunChangesInput]: FlowRunChangesInput[K] } = {};
  const name = optString(b, 'name');
  if (typeof name === 'string') out.name = name;
  if (b.flow_version !== undefined) out.flow_version = optString(b, 'flow_version') ?? null;
  const parameters = optObject(b, 'parameters');
  if (parameters) out.parameters = parameters;
  const policy = optObject(b, 'empirical_policy');
  if (policy) out.empirical_policy = policy as FlowRunPolicyInput;
  const tags = optStrings(b, 'tags');
  if (tags) out.tags = tags;
  if (b.infrastructure_pid !== undefined) out.infrastructure_pid = optString(b, 'infrastructure_pid') ?? null;
  if (b.job_variables !== undefined) out.job_variables = optObject(b, 'job_variables') ?? null;
  return out;
}

export function parseSetState(raw: unknown): { state: StateCreate; force: boolean } {
  const b = object(raw, 'body');
  if (!present(b.state)) throw new ValidationError('state is required');
  if (present(b.force) && typeof b.force !== 'boolean') throw new ValidationError('force must be a boolean');
  return { state: parseStateCreate(b.state), force: b.force === true };
}

export function parseTaskRunCreate(raw: unknown): CreateTaskRunInput {
  const b = object(raw, 'body');
  const taskKey = optString(b, 'task_key');
  if (typeof taskKey !== 'string' || taskKey === '') throw new ValidationError('task_key is required');
  const dynamicKey = b.dynamic_key;
  if (typeof dynamicKey !== 'string' && typeof dynamicKey !== 'number') throw new ValidationError('dynamic_key is required');
  return {
    id: optUuid(b, 'id') ?? null,
    name: optString(b, 'name') ?? null,
    flow_run_id: optUuid(b, 'flow_run_id') ?? null,
    task_key: taskKey,
    dynamic_key: String(dynamicKey),
    cache_key: optString(b, 'cache_key') ?? null,
    cache_expiration: optString(b, 'cache_expiration') ?? null,
    task_version: optString(b, 'task_version') ?? null,
    empirical_policy: (optObject(b, 'empirical_policy') as TaskRunPolicyInput | null | undefined) ?? null,
    tags: optStrings(b, 'tags') ?? null,
    labels: optLabels(b, 'labels') ?? null,
    task_inputs: optObject(b, 'task_inputs') ?? null,
    state: present(b.state) ? parseStateCreate(b.state) : null,
  };
}
