import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptState, draftState, type StateCreate } from '../states/state';
import { NO_RUN_TIMES } from '../transition/run-bookkeeping';
import { normaliseFlowRunPolicy, type FlowRun } from './flow-run';
import type { DeploymentConcurrencyContext } from './flow-run.commands';
import * as rules from './flow-run.rules';
import type { FlowRuleContext } from './flow-run.rules';

const now = '2026-11-27T10:00:00.000000Z';
const at = (s: number) => new Date(Date.parse(now) + s * 1000).toISOString().replace('Z', '000Z');
const ACCEPT = { kind: 'accept' } as const;

function flowRun(overrides: Partial<FlowRun> = {}): FlowRun {
  return {
    id: 'fr1',
    flow_id: 'f1',
    name: 'brave-tiger',
    flow_version: null,
    parameters: {},
    context: {},
    tags: [],
    labels: {},
    parent_task_run_id: null,
    empirical_policy: normaliseFlowRunPolicy(null),
    idempotency_key: null,
    deployment_id: null,
    deployment_version: null,
    work_queue_name: null,
    work_pool_name: null,
    work_queue_id: null,
    work_pool_id: null,
    job_variables: null,
    infrastructure_pid: null,
    infrastructure_document_id: null,
    created_by: null,
    auto_scheduled: false,
    state: acceptState({ type: 'PENDING' }, 's0', at(-60)),
    run_count: 0,
    ...NO_RUN_TIMES,
    created: at(-60),
    ...overrides,
  };
}

interface Options {
  readonly run?: Partial<FlowRun>;
  readonly clientVersion?: string | null;
  readonly dc?: DeploymentConcurrencyContext;
}
function ctx(initial: StateCreate, proposal: StateCreate, o: Options = {}): FlowRuleContext {
  const state = acceptState(initial, 's0', at(-60));
  return {
    run: flowRun({ state, ...o.run }),
    initial: state,
    proposed: draftState(proposal, now),
    intended: { from: state.type, to: proposal.type },
    now,
    stateId: 'new-state',
    clientVersion: o.clientVersion === undefined ? '3.9.1' : o.clientVersion,
    ...(o.dc ? { deploymentConcurrency: o.dc } : {}),
  };
}
const persisted = { storage_key: '/results/abc', serializer: { type: 'pickle' } };
const dc = (o: Partial<DeploymentConcurrencyContext> = {}): DeploymentConcurrencyContext => ({ limit: 1, collisionStrategy: 'ENQUEUE', slotAvailable: true, slotWaitSeconds: 30, leaseId: 'lease-new', ...o });
const deployed = { run: { deployment_id: 'd1' } };

describe('PreserveDeploymentConcurrencyLeaseId', () => {
  it('keeps the lease of the current state when the proposal has none', () => {
    const out = rules.preserveDeploymentConcurrencyLeaseId(ctx({ type: 'PENDING', state_details: { deployment_concurrency_lease_id: 'L' } }, { type: 'PENDING', name: 'Submitting' }));
    assert.equal(out.kind === 'accept' && out.proposed?.state_details.deployment_concurrency_lease_id, 'L');
  });
  it('changes nothing when there is no lease or the proposal brings one', () => {
    assert.deepEqual(rules.preserveDeploymentConcurrencyLeaseId(ctx({ type: 'PENDING' }, { type: 'RUNNING' })), ACCEPT);
    assert.deepEqual(rules.preserveDeploymentConcurrencyLeaseId(ctx({ type: 'PENDING', state_details: { deployment_concurrency_lease_id: 'L' } }, { type: 'RUNNING', state_details: { deployment_concurrency_lease_id: 'M' } })), ACCEPT);
  });
});

describe('PreventDuplicateTransitions', () => {
  it('rejects, without a state, a proposal repeating the current transition id', () => {
    assert.deepEqual(rules.preventDuplicateTransitions(ctx({ type: 'RUNNING', state_details: { transition_id: 't1' } }, { type: 'RUNNING', state_details: { transition_id: 't1' } })), {
      kind: 'reject',
      state: null,
      reason: 'This run has already made this state transition.',
    });
  });
  it('accepts a new transition id, or proposals without one', () => {
    assert.deepEqual(rules.preventDuplicateTransitions(ctx({ type: 'RUNNING', state_details: { transition_id: 't1' } }, { type: 'COMPLETED', state_details: { transition_id: 't2' } })), ACCEPT);
    assert.deepEqual(rules.preventDuplicateTransitions(ctx({ type: 'RUNNING' }, { type: 'COMPLETED' })), ACCEPT);
  });
});

