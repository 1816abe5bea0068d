import type { EventMetadata, RecordedEvent } from '../../src/shared/ddd';
import type { RunStateDoc, State, StateDoc } from '../../src/contexts/orchestration';

/** A domain State as the read models keep it (Prefect's State JSON). */
export function toStateDoc(s: State): StateDoc {
  return {
    id: s.id,
    type: s.type,
    name: s.name,
    timestamp: s.timestamp,
    message: s.message ?? null,
    data: s.data ?? null,
    state_details: { ...(s.state_details as Record<string, unknown>) },
  };
}

/** One row of a run's state history, stamped with its scope and with who made the change. */
export function stateHistoryRow(event: RecordedEvent, s: State, run: { flow_run_id: string } | { task_run_id: string }): RunStateDoc {
  const meta = event.metadata as EventMetadata;
  const a = meta?.actor;
  const doc = toStateDoc(s);
  return { ...doc, ...run, _id: doc.id, _account: meta.accountId, _workspace: meta.workspaceId, actor: a ? { type: a.type, id: a.id, name: a.name } : null };
}
