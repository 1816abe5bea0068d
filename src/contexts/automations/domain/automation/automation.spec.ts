import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { automationDecider, type AutomationEvent } from './automation';
import type { AutomationSpec } from './automation-spec';

const spec = deciderSpec(automationDecider);
const now = '2026-11-27T10:00:00.000000Z';
const later = '2026-11-27T11:00:00.000000Z';
const automation: AutomationSpec = {
  name: 'on failure',
  description: '',
  enabled: true,
  tags: [],
  trigger: { type: 'event', id: 't1', match: {}, match_related: {}, after: [], expect: ['prefect.flow-run.Failed'], for_each: [], posture: 'Reactive', threshold: 1, within: 0 },
  actions: [{ type: 'do-nothing' }],
  actions_on_trigger: [],
  actions_on_resolve: [],
};
const created: AutomationEvent = { type: 'AutomationCreated', data: { automationId: 'a1', automation, ownerResource: null, at: now } };

describe('automation decider', () => {
  it('creates once; a retried create decides nothing', () => {
    spec.given([]).when({ type: 'CreateAutomation', data: { automationId: 'a1', automation, ownerResource: null, now } }).then([created]);
    spec.given([created]).when({ type: 'CreateAutomation', data: { automationId: 'a1', automation, ownerResource: null, now } }).thenNothing();
  });

  it('replaces the configuration, but a PUT of the same configuration (new trigger ids only) decides nothing', () => {
    const renamed = { ...automation, name: 'renamed' };
    spec.given([created]).when({ type: 'UpdateAutomation', data: { automation: renamed, now: later } }).then([{ type: 'AutomationUpdated', data: { automationId: 'a1', automation: renamed, at: later } }]);
    spec.given([created]).when({ type: 'UpdateAutomation', data: { automation: { ...automation, trigger: { ...automation.trigger, id: 't9' } }, now: later } }).thenNothing();
  });

  it('enables and disables, deciding nothing when already so', () => {
    spec.given([created]).when({ type: 'SetAutomationEnabled', data: { enabled: false, now: later } }).then([{ type: 'AutomationEnabledChanged', data: { automationId: 'a1', enabled: false, at: later } }]);
    spec.given([created]).when({ type: 'SetAutomationEnabled', data: { enabled: true, now: later } }).thenNothing();
  });

  it('deletes; a deleted or unknown automation is not found', () => {
    spec.given([created]).when({ type: 'DeleteAutomation', data: { now: later } }).then([{ type: 'AutomationDeleted', data: { automationId: 'a1', at: later } }]);
    spec.given([created, { type: 'AutomationDeleted', data: { automationId: 'a1', at: later } }]).when({ type: 'SetAutomationEnabled', data: { enabled: false, now: later } }).thenThrows('NOT_FOUND');
    spec.given([]).when({ type: 'UpdateAutomation', data: { automation, now } }).thenThrows('NOT_FOUND');
  });
});
