import { ValidationError } from '../../../../shared/errors';
import { isJsonValue, type JsonValue } from '../common/json';

export const MAX_VARIABLE_NAME_LENGTH = 255;
export const MAX_VARIABLE_VALUE_LENGTH = 5000;
/** Prefect's VariableName: lowercase letters, numbers, dashes and underscores. */
const VARIABLE_NAME = /^[a-z0-9_-]+$/;

export function validateVariableName(name: unknown): string {
  if (typeof name !== 'string') throw new ValidationError('Variable name must be a string');
  if (name.length === 0 || name.length > MAX_VARIABLE_NAME_LENGTH) throw new ValidationError(`Variable name must be 1 to ${MAX_VARIABLE_NAME_LENGTH} characters long`);
  if (!VARIABLE_NAME.test(name)) throw new ValidationError('Variable name must only contain lowercase letters, numbers, and dashes or underscores.');
  return name;
}

/** Any JSON value; Prefect measures its compact JSON in UTF-8 bytes and refuses more than 5,000. */
export function validateVariableValue(value: unknown): JsonValue {
  if (value === undefined || !isJsonValue(value)) throw new ValidationError('Variable value must be serializable to JSON');
  if (value !== null && Buffer.byteLength(JSON.stringify(value), 'utf8') > MAX_VARIABLE_VALUE_LENGTH) {
    throw new ValidationError(`Variable value must be less than ${MAX_VARIABLE_VALUE_LENGTH} characters`);
  }
  return value;
}

export function validateVariableTags(tags: unknown): readonly string[] {
  if (tags === null || tags === undefined) return [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) throw new ValidationError('Variable tags must be a list of strings');
  return tags as string[];
}

/** What an update changes: an absent key leaves the field as it is (`value` may change to null). */
export interface VariableChanges {
  readonly name?: string;
  readonly value?: JsonValue;
  readonly tags?: readonly string[];
}

/** A PATCH body, validated: `name`/`tags` null mean "unchanged"; `value` present (even null) means "set". */
export function validateVariableChanges(raw: { readonly name?: unknown; readonly value?: unknown; readonly tags?: unknown }): VariableChanges {
  const changes: { name?: string; value?: JsonValue; tags?: readonly string[] } = {};
  if (raw.name !== undefined && raw.name !== null) changes.name = validateVariableName(raw.name);
  if ('value' in raw && raw.value !== undefined) changes.value = validateVariableValue(raw.value);
  if (raw.tags !== undefined && raw.tags !== null) changes.tags = validateVariableTags(raw.tags);
  return changes;
}
