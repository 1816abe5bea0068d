import type { SampleEvent } from './sample-event';

const at = '2026-11-27T10:00:00.000000Z';
const later = '2026-11-27T10:00:01.000000Z';
const triggering = { id: 'ev1', occurred: at, received: at, event: 'prefect.flow-run.Failed', resource: { 'prefect.resource.id': 'prefect.flow-run.r1' }, related: [], payload: {} };

/** Sample events with the real shapes, for the projections spec (every projection must build a document from them). */
export const automationsSamples: SampleEvent[] = [
  [
    'automationFiring-f1',
    'AutomationTriggered',
    {
      firingId: 'f1',
      automationId: 'au1',
      automationName: 'on-failure',
      triggerId: 't1',
      bucketKey: '[]',
      occasion: 'ev1',
      posture: 'Reactive',
      triggeringEvent: triggering,
      triggeringLabels: {},
      actions: [{ type: 'run-deployment', source: 'selected', deployment_id: 'd1', parameters: null, job_variables: null, schedule_after: 0 }, { type: 'do-nothing' }],
      at,
    },
  ],
  ['automationAction-a1', 'AutomationActionExecuted', { firingId: 'f1', automationId: 'au1', actionIndex: 0, actionType: 'run-deployment', related: [{ 'prefect.resource.id': 'prefect.flow-run.r2', 'prefect.resource.role': 'flow-run' }], reason: null, at: later }],
  ['automationAction-a2', 'AutomationActionFailed', { firingId: 'f1', automationId: 'au1', actionIndex: 1, actionType: 'do-nothing', related: [], reason: 'sample refusal', at: later }],
];
