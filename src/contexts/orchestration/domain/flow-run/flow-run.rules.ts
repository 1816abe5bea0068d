import { clientMaintainsLeases, WORKER_VERSIONS_THAT_MANAGE_DEPLOYMENT_CONCURRENCY } from '../common/client-version';
import { addSeconds, isBefore } from '../common/time';
import { cancelledDraft, failedDraft, hasPersistedResult, isTerminal, scheduledDraft, withDetails, awaitingRetryDraft, type State } from '../states/state';
import { abort, accept, ACCEPT, governs, reject, types, type RuleContext, type RuleOutcome } from '../transition/rule';
import type { FlowRun, FlowRunPolicy } from './flow-run';
import type { DeploymentConcurrencyContext } from './flow-run.commands';
import type { DeploymentConcurrencyEffect } from './flow-run.events';

/**
 * The flow-run rules of Prefect's CoreFlowPolicy and MinimalFlowPolicy (prefect-api.md §5.4;
 * Prefect core_policy.py), one pure function each. A rule that does not govern the intended
 * transition accepts without changes; the policy (flow-run.policy.ts) fixes their order.
 */

export interface FlowRuleContext extends RuleContext<FlowRun> {
  /** A flow run always has a state once created. */
  readonly initial: State;
  readonly stateId: string;
  readonly clientVersion: string | null;
  readonly deploymentConcurrency?: DeploymentConcurrencyContext;
}

/** Rules change a flow run only through its policy. */
export type FlowRunPolicyChange = Partial<FlowRunPolicy>;
export type FlowRuleOutcome = RuleOutcome<FlowRunPolicyChange, DeploymentConcurrencyEffect>;
export type FlowRule = (ctx: FlowRuleContext) => FlowRuleOutcome;

const TERMINAL = types('COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED');
const leaseOf = (s: State): string | undefined => s.state_details.deployment_concurrency_lease_id;

/** Universal: workers send `deployment_concurrency_lease_id: null`; keep the lease the run holds. */
export const preserveDeploymentConcurrencyLeaseId: FlowRule = ({ initial, proposed }) => {
  const lease = leaseOf(initial);
  if (lease === undefined || proposed.state_details.deployment_concurrency_lease_id !== undefined) return ACCEPT;
  return accept({ proposed: { ...proposed, state_details: withDetails(proposed.state_details, { deployment_concurrency_lease_id: lease }) } });
};

/**
 * A proposal carrying the transition id of the current state is a retried request whose answer was
 * lost: answer with the current state and write nothing, so client retries are idempotent.
 */
export const preventDuplicateTransitions: FlowRule = ({ initial, proposed }) => {
  const current = initial.state_details.transition_id;
  if (current === undefined || proposed.state_details.transition_id !== current) return ACCEPT;
  return reject(null, 'This run has already made this state transition.');
};

/**
 * Leaving a terminal state: never to CANCELLING/PAUSED/CRASHED; never away from a persisted result;
 * back to SCHEDULED only with a deployment to run it. A rerun starts with fresh pause bookkeeping.
 */
export const handleFlowTerminalStateTransitions: FlowRule = ({ run, initial, proposed, intended }) => {
  if (!governs(intended, TERMINAL, 'any')) return ACCEPT;
  if (proposed.type === 'CANCELLING' || proposed.type === 'PAUSED' || proposed.type === 'CRASHED') {
    return abort(`Run is already in terminal state ${initial.type}.`);
  }
  const persisted = initial.type === 'COMPLETED' && hasPersistedResult(initial.data);
  if (persisted && !isTerminal(proposed.type)) return reject(null, 'Run is already COMPLETED.');
  if (persisted && proposed.type === 'COMPLETED' && !hasPersistedResult(proposed.data)) {
    return reject(null, 'Cannot overwrite a COMPLETED state that carries persisted result data with one that does not.');
  }
  if (proposed.type === 'SCHEDULED' && run.deployment_id === null) return abort('Cannot reschedule a run without an associated deployment.');
  if (isTerminal(proposed.type)) return ACCEPT;
  return accept({ before: { resuming: false, pause_keys: [], retry_type: proposed.type === 'SCHEDULED' ? 'reschedule' : null } });
};

/** Minimal-policy guard (force=true): a persisted COMPLETED result is not overwritten by one without. */
export const preventResultDataLoss: FlowRule = ({ initial, proposed, intended }) => {
  if (!governs(intended, TERMINAL, TERMINAL)) return ACCEPT;
  if (initial.type === 'COMPLETED' && proposed.type === 'COMPLETED' && hasPersistedResult(initial.data) && !hasPersistedResult(proposed.data)) {
    return reject(null, 'Cannot overwrite a COMPLETED state that carries persisted result data with one that does not.');
  }
  return ACCEPT;
};

