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

/** What a written state changes on a run document (both flow runs and task runs). */
export interface RunStateChange {
  readonly state: State;
  readonly state_type: string;
  readonly state_name: string;
  readonly run_count: number;
  readonly start_time: string | null;
  readonly end_time: string | null;
  readonly total_run_time: number;
  readonly expected_start_time: string | null;
  readonly next_scheduled_start_time: string | null;
}

export function applyStateChange<D extends object>(doc: D, d: RunStateChange): D {
  return {
    ...doc,
    updated: d.state.timestamp,
    state_id: d.state.id,
    state_type: d.state_type,
    state_name: d.state_name,
    run_count: d.run_count,
    start_time: d.start_time,
    end_time: d.end_time,
    total_run_time: d.total_run_time,
    expected_start_time: d.expected_start_time,
    next_scheduled_start_time: d.next_scheduled_start_time,
    state: toStateDoc(d.state),
  };
}
