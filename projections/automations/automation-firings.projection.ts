import type { Projection, RecordedEvent } from '../../src/shared/ddd';
import { AUTOMATION_FIRINGS, type AutomationEngineEvent, type AutomationFiringDoc } from '../../src/contexts/automations';

/**
 * What each automation firing did: when and why it fired, and each action's outcome (pending until the
 * executor records it). Fed by the engine's own events, so it can be rebuilt like any read model.
 */
export const automationFiringsProjection: Projection<AutomationFiringDoc> = {
  name: 'automation-firings',
  version: 1,
  collection: AUTOMATION_FIRINGS,
  indexes: [{ name: 'automation_firings_scope_automation', fields: [{ field: '_workspace' }, { field: 'automation_id' }, { field: 'triggered' }] }],
  eventTypes: ['AutomationTriggered', 'AutomationActionExecuted', 'AutomationActionFailed'],
  keys: (e) => [(e.data as { firingId: string }).firingId],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as AutomationEngineEvent;
    const meta = event.metadata as { accountId?: string | null; workspaceId?: string | null };
    switch (e.type) {
      case 'AutomationTriggered': {
        const d = e.data;
        return {
          _id: d.firingId,
          _account: meta.accountId ?? null,
          _workspace: meta.workspaceId ?? null,
          id: d.firingId,
          automation_id: d.automationId,
          trigger_id: d.triggerId,
          posture: d.posture,
          triggered: d.at,
          triggering_labels: { ...d.triggeringLabels },
          triggering_event_id: d.triggeringEvent?.id ?? null,
          actions: d.actions.map((a, index) => ({ index, type: a.type, status: doc?.actions[index]?.status ?? 'pending', reason: doc?.actions[index]?.reason ?? null, related: doc?.actions[index]?.related ?? [] })),
        };
      }
      case 'AutomationActionExecuted':
      case 'AutomationActionFailed': {
        const d = e.data;
        const base: AutomationFiringDoc = doc ?? {
          _id: d.firingId,
          _account: meta.accountId ?? null,
          _workspace: meta.workspaceId ?? null,
          id: d.firingId,
          automation_id: d.automationId,
          trigger_id: null,
          posture: null,
          triggered: null,
          triggering_labels: {},
          triggering_event_id: null,
          actions: [],
        };
        const actions = [...base.actions];
        while (actions.length <= d.actionIndex) actions.push({ index: actions.length, type: d.actionType, status: 'pending', reason: null, related: [] });
        actions[d.actionIndex] = { index: d.actionIndex, type: d.actionType, status: e.type === 'AutomationActionExecuted' ? 'executed' : 'failed', reason: d.reason, related: d.related.map((r) => ({ ...r })) };
        return { ...base, actions };
      }
      default:
        return doc;
    }
  },
};