describe('HandleFlowTerminalStateTransitions', () => {
  it('aborts terminal → CANCELLING, PAUSED or CRASHED', () => {
    for (const to of ['CANCELLING', 'PAUSED', 'CRASHED'] as const) {
      assert.deepEqual(rules.handleFlowTerminalStateTransitions(ctx({ type: 'FAILED' }, { type: to })), { kind: 'abort', reason: 'Run is already in terminal state FAILED.' });
    }
  });
  it('rejects leaving a COMPLETED state with a persisted result, or overwriting it with one without', () => {
    assert.deepEqual(rules.handleFlowTerminalStateTransitions(ctx({ type: 'COMPLETED', data: persisted }, { type: 'RUNNING' }, deployed)), { kind: 'reject', state: null, reason: 'Run is already COMPLETED.' });
    assert.equal(rules.handleFlowTerminalStateTransitions(ctx({ type: 'COMPLETED', data: persisted }, { type: 'COMPLETED' })).kind, 'reject');
    assert.equal(rules.handleFlowTerminalStateTransitions(ctx({ type: 'COMPLETED', data: persisted }, { type: 'COMPLETED', data: persisted })).kind, 'accept');
    assert.equal(rules.handleFlowTerminalStateTransitions(ctx({ type: 'COMPLETED', data: persisted }, { type: 'FAILED' })).kind, 'accept');
  });
  it('aborts rescheduling a run without a deployment', () => {
    assert.deepEqual(rules.handleFlowTerminalStateTransitions(ctx({ type: 'FAILED' }, { type: 'SCHEDULED' })), { kind: 'abort', reason: 'Cannot reschedule a run without an associated deployment.' });
  });
  it('resets pause bookkeeping on a rerun and marks the retry type', () => {
    const policy = normaliseFlowRunPolicy({ pause_keys: ['k'], resuming: true });
    assert.deepEqual(rules.handleFlowTerminalStateTransitions(ctx({ type: 'FAILED' }, { type: 'SCHEDULED' }, { run: { deployment_id: 'd1', empirical_policy: policy } })), {
      kind: 'accept',
      before: { resuming: false, pause_keys: [], retry_type: 'reschedule' },
    });
    assert.deepEqual(rules.handleFlowTerminalStateTransitions(ctx({ type: 'CANCELLED' }, { type: 'RUNNING' })), { kind: 'accept', before: { resuming: false, pause_keys: [], retry_type: null } });
  });
  it('leaves terminal → terminal and non-terminal runs alone', () => {
    assert.deepEqual(rules.handleFlowTerminalStateTransitions(ctx({ type: 'FAILED' }, { type: 'COMPLETED' })), ACCEPT);
    assert.deepEqual(rules.handleFlowTerminalStateTransitions(ctx({ type: 'RUNNING' }, { type: 'CRASHED' })), ACCEPT);
  });
});

describe('PreventResultDataLoss (minimal policy)', () => {
  it('rejects replacing a persisted COMPLETED result with none, even when forced', () => {
    assert.equal(rules.preventResultDataLoss(ctx({ type: 'COMPLETED', data: persisted }, { type: 'COMPLETED' })).kind, 'reject');
  });
  it('allows everything else', () => {
    assert.deepEqual(rules.preventResultDataLoss(ctx({ type: 'COMPLETED', data: persisted }, { type: 'CRASHED' })), ACCEPT);
    assert.deepEqual(rules.preventResultDataLoss(ctx({ type: 'COMPLETED', data: persisted }, { type: 'RUNNING' })), ACCEPT);
    assert.deepEqual(rules.preventResultDataLoss(ctx({ type: 'COMPLETED' }, { type: 'COMPLETED' })), ACCEPT);
  });
});

describe('EnforceCancellingToCancelledTransition', () => {
  it('rejects CANCELLING → anything but CANCELLED', () => {
    for (const to of ['COMPLETED', 'FAILED', 'RUNNING', 'CRASHED'] as const) {
      assert.deepEqual(rules.enforceCancellingToCancelledTransition(ctx({ type: 'CANCELLING' }, { type: to })), {
        kind: 'reject',
        state: null,
        reason: 'Cannot transition flows that are cancelling to a state other than Cancelled.',
      });
    }
  });
  it('accepts CANCELLING → CANCELLED', () => {
    assert.deepEqual(rules.enforceCancellingToCancelledTransition(ctx({ type: 'CANCELLING' }, { type: 'CANCELLED' })), ACCEPT);
  });
});

