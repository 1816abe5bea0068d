import { ValidationError } from '../../../../shared/errors';
import { isJsonValue, isPlainObject, type JsonValue } from '../common/json';
import { parseDateTime } from '../common/time';
import { isStateType, STATE_TYPES, type StateCreate, type StateDetails } from './state';

/**
 * Reading a proposed state from untrusted JSON (a `set_state` body, a client event's
 * `validated_state`). Mirrors FastAPI/pydantic as the Prefect client relies on it: unknown keys are
 * ignored, `null` means "not given" (the client sends every optional key, mostly as null), and
 * anything else of the wrong type is a ValidationError naming the offending path.
 */

const UUID = /^(?:urn:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

function parseUuid(value: unknown, path: string): string {
  const m = typeof value === 'string' ? UUID.exec(value.trim()) : null;
  if (!m) throw new ValidationError(`${path} must be a UUID`, { path });
  return m.slice(1, 6).join('-').toLowerCase();
}

function parseString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new ValidationError(`${path} must be a string`, { path });
  return value;
}

function parseBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new ValidationError(`${path} must be a boolean`, { path });
  return value;
}

function parseStringMap(value: unknown, path: string): Readonly<Record<string, string>> {
  if (!isPlainObject(value)) throw new ValidationError(`${path} must be an object of strings`, { path });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) out[k] = parseString(v, `${path}.${k}`);
  return out;
}

type Parser = (value: unknown, path: string) => StateDetails[keyof StateDetails];

const DETAIL_PARSERS: { readonly [K in keyof Required<StateDetails>]: Parser } = {
  flow_run_id: parseUuid,
  task_run_id: parseUuid,
  child_flow_run_id: parseUuid,
  scheduled_time: parseDateTime,
  cache_key: parseString,
  cache_expiration: parseDateTime,
  deferred: parseBoolean,
  untrackable_result: parseBoolean,
  pause_timeout: parseDateTime,
  pause_reschedule: parseBoolean,
  pause_key: parseString,
  run_input_keyset: parseStringMap,
  refresh_cache: parseBoolean,
  retriable: parseBoolean,
  transition_id: parseUuid,
  task_parameters_id: parseUuid,
  traceparent: parseString,
  deployment_concurrency_lease_id: parseUuid,
};

export function parseStateDetails(value: unknown, path = 'state_details'): StateDetails {
  if (value === null || value === undefined) return {};
  if (!isPlainObject(value)) throw new ValidationError(`${path} must be an object`, { path });
  const out: Record<string, unknown> = {};
  for (const [key, parse] of Object.entries(DETAIL_PARSERS)) {
    const v = value[key];
    if (v === null || v === undefined) continue;
    out[key] = parse(v, `${path}.${key}`);
  }
  return out as StateDetails;
}

export function parseStateType(value: unknown, path = 'state.type'): StateCreate['type'] {
  if (isStateType(value)) return value;
  throw new ValidationError(`${path} must be one of ${STATE_TYPES.join(', ')}; got ${JSON.stringify(value) ?? 'nothing'}`, { path, allowed: STATE_TYPES });
}

/** Parses a Prefect StateCreate (`{type, name?, message?, data?, state_details?}`). */
export function parseStateCreate(value: unknown, path = 'state'): StateCreate {
  if (!isPlainObject(value)) throw new ValidationError(`${path} must be an object with a "type"`, { path });
  const type = parseStateType(value.type, `${path}.type`);
  const name = value.name === null || value.name === undefined ? undefined : parseString(value.name, `${path}.name`);
  const message = value.message === null || value.message === undefined ? undefined : parseString(value.message, `${path}.message`);
  const data = value.data === undefined ? null : value.data;
  if (!isJsonValue(data)) throw new ValidationError(`${path}.data must be JSON`, { path: `${path}.data` });
  const state_details = parseStateDetails(value.state_details, `${path}.state_details`);
  return {
    type,
    ...(name !== undefined ? { name } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(data !== null ? { data: data as JsonValue } : {}),
    state_details,
  };
}
