import type { Document } from '../../../shared/ddd';

export const VARIABLES = 'variables';

/**
 * Prefect's Variable (prefect-api.md §6.12) plus the reserved fields and `tags_count` (for `tags.is_null_`).
 * The value is kept as its JSON text: a value is any JSON, and object keys such as `$set` or `a.b`
 * are not storable field names in every read store, so the document never exposes them as fields.
 * `variableValue(doc)` gives the value back, exactly as it was sent.
 */
export interface VariableDoc extends Document {
  id: string;
  created: string;
  updated: string;
  name: string;
  value_json: string;
  tags: string[];
  tags_count: number;
}

export function variableValue(doc: Pick<VariableDoc, 'value_json'>): unknown {
  return JSON.parse(doc.value_json) as unknown;
}