describe('BypassCancellingFlowRunsWithNoInfra', () => {
  it('cancels outright a SCHEDULED run that has no infrastructure, or one Resuming', () => {
    const out = rules.bypassCancellingFlowRunsWithNoInfra(ctx({ type: 'SCHEDULED' }, { type: 'CANCELLING' }));
    assert.equal(out.kind, 'reject');
    assert.equal(out.kind === 'reject' && out.state?.type, 'CANCELLED');
    assert.equal(out.kind === 'reject' && out.reason, 'Scheduled flow run has no infrastructure to terminate.');
    assert.equal(rules.bypassCancellingFlowRunsWithNoInfra(ctx({ type: 'SCHEDULED', name: 'Resuming' }, { type: 'CANCELLING' }, { run: { infrastructure_pid: '42' } })).kind, 'reject');
  });
  it('cancels outright a suspended (pause_reschedule) run', () => {
    const out = rules.bypassCancellingFlowRunsWithNoInfra(ctx({ type: 'PAUSED', state_details: { pause_reschedule: true } }, { type: 'CANCELLING' }));
    assert.equal(out.kind === 'reject' && out.reason, 'Suspended flow run has no infrastructure to terminate.');
  });
  it('lets runs with infrastructure go through CANCELLING', () => {
    assert.deepEqual(rules.bypassCancellingFlowRunsWithNoInfra(ctx({ type: 'SCHEDULED', name: 'AwaitingRetry' }, { type: 'CANCELLING' }, { run: { infrastructure_pid: '42' } })), ACCEPT);
    assert.deepEqual(rules.bypassCancellingFlowRunsWithNoInfra(ctx({ type: 'PAUSED' }, { type: 'CANCELLING' })), ACCEPT);
    assert.deepEqual(rules.bypassCancellingFlowRunsWithNoInfra(ctx({ type: 'RUNNING' }, { type: 'CANCELLING' })), ACCEPT);
  });
});

describe('ValidateDeploymentConcurrencyAtRunning', () => {
  const pending = { type: 'PENDING' as const, state_details: { deployment_concurrency_lease_id: 'L' } };
  it('carries the lease onto the RUNNING state', () => {
    const out = rules.validateDeploymentConcurrencyAtRunning(ctx(pending, { type: 'RUNNING' }, { ...deployed, dc: dc() }));
    assert.equal(out.kind === 'accept' && out.proposed?.state_details.deployment_concurrency_lease_id, 'L');
  });
  it('takes a new slot when the lease lapsed and one is free', () => {
    const out = rules.validateDeploymentConcurrencyAtRunning(ctx(pending, { type: 'RUNNING' }, { ...deployed, dc: dc({ leaseRenewed: false, leaseId: 'L2' }) }));
    assert.equal(out.kind === 'accept' && out.proposed?.state_details.deployment_concurrency_lease_id, 'L2');
    assert.deepEqual(out.kind === 'accept' && out.effects, [{ type: 'DeploymentSlotAcquired', leaseId: 'L2' }]);
  });
  it('cancels a run whose lease lapsed when no slot is free', () => {
    const out = rules.validateDeploymentConcurrencyAtRunning(ctx(pending, { type: 'RUNNING' }, { ...deployed, dc: dc({ leaseRenewed: false, slotAvailable: false }) }));
    assert.equal(out.kind === 'reject' && out.state?.type, 'CANCELLED');
    assert.equal(out.kind === 'reject' && out.reason, 'Deployment concurrency limit reached after lease expiry.');
  });
  it('does not check leases of old clients, or without deployment context', () => {
    assert.equal(rules.validateDeploymentConcurrencyAtRunning(ctx(pending, { type: 'RUNNING' }, { ...deployed, clientVersion: '3.4.10', dc: dc({ leaseRenewed: false, slotAvailable: false }) })).kind, 'accept');
    assert.equal(rules.validateDeploymentConcurrencyAtRunning(ctx(pending, { type: 'RUNNING' }, { ...deployed, clientVersion: null, dc: dc({ leaseRenewed: false, slotAvailable: false }) })).kind, 'accept');
    assert.equal(rules.validateDeploymentConcurrencyAtRunning(ctx(pending, { type: 'RUNNING' }, deployed)).kind, 'accept');
  });
});

