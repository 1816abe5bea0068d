import { isBefore } from '../common/time';
import type { StateCreate } from '../states/state';
import type { CrashZombieFlowRunData, MarkFlowRunLateData } from './flow-run.commands';
import type { FlowRunEvent } from './flow-run.events';
import { orchestrateFlowRunState } from './flow-run.orchestrate';
import type { FlowRunState } from './flow-run.state';

/** Prefect's message for a run crashed by its missing heartbeats (the "detect zombie flows" automation). */
export const ZOMBIE_CRASH_MESSAGE = 'Flow run marked as crashed due to missing heartbeats.';

/**
 * The server's own state changes go through the same orchestration as a client's (rules, global
 * transforms, the FlowRunStateChanged event), so projections, histories and published Prefect events
 * see an ordinary transition. Each decides nothing when the run is no longer what the monitor saw:
 * monitors read a lagging read model, and a worker may have claimed the run in the meantime.
 */
function propose(state: FlowRunState, proposed: StateCreate, stateId: string, now: string): FlowRunEvent[] {
  return orchestrateFlowRunState(state, { type: 'SetFlowRunState', data: { proposed, force: false, stateId, now, clientVersion: null } }).events;
}

/** Scheduled → Late when still SCHEDULED/"Scheduled" and due at or before `dueBefore`; `scheduled_time` kept. */
export function markFlowRunLate(state: FlowRunState, c: MarkFlowRunLateData): FlowRunEvent[] {
  if (state.status !== 'active') return [];
  const run = state.run;
  const due = run.next_scheduled_start_time;
  if (run.state.type !== 'SCHEDULED' || run.state.name !== 'Scheduled' || due === null || isBefore(c.dueBefore, due)) return [];
  return propose(state, { type: 'SCHEDULED', name: 'Late', state_details: { scheduled_time: due } }, c.stateId, c.now);
}

/** Running → Crashed when still in the RUNNING state the monitor judged. */
export function crashZombieFlowRun(state: FlowRunState, c: CrashZombieFlowRunData): FlowRunEvent[] {
  if (state.status !== 'active') return [];
  const run = state.run;
  if (run.state.type !== 'RUNNING' || run.state.id !== c.runningStateId) return [];
  return propose(state, { type: 'CRASHED', name: 'Crashed', message: c.message }, c.stateId, c.now);
}
