import type { FlowDoc } from '../read-models';

/** Read-model documents to Prefect's JSON: the reserved `_` fields never leave the server. */
export function publicFields<D extends Record<string, unknown>>(doc: D): Omit<D, '_id' | '_pos' | '_account' | '_workspace'> {
  const { _id, _pos, _account, _workspace, ...rest } = doc;
  return rest;
}

export function toFlow(doc: FlowDoc) {
  const { tags_count, ...flow } = publicFields(doc);
  return flow;
}
