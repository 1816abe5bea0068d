import type { PolicyRule } from '../transition/rule';
import { copyScheduledTime, preventPendingTransitions, waitForScheduledTime } from '../transition/shared-rules';
import type { DeploymentConcurrencyEffect } from './flow-run.events';
import {
  bypassCancellingFlowRunsWithNoInfra,
  enforceCancellingToCancelledTransition,
  ensureOnlyScheduledFlowsMarkedLate,
  handleFlowTerminalStateTransitions,
  handlePausingFlows,
  handleResumingPausedFlows,
  instrumentFlowRunStateTransitions,
  preserveDeploymentConcurrencyLeaseId,
  preventDuplicateTransitions,
  preventResultDataLoss,
  releaseFlowConcurrencySlots,
  removeDeploymentConcurrencyLeaseForOldClientVersions,
  retryFailedFlows,
  secureFlowConcurrencySlots,
  validateDeploymentConcurrencyAtRunning,
  type FlowRuleContext,
  type FlowRunPolicyChange,
} from './flow-run.rules';

export type FlowPolicy = readonly PolicyRule<FlowRuleContext, FlowRunPolicyChange, DeploymentConcurrencyEffect>[];

/** Prefect's CoreFlowPolicy, in its priority order (force=false). */
export const CoreFlowPolicy: FlowPolicy = [
  { name: 'PreserveDeploymentConcurrencyLeaseId', universal: true, apply: preserveDeploymentConcurrencyLeaseId },
  { name: 'PreventDuplicateTransitions', apply: preventDuplicateTransitions },
  { name: 'HandleFlowTerminalStateTransitions', apply: handleFlowTerminalStateTransitions },
  { name: 'EnforceCancellingToCancelledTransition', apply: enforceCancellingToCancelledTransition },
  { name: 'BypassCancellingFlowRunsWithNoInfra', apply: bypassCancellingFlowRunsWithNoInfra },
  { name: 'PreventPendingTransitions', apply: preventPendingTransitions },
  { name: 'ValidateDeploymentConcurrencyAtRunning', apply: validateDeploymentConcurrencyAtRunning },
  { name: 'SecureFlowConcurrencySlots', apply: secureFlowConcurrencySlots },
  { name: 'RemoveDeploymentConcurrencyLeaseForOldClientVersions', apply: removeDeploymentConcurrencyLeaseForOldClientVersions },
  { name: 'EnsureOnlyScheduledFlowsMarkedLate', apply: ensureOnlyScheduledFlowsMarkedLate },
  { name: 'HandlePausingFlows', apply: handlePausingFlows },
  { name: 'HandleResumingPausedFlows', apply: handleResumingPausedFlows },
  { name: 'CopyScheduledTime', apply: copyScheduledTime },
  { name: 'WaitForScheduledTime', apply: waitForScheduledTime },
  { name: 'RetryFailedFlows', apply: retryFailedFlows },
  { name: 'InstrumentFlowRunStateTransitions', universal: true, apply: instrumentFlowRunStateTransitions },
  { name: 'ReleaseFlowConcurrencySlots', universal: true, apply: releaseFlowConcurrencySlots },
];

/**
 * Prefect's MinimalFlowPolicy (force=true): crashes, cancellations and resets go through, except
 * that a persisted result is never lost and a run without infrastructure skips CANCELLING.
 */
export const MinimalFlowPolicy: FlowPolicy = [
  { name: 'PreventResultDataLoss', apply: preventResultDataLoss },
  { name: 'BypassCancellingFlowRunsWithNoInfra', apply: bypassCancellingFlowRunsWithNoInfra },
  { name: 'InstrumentFlowRunStateTransitions', universal: true, apply: instrumentFlowRunStateTransitions },
  { name: 'ReleaseFlowConcurrencySlots', universal: true, apply: releaseFlowConcurrencySlots },
];
