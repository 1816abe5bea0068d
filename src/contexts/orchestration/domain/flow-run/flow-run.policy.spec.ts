import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CoreFlowPolicy, MinimalFlowPolicy } from './flow-run.policy';

describe('flow-run policies', () => {
  it('CoreFlowPolicy runs the rules in Prefect priority order', () => {
    assert.deepEqual(
      CoreFlowPolicy.map((r) => r.name),
      [
        'PreserveDeploymentConcurrencyLeaseId',
        'PreventDuplicateTransitions',
        'HandleFlowTerminalStateTransitions',
        'EnforceCancellingToCancelledTransition',
        'BypassCancellingFlowRunsWithNoInfra',
        'PreventPendingTransitions',
        'ValidateDeploymentConcurrencyAtRunning',
        'SecureFlowConcurrencySlots',
        'RemoveDeploymentConcurrencyLeaseForOldClientVersions',
        'EnsureOnlyScheduledFlowsMarkedLate',
        'HandlePausingFlows',
        'HandleResumingPausedFlows',
        'CopyScheduledTime',
        'WaitForScheduledTime',
        'RetryFailedFlows',
        'InstrumentFlowRunStateTransitions',
        'ReleaseFlowConcurrencySlots',
      ],
    );
    assert.deepEqual(
      CoreFlowPolicy.filter((r) => r.universal).map((r) => r.name),
      ['PreserveDeploymentConcurrencyLeaseId', 'InstrumentFlowRunStateTransitions', 'ReleaseFlowConcurrencySlots'],
    );
  });

  it('MinimalFlowPolicy (force=true) keeps only the result-loss guard, the no-infra bypass and slot release', () => {
    assert.deepEqual(
      MinimalFlowPolicy.map((r) => r.name),
      ['PreventResultDataLoss', 'BypassCancellingFlowRunsWithNoInfra', 'InstrumentFlowRunStateTransitions', 'ReleaseFlowConcurrencySlots'],
    );
  });
});