describe('SecureFlowConcurrencySlots', () => {
  it('takes a slot and records its lease on the PENDING state', () => {
    const out = rules.secureFlowConcurrencySlots(ctx({ type: 'SCHEDULED' }, { type: 'PENDING' }, { ...deployed, dc: dc() }));
    assert.equal(out.kind === 'accept' && out.proposed?.state_details.deployment_concurrency_lease_id, 'lease-new');
    assert.deepEqual(out.kind === 'accept' && out.effects, [{ type: 'DeploymentSlotAcquired', leaseId: 'lease-new' }]);
  });
  it('re-queues the run as AwaitingConcurrencySlot when full (ENQUEUE)', () => {
    const out = rules.secureFlowConcurrencySlots(ctx({ type: 'SCHEDULED' }, { type: 'PENDING' }, { ...deployed, dc: dc({ slotAvailable: false, slotWaitSeconds: 30 }) }));
    assert.deepEqual(out, {
      kind: 'reject',
      state: { type: 'SCHEDULED', name: 'AwaitingConcurrencySlot', message: null, data: null, state_details: { scheduled_time: at(30) } },
      reason: 'Deployment concurrency limit reached.',
    });
  });
  it('cancels the run when full (CANCEL_NEW)', () => {
    const out = rules.secureFlowConcurrencySlots(ctx({ type: 'SCHEDULED' }, { type: 'PENDING' }, { ...deployed, dc: dc({ slotAvailable: false, collisionStrategy: 'CANCEL_NEW' }) }));
    assert.equal(out.kind === 'reject' && out.state?.type, 'CANCELLED');
    assert.equal(out.kind === 'reject' && out.state?.message, 'Deployment concurrency limit reached.');
  });
  it('aborts on a limit of 0 or a missing deployment', () => {
    assert.equal(rules.secureFlowConcurrencySlots(ctx({ type: 'SCHEDULED' }, { type: 'PENDING' }, { ...deployed, dc: dc({ limit: 0 }) })).kind, 'abort');
    assert.deepEqual(rules.secureFlowConcurrencySlots(ctx({ type: 'SCHEDULED' }, { type: 'PENDING' }, { ...deployed, dc: dc({ deploymentExists: false }) })), { kind: 'abort', reason: 'Deployment not found.' });
  });
  it('does nothing without context, a deployment, a limit, for early 3.0 workers, or from PENDING', () => {
    for (const c of [
      ctx({ type: 'SCHEDULED' }, { type: 'PENDING' }, deployed),
      ctx({ type: 'SCHEDULED' }, { type: 'PENDING' }, { dc: dc({ slotAvailable: false }) }),
      ctx({ type: 'SCHEDULED' }, { type: 'PENDING' }, { ...deployed, dc: dc({ limit: null, slotAvailable: false }) }),
      ctx({ type: 'SCHEDULED' }, { type: 'PENDING' }, { ...deployed, clientVersion: '3.0.2', dc: dc({ slotAvailable: false }) }),
      ctx({ type: 'PENDING' }, { type: 'PENDING', name: 'Submitting' }, { ...deployed, dc: dc({ slotAvailable: false }) }),
    ]) {
      assert.deepEqual(rules.secureFlowConcurrencySlots(c), ACCEPT);
    }
  });
});

describe('RemoveDeploymentConcurrencyLeaseForOldClientVersions', () => {
  const pending = { type: 'PENDING' as const, state_details: { deployment_concurrency_lease_id: 'L' } };
  it('revokes the lease of a client too old to renew it', () => {
    assert.deepEqual(rules.removeDeploymentConcurrencyLeaseForOldClientVersions(ctx(pending, { type: 'RUNNING' }, { clientVersion: '3.4.10' })), {
      kind: 'accept',
      effects: [{ type: 'DeploymentLeaseRevoked', leaseId: 'L' }],
    });
    assert.equal(rules.removeDeploymentConcurrencyLeaseForOldClientVersions(ctx(pending, { type: 'CANCELLING' }, { clientVersion: null })).kind, 'accept');
  });
  it('keeps the lease of a current client, and does nothing without a lease', () => {
    assert.deepEqual(rules.removeDeploymentConcurrencyLeaseForOldClientVersions(ctx(pending, { type: 'RUNNING' }, { clientVersion: '3.4.11' })), ACCEPT);
    assert.deepEqual(rules.removeDeploymentConcurrencyLeaseForOldClientVersions(ctx({ type: 'PENDING' }, { type: 'RUNNING' }, { clientVersion: '2.20.0' })), ACCEPT);
  });
});

