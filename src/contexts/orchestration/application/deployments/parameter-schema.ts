import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { ValidationError } from '../../../../shared/errors';

/**
 * Prefect's `validate(parameters, parameter_openapi_schema)` (prefect/utilities/schema_tools/
 * validation.py) with ajv: the same preprocessing (optional typed properties also accept null;
 * pydantic-v1 tuple `items` lists become `prefixItems`), `required` optionally ignored, and the
 * failure worded as Prefect words it ("Validation failed for field 'x'. Failure reason: ...").
 */
type Json = Record<string, unknown>;

const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
const compiled = new Map<string, ValidateFunction>();
const CACHE_SIZE = 500;

export class ParameterSchemaError extends Error {}

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function fixProperties(properties: Json, required: unknown): void {
  const req = Array.isArray(required) ? required : [];
  for (const [key, raw] of Object.entries(properties)) {
    if (!isObject(raw)) continue;
    if (!req.includes(key) && 'type' in raw && raw.type !== 'null' && !('default' in raw)) {
      raw.anyOf = [{ type: raw.type }, { type: 'null' }];
      delete raw.type;
    }
    if (Array.isArray(raw.items) && !raw.prefixItems) {
      raw.prefixItems = raw.items;
      delete raw.items;
    }
    if (isObject(raw.properties)) fixProperties(raw.properties, raw.required);
  }
}

function stripRequired(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripRequired);
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'required').map(([k, x]) => [k, stripRequired(x)]));
}

function preprocess(schema: Json, ignoreRequired: boolean): Json {
  const copy = JSON.parse(JSON.stringify(schema)) as Json;
  if (isObject(copy.properties)) fixProperties(copy.properties, copy.required);
  for (const defsKey of ['definitions', '$defs']) {
    const defs = copy[defsKey];
    if (!isObject(defs)) continue;
    for (const def of Object.values(defs)) if (isObject(def) && isObject(def.properties)) fixProperties(def.properties, def.required);
  }
  return ignoreRequired ? (stripRequired(copy) as Json) : copy;
}

function validator(schema: Json, ignoreRequired: boolean): ValidateFunction {
  const key = `${ignoreRequired ? 1 : 0}${JSON.stringify(schema)}`;
  let fn = compiled.get(key);
  if (!fn) {
    try {
      fn = ajv.compile(preprocess(schema, ignoreRequired));
    } catch (err) {
      throw new ValidationError(`Invalid parameter schema: ${(err as Error).message}`);
    }
    if (compiled.size >= CACHE_SIZE) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, fn);
  }
  return fn;
}

/** Python's repr of a JSON value, as jsonschema's messages show it. */
function repr(v: unknown): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v);
}

function valueAt(root: unknown, pointer: string): unknown {
  let v = root;
  for (const part of pointer.split('/').slice(1)) v = isObject(v) || Array.isArray(v) ? (v as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return v;
}

function describe(err: ErrorObject, root: unknown): { path: string; reason: string } {
  const parts = err.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const value = valueAt(root, err.instancePath);
  let reason: string;
  switch (err.keyword) {
    case 'type':
      reason = `${repr(value)} is not of type ${String(err.params.type)
        .split(',')
        .map((t) => `'${t}'`)
        .join(', ')}`;
      break;
    case 'required':
      reason = `'${String(err.params.missingProperty)}' is a required property`;
      break;
    case 'enum':
      reason = `${repr(value)} is not one of ${JSON.stringify(err.params.allowedValues)}`;
      break;
    case 'const':
      reason = `${repr(err.params.allowedValue)} was expected`;
      break;
    case 'anyOf':
    case 'oneOf':
      reason = `${repr(value)} is not valid under any of the given schemas`;
      break;
    case 'additionalProperties':
      reason = `Additional properties are not allowed ('${String(err.params.additionalProperty)}' was unexpected)`;
      break;
    default:
      reason = `${repr(value)} ${err.message ?? 'is invalid'}`;
  }
  return { path: parts.join('.'), reason };
}

/**
 * Checks `parameters` against a deployment's parameter schema; throws ParameterSchemaError with
 * Prefect's message (the caller adds "Error creating flow run: " etc. and picks the status).
 */
export function validateParameters(parameters: Record<string, unknown>, schema: Record<string, unknown>, options: { ignoreRequired: boolean }): void {
  const fn = validator(schema, options.ignoreRequired);
  if (fn(parameters)) return;
  // anyOf/oneOf errors come after the errors of their branches; report the outermost one, as jsonschema does.
  const errors = fn.errors ?? [];
  const outer = errors.find((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf') ?? errors[0];
  if (!outer) throw new ParameterSchemaError('Validation failed.');
  const { path, reason } = describe(outer, parameters);
  throw new ParameterSchemaError(`${path === '' ? 'Validation failed.' : `Validation failed for field '${path}'.`} Failure reason: ${reason}`);
}
