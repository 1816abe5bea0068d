import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BackgroundTaskPolicy, CoreTaskPolicy, MinimalTaskPolicy } from './task-run.policy';

describe('task-run policies', () => {
  it('CoreTaskPolicy runs the rules in Prefect priority order', () => {
    assert.deepEqual(
      CoreTaskPolicy.map((r) => r.name),
      [
        'CacheRetrieval',
        'HandleTaskTerminalStateTransitions',
        'PreventRunningTasksFromStoppedFlows',
        'SecureTaskConcurrencySlots',
        'CopyScheduledTime',
        'WaitForScheduledTime',
        'RetryFailedTasks',
        'RenameReruns',
        'UpdateFlowRunTrackerOnTasks',
        'CacheInsertion',
        'ReleaseTaskConcurrencySlots',
      ],
    );
  });
  it('BackgroundTaskPolicy adds pending protection and parameter ids; Minimal only releases slots', () => {
    assert.deepEqual(BackgroundTaskPolicy.map((r) => r.name).slice(0, 5), ['PreventPendingTransitions', 'CacheRetrieval', 'HandleTaskTerminalStateTransitions', 'CopyScheduledTime', 'CopyTaskParametersID']);
    assert.ok(!BackgroundTaskPolicy.some((r) => r.name === 'SecureTaskConcurrencySlots'));
    assert.deepEqual(MinimalTaskPolicy.map((r) => r.name), ['ReleaseTaskConcurrencySlots']);
  });
});