describe('EnsureOnlyScheduledFlowsMarkedLate', () => {
  it('marks a SCHEDULED run Late', () => {
    assert.deepEqual(rules.ensureOnlyScheduledFlowsMarkedLate(ctx({ type: 'SCHEDULED' }, { type: 'SCHEDULED', name: 'Late' })), ACCEPT);
  });
  it('refuses to mark a non-scheduled run, or one already Late', () => {
    assert.deepEqual(rules.ensureOnlyScheduledFlowsMarkedLate(ctx({ type: 'RUNNING' }, { type: 'SCHEDULED', name: 'Late' })), { kind: 'reject', state: null, reason: 'Only scheduled flows can be marked late.' });
    assert.deepEqual(rules.ensureOnlyScheduledFlowsMarkedLate(ctx({ type: 'SCHEDULED', name: 'Late' }, { type: 'SCHEDULED', name: 'Late' })), {
      kind: 'reject',
      state: null,
      reason: 'This flow run is already marked late.',
    });
  });
});

describe('HandlePausingFlows', () => {
  it('pauses a RUNNING run and records its pause key once written', () => {
    assert.deepEqual(rules.handlePausingFlows(ctx({ type: 'RUNNING' }, { type: 'PAUSED', state_details: { pause_key: 'k1' } })), { kind: 'accept', after: { pause_keys: ['k1'] } });
    assert.deepEqual(rules.handlePausingFlows(ctx({ type: 'RUNNING' }, { type: 'PAUSED' })), { kind: 'accept', after: { pause_keys: ['new-state'] } });
  });
  it('refuses to pause a run that is not RUNNING, or with a key that already fired', () => {
    assert.deepEqual(rules.handlePausingFlows(ctx({ type: 'PENDING' }, { type: 'PAUSED' })), { kind: 'reject', state: null, reason: 'Cannot pause flows that are not currently running.' });
    assert.deepEqual(rules.handlePausingFlows(ctx({ type: 'RUNNING' }, { type: 'PAUSED', name: 'Suspended', state_details: { pause_key: 'k1' } }, { run: { empirical_policy: normaliseFlowRunPolicy({ pause_keys: ['k1'] }) } })), {
      kind: 'reject',
      state: null,
      reason: 'This suspend has already fired.',
    });
  });
  it('aborts suspending a subflow or a run without a deployment', () => {
    const suspend = { type: 'PAUSED' as const, name: 'Suspended', state_details: { pause_reschedule: true } };
    assert.deepEqual(rules.handlePausingFlows(ctx({ type: 'RUNNING' }, suspend, { run: { deployment_id: 'd1', parent_task_run_id: 'tr1' } })), { kind: 'abort', reason: 'Cannot suspend subflows.' });
    assert.deepEqual(rules.handlePausingFlows(ctx({ type: 'RUNNING' }, suspend)), { kind: 'abort', reason: 'Cannot suspend flows without a deployment.' });
    assert.equal(rules.handlePausingFlows(ctx({ type: 'RUNNING' }, suspend, deployed)).kind, 'accept');
  });
});

describe('HandleResumingPausedFlows', () => {
  it('resumes to RUNNING, SCHEDULED or a final state, marking the run resuming', () => {
    for (const to of ['RUNNING', 'SCHEDULED', 'COMPLETED', 'CANCELLED'] as const) {
      assert.deepEqual(rules.handleResumingPausedFlows(ctx({ type: 'PAUSED' }, { type: to })), { kind: 'accept', after: { resuming: true } });
    }
  });
  it('refuses other states', () => {
    assert.deepEqual(rules.handleResumingPausedFlows(ctx({ type: 'PAUSED' }, { type: 'PENDING' })), {
      kind: 'reject',
      state: null,
      reason: 'This run cannot transition to the PENDING state from the PAUSED state.',
    });
  });
  it('refuses to reschedule a suspended run without a deployment', () => {
    assert.deepEqual(rules.handleResumingPausedFlows(ctx({ type: 'PAUSED', state_details: { pause_reschedule: true } }, { type: 'SCHEDULED', name: 'Resuming' })), {
      kind: 'reject',
      state: null,
      reason: 'Cannot reschedule a resuming flow run without a deployment.',
    });
  });
  it('fails a run whose pause timed out', () => {
    const out = rules.handleResumingPausedFlows(ctx({ type: 'PAUSED', state_details: { pause_timeout: at(-1) } }, { type: 'RUNNING' }));
    assert.equal(out.kind, 'reject');
    assert.deepEqual(out.kind === 'reject' && out.state, { type: 'FAILED', name: 'Failed', message: 'The flow was running and never resumed.', data: null, state_details: {} });
    assert.equal(out.kind === 'reject' && out.reason, 'The flow run pause has timed out and can no longer resume.');
    assert.equal(rules.handleResumingPausedFlows(ctx({ type: 'PAUSED', state_details: { pause_timeout: at(60) } }, { type: 'RUNNING' })).kind, 'accept');
  });
});