/** A run being cancelled can only become CANCELLED. */
export const enforceCancellingToCancelledTransition: FlowRule = ({ intended }) => {
  if (intended.from !== 'CANCELLING' || intended.to === 'CANCELLED') return ACCEPT;
  return reject(null, 'Cannot transition flows that are cancelling to a state other than Cancelled.');
};

/**
 * CANCELLING exists so a worker tears infrastructure down; a run with none (scheduled and never
 * submitted, resuming, or suspended) goes straight to CANCELLED.
 */
export const bypassCancellingFlowRunsWithNoInfra: FlowRule = ({ run, initial, intended }) => {
  if (!governs(intended, types('SCHEDULED', 'PAUSED'), types('CANCELLING'))) return ACCEPT;
  if ((initial.type === 'SCHEDULED' && !run.infrastructure_pid) || initial.name === 'Resuming') {
    return reject(cancelledDraft(), 'Scheduled flow run has no infrastructure to terminate.');
  }
  if (initial.type === 'PAUSED' && initial.state_details.pause_reschedule === true) {
    return reject(cancelledDraft(), 'Suspended flow run has no infrastructure to terminate.');
  }
  return ACCEPT;
};

/**
 * PENDING → RUNNING keeps the run's deployment lease and, for clients that renew leases, checks it
 * is still alive; a lapsed lease is replaced if a slot is free, otherwise the run is cancelled
 * (its infrastructure already exists, so it cannot be re-queued).
 */
export const validateDeploymentConcurrencyAtRunning: FlowRule = ({ initial, proposed, intended, clientVersion, deploymentConcurrency: dc, run }) => {
  if (!governs(intended, types('PENDING'), types('RUNNING'))) return ACCEPT;
  const lease = leaseOf(initial);
  const keepLease = { ...proposed, state_details: withDetails(proposed.state_details, { deployment_concurrency_lease_id: lease }) };
  if (lease === undefined || !clientMaintainsLeases(clientVersion) || run.deployment_id === null) return accept({ proposed: keepLease });
  if (dc === undefined || dc.limit === null || dc.deploymentExists === false || dc.leaseRenewed !== false) return accept({ proposed: keepLease });
  if (dc.slotAvailable) {
    const newLease = dc.leaseId ?? undefined;
    return accept({
      proposed: { ...proposed, state_details: withDetails(proposed.state_details, { deployment_concurrency_lease_id: newLease }) },
      effects: [{ type: 'DeploymentSlotAcquired', leaseId: newLease ?? null }],
    });
  }
  return reject(
    cancelledDraft('Deployment concurrency slot lost during provisioning - no slots available to continue execution'),
    'Deployment concurrency limit reached after lease expiry.',
  );
};

/**
 * → PENDING takes a deployment concurrency slot (before the worker provisions infrastructure).
 * When none is free the run is re-queued (ENQUEUE) or cancelled (CANCEL_NEW).
 */
export const secureFlowConcurrencySlots: FlowRule = ({ run, proposed, intended, now, clientVersion, deploymentConcurrency: dc }) => {
  if (!governs(intended, types('SCHEDULED', 'COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED', 'PAUSED'), types('PENDING'))) return ACCEPT;
  if (run.deployment_id === null || (clientVersion !== null && WORKER_VERSIONS_THAT_MANAGE_DEPLOYMENT_CONCURRENCY.has(clientVersion))) return ACCEPT;
  if (dc === undefined) return ACCEPT;
  if (dc.deploymentExists === false) return abort('Deployment not found.');
  if (dc.limit === null) return ACCEPT;
  if (dc.limit === 0) return abort('The deployment concurrency limit is 0. The flow will deadlock if submitted again.');
  if (dc.slotAvailable) {
    const lease = dc.leaseId ?? undefined;
    return accept({
      proposed: lease === undefined ? proposed : { ...proposed, state_details: withDetails(proposed.state_details, { deployment_concurrency_lease_id: lease }) },
      effects: [{ type: 'DeploymentSlotAcquired', leaseId: lease ?? null }],
    });
  }
  const reason = 'Deployment concurrency limit reached.';
  if (dc.collisionStrategy === 'CANCEL_NEW') return reject(cancelledDraft(reason), reason);
  return reject(scheduledDraft(addSeconds(now, dc.slotWaitSeconds), 'AwaitingConcurrencySlot'), reason);
};

/** Clients older than 3.4.11 cannot renew a lease; once their run moves on, the lease is revoked. */
export const removeDeploymentConcurrencyLeaseForOldClientVersions: FlowRule = ({ initial, intended, clientVersion }) => {
  if (!governs(intended, types('PENDING'), types('RUNNING', 'CANCELLING'))) return ACCEPT;
  const lease = leaseOf(initial);
  if (lease === undefined || clientMaintainsLeases(clientVersion)) return ACCEPT;
  return accept({ effects: [{ type: 'DeploymentLeaseRevoked', leaseId: lease }] });
};

