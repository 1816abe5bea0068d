import { ValidationError } from '../../../shared/errors';
import type { StorageConfiguration, WorkPoolSettings, WorkQueueSettings } from '../domain/work-pool/work-pool';
import type { CreatePoolInput, CreateQueueInput } from '../application/work-pools/work-pool.use-cases';
import { EMPTY_STORAGE_CONFIGURATION } from '../application/work-pools/work-pool.use-cases';
import { compileFilter, ops } from './prefect-filters';
import { object, optObject, optString } from './run-bodies';

/**
 * Request bodies of the work-pool, work-queue and worker routes (Prefect's WorkPoolCreate/Update,
 * WorkQueueCreate/Update, heartbeat). Null means "not given" except where Prefect lets null clear a
 * field (description, concurrency_limit).
 */
type Json = Record<string, unknown>;

const has = (b: Json, k: string) => Object.prototype.hasOwnProperty.call(b, k) && b[k] !== undefined;

function optBool(b: Json, k: string): boolean | undefined {
  const v = b[k];
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new ValidationError(`${k} must be a boolean`);
  return v;
}

function optInt(b: Json, k: string, min: number): number | null | undefined {
  const v = b[k];
  if (v === null) return null;
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new ValidationError(`${k} must be an integer ≥ ${min}`);
  return v;
}

function reqString(b: Json, k: string): string {
  const v = optString(b, k);
  if (typeof v !== 'string') throw new ValidationError(`${k} is required`);
  return v;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

function placeholders(v: unknown, out: Set<string>): Set<string> {
  if (typeof v === 'string') for (const m of v.matchAll(PLACEHOLDER)) out.add(m[1]!);
  else if (Array.isArray(v)) v.forEach((x) => placeholders(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => placeholders(x, out));
  return out;
}

/**
 * Prefect's `validate_base_job_template`: empty, or `job_configuration` and `variables` whose
 * properties provide every plain `{{ name }}` placeholder of the job configuration.
 */
export function validateBaseJobTemplate(t: Record<string, unknown>): Record<string, unknown> {
  if (Object.keys(t).length === 0) return t;
  const jobConfiguration = t.job_configuration;
  const variables = t.variables;
  if (!jobConfiguration || typeof jobConfiguration !== 'object' || !variables || typeof variables !== 'object') {
    throw new ValidationError('The `base_job_template` must contain both a `job_configuration` key and a `variables` key.');
  }
  const provided = new Set(Object.keys(((variables as Json).properties as Json | undefined) ?? {}));
  const missing = [...placeholders(jobConfiguration, new Set())].filter((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p) && !provided.has(p));
  if (missing.length > 0) {
    throw new ValidationError(`The variables specified in the job configuration template must be present as properties in the variables schema. Your job configuration uses the following undeclared variable(s): ${missing.sort().join(' ,')}.`);
  }
  return t;
}

function storageConfiguration(b: Json): StorageConfiguration | undefined {
  const s = optObject(b, 'storage_configuration');
  if (!s) return undefined;
  return {
    bundle_upload_step: optObject(s, 'bundle_upload_step') ?? null,
    bundle_execution_step: optObject(s, 'bundle_execution_step') ?? null,
    default_result_storage_block_id: optString(s, 'default_result_storage_block_id') ?? null,
  };
}

export function parseWorkPoolCreate(raw: unknown): CreatePoolInput {
  const b = object(raw, 'body');
  const settings: WorkPoolSettings = {
    description: optString(b, 'description') ?? null,
    baseJobTemplate: validateBaseJobTemplate(optObject(b, 'base_job_template') ?? {}),
    isPaused: optBool(b, 'is_paused') ?? false,
    concurrencyLimit: optInt(b, 'concurrency_limit', 0) ?? null,
    storageConfiguration: storageConfiguration(b) ?? EMPTY_STORAGE_CONFIGURATION,
  };
  return { name: reqString(b, 'name'), type: reqString(b, 'type'), settings };
}

export function parseWorkPoolUpdate(raw: unknown): Partial<WorkPoolSettings> {
  const b = object(raw, 'body');
  const out: { -readonly [K in keyof WorkPoolSettings]?: WorkPoolSettings[K] } = {};
  if (has(b, 'description')) out.description = optString(b, 'description') ?? null;
  const paused = optBool(b, 'is_paused');
  if (paused !== undefined) out.isPaused = paused;
  const template = optObject(b, 'base_job_template');
  if (template) out.baseJobTemplate = validateBaseJobTemplate(template);
  if (has(b, 'concurrency_limit')) out.concurrencyLimit = optInt(b, 'concurrency_limit', 0) ?? null;
  const storage = storageConfiguration(b);
  if (storage) out.storageConfiguration = storage;
  return out;
}

export function parseWorkQueueCreate(raw: unknown): CreateQueueInput {
  const b = object(raw, 'body');
  return {
    name: reqString(b, 'name'),
    description: optString(b, 'description') ?? null,
    isPaused: optBool(b, 'is_paused') ?? false,
    concurrencyLimit: optInt(b, 'concurrency_limit', 0) ?? null,
    priority: optInt(b, 'priority', 1) ?? null,
  };
}

export function parseWorkQueueUpdate(raw: unknown): Partial<WorkQueueSettings> {
  const b = object(raw, 'body');
  const out: { -readonly [K in keyof WorkQueueSettings]?: WorkQueueSettings[K] } = {};
  const name = optString(b, 'name');
  if (typeof name === 'string') out.name = name;
  if (has(b, 'description')) out.description = optString(b, 'description') ?? null;
  const paused = optBool(b, 'is_paused');
  if (paused !== undefined) out.isPaused = paused;
  if (has(b, 'concurrency_limit')) out.concurrencyLimit = optInt(b, 'concurrency_limit', 0) ?? null;
  const priority = optInt(b, 'priority', 1);
  if (typeof priority === 'number') out.priority = priority;
  return out;
}

export interface HeartbeatInput {
  readonly name: string;
  readonly heartbeatIntervalSeconds: number | null;
  readonly returnId: boolean;
  readonly metadata: Record<string, unknown> | null;
}

export function parseHeartbeat(raw: unknown): HeartbeatInput {
  const b = object(raw, 'body');
  const interval = b.heartbeat_interval_seconds;
  if (interval !== null && interval !== undefined && (typeof interval !== 'number' || !Number.isFinite(interval) || interval <= 0)) {
    throw new ValidationError('heartbeat_interval_seconds must be a positive number');
  }
  return {
    name: reqString(b, 'name'),
    heartbeatIntervalSeconds: typeof interval === 'number' ? Math.round(interval) : null,
    returnId: optBool(b, 'return_id') ?? false,
    metadata: optObject(b, 'metadata') ?? null,
  };
}

export const workPoolFilter = (f: unknown) => compileFilter(f, { id: ops.id('id'), name: ops.name('name'), type: ops.id('type') }, 'work_pools');
export const workQueueFilter = (f: unknown) => compileFilter(f, { id: ops.id('id'), name: ops.name('name') }, 'work_queues');