describe('RetryFailedFlows', () => {
  const policy = (retries: number | null, retry_delay: number | null = null) => ({ empirical_policy: normaliseFlowRunPolicy({ retries, retry_delay, pause_keys: ['p'] }) });
  it('turns a failure with retries left into AwaitingRetry, keeping message and data', () => {
    const out = rules.retryFailedFlows(ctx({ type: 'RUNNING' }, { type: 'FAILED', message: 'boom', data: { type: 'unpersisted' } }, { run: { ...policy(2, 10), run_count: 2 } }));
    assert.deepEqual(out, {
      kind: 'reject',
      state: { type: 'SCHEDULED', name: 'AwaitingRetry', message: 'boom', data: { type: 'unpersisted' }, state_details: { scheduled_time: at(10) } },
      reason: 'Retrying',
      before: { resuming: false, pause_keys: [], retry_type: 'in_process' },
    });
  });
  it('lets the failure stand once retries are used up, or without retries, clearing the retry type', () => {
    assert.deepEqual(rules.retryFailedFlows(ctx({ type: 'RUNNING' }, { type: 'FAILED' }, { run: { ...policy(2), run_count: 3 } })), { kind: 'accept', before: { retry_type: null } });
    assert.deepEqual(rules.retryFailedFlows(ctx({ type: 'RUNNING' }, { type: 'FAILED' }, { run: { ...policy(null), run_count: 1 } })), { kind: 'accept', before: { retry_type: null } });
    assert.deepEqual(rules.retryFailedFlows(ctx({ type: 'RUNNING' }, { type: 'FAILED' }, { run: { ...policy(0), run_count: 1 } })), { kind: 'accept', before: { retry_type: null } });
  });
  it('only governs RUNNING → FAILED', () => {
    assert.deepEqual(rules.retryFailedFlows(ctx({ type: 'PENDING' }, { type: 'FAILED' }, { run: { ...policy(3), run_count: 0 } })), ACCEPT);
    assert.deepEqual(rules.retryFailedFlows(ctx({ type: 'RUNNING' }, { type: 'CRASHED' }, { run: { ...policy(3), run_count: 1 } })), ACCEPT);
  });
});

describe('ReleaseFlowConcurrencySlots', () => {
  it('gives the slot back when the run leaves PENDING/RUNNING/CANCELLING', () => {
    const c = ctx({ type: 'RUNNING', state_details: { deployment_concurrency_lease_id: 'L' } }, { type: 'COMPLETED' }, deployed);
    assert.deepEqual(rules.releaseFlowConcurrencySlots(c), { kind: 'accept', effects: [{ type: 'DeploymentSlotReleased', leaseId: 'L' }] });
    assert.deepEqual(rules.releaseFlowConcurrencySlots(ctx({ type: 'RUNNING' }, { type: 'FAILED' }, { ...deployed, dc: dc() })), { kind: 'accept', effects: [{ type: 'DeploymentSlotReleased', leaseId: null }] });
  });
  it('does nothing while the run keeps its slot, without a deployment, or with nothing to release', () => {
    assert.deepEqual(rules.releaseFlowConcurrencySlots(ctx({ type: 'PENDING', state_details: { deployment_concurrency_lease_id: 'L' } }, { type: 'RUNNING' }, deployed)), ACCEPT);
    assert.deepEqual(rules.releaseFlowConcurrencySlots(ctx({ type: 'RUNNING', state_details: { deployment_concurrency_lease_id: 'L' } }, { type: 'COMPLETED' })), ACCEPT);
    assert.deepEqual(rules.releaseFlowConcurrencySlots(ctx({ type: 'RUNNING' }, { type: 'COMPLETED' }, deployed)), ACCEPT);
    assert.deepEqual(rules.releaseFlowConcurrencySlots(ctx({ type: 'SCHEDULED' }, { type: 'CANCELLED' }, { ...deployed, dc: dc() })), ACCEPT);
  });
});
