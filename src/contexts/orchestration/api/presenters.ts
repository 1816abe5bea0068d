import type { ConcurrencyLimitDoc, FlowDoc, FlowRunDoc, RunStateDoc, TaskRunDoc } from '../read-models';
import { unleasedSlots } from '../domain/concurrency-limit/concurrency-limit';

/** Read-model documents to Prefect's JSON: the reserved `_` fields never leave the server. */
export function publicFields<D extends Record<string, unknown>>(doc: D): Omit<D, '_id' | '_pos' | '_account' | '_workspace'> {
  const { _id, _pos, _account, _workspace, ...rest } = doc;
  return rest;
}

export function toFlow(doc: FlowDoc) {
  const { tags_count, ...flow } = publicFields(doc);
  return flow;
}


const secondsBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 1000;

/** Prefect derives these at read time: run time so far, and how late the run started (or is). */
function estimates(doc: { state_type: string | null; start_time: string | null; expected_start_time: string | null; total_run_time: number; state: { timestamp: string } | null }, now: string) {
  const running = doc.state_type === 'RUNNING' && doc.state !== null;
  // While RUNNING, the time since the run last entered RUNNING is not yet in total_run_time.
  const estimated_run_time = doc.total_run_time + (running ? Math.max(0, secondsBetween(doc.state!.timestamp, now)) : 0);
  let estimated_start_time_delta = 0;
  if (doc.expected_start_time) {
    if (doc.start_time) estimated_start_time_delta = Math.max(0, secondsBetween(doc.expected_start_time, doc.start_time));
    else if (doc.expected_start_time < now) estimated_start_time_delta = secondsBetween(doc.expected_start_time, now);
  }
  return { estimated_run_time, estimated_start_time_delta };
}

export function toFlowRun(doc: FlowRunDoc, now: string) {
  const { tags_count, parent_flow_run_id, ...run } = publicFields(doc);
  return { ...run, ...estimates(doc, now) };
}

export function toTaskRun(doc: TaskRunDoc, now: string) {
  const { tags_count, ...run } = publicFields(doc);
  return { ...run, ...estimates(doc, now) };
}

export function toRunState(doc: RunStateDoc) {
  const { id, type, name, timestamp, message, data, state_details } = doc;
  return { id, type, name, timestamp, message, data, state_details };
}

/** The unexpired leases of a global concurrency limit, at read time. */
export function activeLeases(doc: ConcurrencyLimitDoc, now: string) {
  return doc.leases.filter((l) => l.expires_at > now);
}

/** Active slots of a global limit: its unexpired leases plus the unleased slots not yet decayed. */
export function activeSlots(doc: ConcurrencyLimitDoc, now: string): number {
  const unleased = unleasedSlots({ slots: doc.unleased_slots ?? 0, at: doc.unleased_at ?? now }, doc.slot_decay_per_second, now);
  return unleased + activeLeases(doc, now).reduce((n, l) => n + l.slots, 0);
}