/** Only a SCHEDULED run that is not already Late can be marked Late. */
export const ensureOnlyScheduledFlowsMarkedLate: FlowRule = ({ initial, proposed, intended }) => {
  if (intended.to !== 'SCHEDULED' || proposed.name !== 'Late') return ACCEPT;
  if (initial.type !== 'SCHEDULED') return reject(null, 'Only scheduled flows can be marked late.');
  if (initial.name === 'Late') return reject(null, 'This flow run is already marked late.');
  return ACCEPT;
};

/**
 * → PAUSED: only a RUNNING run pauses, each pause key fires once, and a suspend (pause with
 * reschedule) needs a deployment to resume through and cannot happen in a subflow. Without a key the
 * pause is keyed by the new state's id, i.e. never considered repeated.
 */
export const handlePausingFlows: FlowRule = ({ run, initial, proposed, intended, stateId }) => {
  if (intended.to !== 'PAUSED') return ACCEPT;
  const verb = proposed.name === 'Suspended' ? 'suspend' : 'pause';
  if (initial.type !== 'RUNNING') return reject(null, `Cannot ${verb} flows that are not currently running.`);
  const key = proposed.state_details.pause_key ?? stateId;
  if (run.empirical_policy.pause_keys.includes(key)) return reject(null, `This ${verb} has already fired.`);
  if (proposed.state_details.pause_reschedule === true) {
    if (run.parent_task_run_id !== null) return abort(`Cannot ${verb} subflows.`);
    if (run.deployment_id === null) return abort(`Cannot ${verb} flows without a deployment.`);
  }
  return accept({ after: { pause_keys: [...run.empirical_policy.pause_keys, key] } });
};

/**
 * PAUSED → only RUNNING, SCHEDULED or a final state; a suspended run reschedules only through its
 * deployment; an expired pause fails the run. A resume marks the run `resuming` once written.
 */
export const handleResumingPausedFlows: FlowRule = ({ run, initial, proposed, intended, now }) => {
  if (intended.from !== 'PAUSED') return ACCEPT;
  if (!(proposed.type === 'RUNNING' || proposed.type === 'SCHEDULED' || isTerminal(proposed.type))) {
    return reject(null, `This run cannot transition to the ${proposed.type} state from the ${initial.type} state.`);
  }
  const verb = proposed.name === 'Suspended' ? 'suspend' : 'pause';
  const display = proposed.name.toLowerCase();
  if (initial.state_details.pause_reschedule === true && run.deployment_id === null) {
    return reject(null, `Cannot reschedule a ${display} flow run without a deployment.`);
  }
  const timeout = initial.state_details.pause_timeout;
  if (timeout !== undefined && isBefore(timeout, now)) {
    return reject(failedDraft(`The flow was ${display} and never resumed.`), `The flow run ${verb} has timed out and can no longer resume.`, { after: { resuming: true } });
  }
  return accept({ after: { resuming: true } });
};

/**
 * RUNNING → FAILED with retries left becomes SCHEDULED `AwaitingRetry` (now + retry_delay); the
 * engine then proposes RUNNING again. With none left the failure stands and the retry type is
 * cleared so a later manual retry is possible.
 */
export const retryFailedFlows: FlowRule = ({ run, proposed, intended, now }) => {
  if (!governs(intended, types('RUNNING'), types('FAILED'))) return ACCEPT;
  const { retries, retry_delay } = run.empirical_policy;
  if (retries === null || run.run_count > retries) return accept({ before: { retry_type: null } });
  return reject(awaitingRetryDraft(now, retry_delay ?? 0, proposed.message, proposed.data), 'Retrying', {
    before: { resuming: false, pause_keys: [], retry_type: 'in_process' },
  });
};

/**
 * Prefect emits `prefect.flow-run.<state>` here after commit. Ours is the FlowRunStateChanged event
 * itself (a reactor publishes it), so the rule only keeps its place in the policy.
 */
export const instrumentFlowRunStateTransitions: FlowRule = () => ACCEPT;

/** Universal: leaving PENDING/RUNNING/CANCELLING for anything else gives the deployment slot back. */
export const releaseFlowConcurrencySlots: FlowRule = ({ run, initial, proposed, deploymentConcurrency: dc }) => {
  const holding = types('PENDING', 'RUNNING', 'CANCELLING');
  if (!holding.has(initial.type) || holding.has(proposed.type) || run.deployment_id === null) return ACCEPT;
  const lease = leaseOf(initial);
  // A lease on the state proves a slot is held; without one, only a limit on the deployment says so.
  if (lease === undefined && (dc === undefined || dc.limit === null)) return ACCEPT;
  return accept({ effects: [{ type: 'DeploymentSlotReleased', leaseId: lease ?? null }] });
};
