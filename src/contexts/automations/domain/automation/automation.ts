import type { Decider } from '../../../../shared/ddd';
import { NotFoundError } from '../../../../shared/errors';
import type { AutomationSpec } from './automation-spec';

/**
 * An automation's configuration: created, replaced (PUT), enabled or disabled (PATCH), deleted.
 * Evaluating its trigger and running its actions is the automations engine's job, fed by the
 * event stream; this aggregate only records what the user configured.
 */
export type AutomationEvent =
  | { readonly type: 'AutomationCreated'; readonly data: { readonly automationId: string; readonly automation: AutomationSpec; readonly ownerResource: string | null; readonly at: string } }
  | { readonly type: 'AutomationUpdated'; readonly data: { readonly automationId: string; readonly automation: AutomationSpec; readonly at: string } }
  | { readonly type: 'AutomationEnabledChanged'; readonly data: { readonly automationId: string; readonly enabled: boolean; readonly at: string } }
  | { readonly type: 'AutomationDeleted'; readonly data: { readonly automationId: string; readonly at: string } };

export type AutomationCommand =
  | { readonly type: 'CreateAutomation'; readonly data: { readonly automationId: string; readonly automation: AutomationSpec; readonly ownerResource: string | null; readonly now: string } }
  | { readonly type: 'UpdateAutomation'; readonly data: { readonly automation: AutomationSpec; readonly now: string } }
  | { readonly type: 'SetAutomationEnabled'; readonly data: { readonly enabled: boolean; readonly now: string } }
  | { readonly type: 'DeleteAutomation'; readonly data: { readonly now: string } };

export type AutomationState =
  | { readonly status: 'absent' }
  | { readonly status: 'active'; readonly automationId: string; readonly automation: AutomationSpec }
  | { readonly status: 'deleted' };

/** Trigger ids are assigned on every write, so two specs are the same when all but those ids agree. */
function sameConfiguration(a: AutomationSpec, b: AutomationSpec): boolean {
  const withoutIds = (s: AutomationSpec) => JSON.stringify(s, (key, value: unknown) => (key === 'id' ? undefined : value));
  return withoutIds(a) === withoutIds(b);
}

function active(state: AutomationState) {
  if (state.status !== 'active') throw new NotFoundError('Automation not found');
  return state;
}

export const automationDecider: Decider<AutomationState, AutomationCommand, AutomationEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve(state, event) {
    switch (event.type) {
      case 'AutomationCreated':
        return { status: 'active', automationId: event.data.automationId, automation: event.data.automation };
      case 'AutomationUpdated':
        return state.status === 'active' ? { ...state, automation: event.data.automation } : state;
      case 'AutomationEnabledChanged':
        return state.status === 'active' ? { ...state, automation: { ...state.automation, enabled: event.data.enabled } } : state;
      case 'AutomationDeleted':
        return { status: 'deleted' };
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'CreateAutomation': {
        // The id is the caller's: a repeated create (a retried request) decides nothing.
        if (state.status !== 'absent') return [];
        const c = command.data;
        return [{ type: 'AutomationCreated', data: { automationId: c.automationId, automation: c.automation, ownerResource: c.ownerResource, at: c.now } }];
      }
      case 'UpdateAutomation': {
        const s = active(state);
        if (sameConfiguration(s.automation, command.data.automation)) return [];
        return [{ type: 'AutomationUpdated', data: { automationId: s.automationId, automation: command.data.automation, at: command.data.now } }];
      }
      case 'SetAutomationEnabled': {
        const s = active(state);
        if (s.automation.enabled === command.data.enabled) return [];
        return [{ type: 'AutomationEnabledChanged', data: { automationId: s.automationId, enabled: command.data.enabled, at: command.data.now } }];
      }
      case 'DeleteAutomation': {
        const s = active(state);
        return [{ type: 'AutomationDeleted', data: { automationId: s.automationId, at: command.data.now } }];
      }
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};
