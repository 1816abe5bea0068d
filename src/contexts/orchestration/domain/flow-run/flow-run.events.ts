import type { Labels } from '../flow/flow';
import type { State, StateSummary } from '../states/state';
import type { FlowRunAttributes, FlowRunBody, FlowRunPolicy } from './flow-run';

/**
 * Concurrency-slot work a transition implies for the run's deployment. Recorded on the event so a
 * reactor can carry it out from the store (STYLE rule 10); also returned to the caller.
 *  - acquired: the written state holds a slot (its lease id is on `state_details`), so the slot the
 *    caller reserved must be kept; without this effect a reserved slot must be given back;
 *  - released: the run left PENDING/RUNNING/CANCELLING and gives its slot back;
 *  - revoked: a client too old to renew leases moved on, so its lease is revoked (the slot stays held).
 */
export type DeploymentConcurrencyEffect =
  | { readonly type: 'DeploymentSlotAcquired'; readonly leaseId: string | null }
  | { readonly type: 'DeploymentSlotReleased'; readonly leaseId: string | null }
  | { readonly type: 'DeploymentLeaseRevoked'; readonly leaseId: string };

export type FlowRunCreatedData = { readonly flowRunId: string } & FlowRunBody & StateSummary;

export interface FlowRunStateChangedData extends StateSummary {
  readonly flowRunId: string;
  readonly flow_id: string;
  readonly deployment_id: string | null;
  /** Set for subflows: the tracking task run that mirrors this state. */
  readonly parent_task_run_id: string | null;
  readonly initial_state: State;
  /** The state written: the accepted proposal, or the rule's replacement when REJECTed. */
  readonly state: State;
  readonly status: 'ACCEPT' | 'REJECT';
  /** Why a rule replaced the proposal (null when accepted). */
  readonly reason: string | null;
  /** Proposed with force=true (Minimal policy). */
  readonly forced: boolean;
  readonly run_count: number;
  readonly start_time: string | null;
  readonly end_time: string | null;
  readonly total_run_time: number;
  readonly expected_start_time: string | null;
  readonly next_scheduled_start_time: string | null;
  /** Present only when the transition changed the policy (retries, pauses, resumes). */
  readonly empirical_policy?: FlowRunPolicy;
  /** Present only when there is slot work to do. */
  readonly concurrency?: readonly DeploymentConcurrencyEffect[];
}

/** The keys `PATCH /flow_runs/{id}` may change. */
export type FlowRunChanges = Partial<Pick<FlowRunAttributes, 'name' | 'flow_version' | 'parameters' | 'empirical_policy' | 'tags' | 'infrastructure_pid' | 'job_variables'>>;

export type FlowRunEvent =
  | { readonly type: 'FlowRunCreated'; readonly data: FlowRunCreatedData }
  | { readonly type: 'FlowRunStateChanged'; readonly data: FlowRunStateChangedData }
  | { readonly type: 'FlowRunUpdated'; readonly data: { readonly flowRunId: string; readonly changes: FlowRunChanges; readonly updatedAt: string } }
  /** `labels` is the whole label set after the merge. */
  | { readonly type: 'FlowRunLabelsUpdated'; readonly data: { readonly flowRunId: string; readonly labels: Labels; readonly updatedAt: string } }
  | { readonly type: 'FlowRunDeleted'; readonly data: { readonly flowRunId: string; readonly deletedAt: string } };

export type FlowRunEventType = FlowRunEvent['type'];
