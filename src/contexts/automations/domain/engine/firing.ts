import type { ActionSpec } from '../automation/automation-spec';
import type { EngineEvent } from './resource-match';

/**
 * The engine's own events in the event store. A firing lives on its own stream
 * (`automationFiring-<firing id>`, appended with `no_stream`), so evaluating the same event twice
 * records it once; each action's outcome lives on `automationAction-<firing id, action index>`.
 */
export interface AutomationTriggeredData {
  readonly firingId: string;
  readonly automationId: string;
  readonly automationName: string;
  readonly triggerId: string;
  readonly bucketKey: string;
  /** The triggering event id, or `window:<start>` for a proactive window, or the children's fires. */
  readonly occasion: string;
  readonly posture: 'Reactive' | 'Proactive' | 'Metric';
  readonly triggeringEvent: EngineEvent | null;
  readonly triggeringLabels: Readonly<Record<string, string>>;
  /** The actions to run, as configured when it fired (`actions` then `actions_on_trigger`). */
  readonly actions: readonly ActionSpec[];
  readonly at: string;
}

export interface AutomationActionOutcomeData {
  readonly firingId: string;
  readonly automationId: string;
  readonly actionIndex: number;
  readonly actionType: string;
  /** Resources the action touched (e.g. the flow run it created), Prefect-style labels. */
  readonly related: readonly Readonly<Record<string, string>>[];
  readonly reason: string | null;
  readonly at: string;
}

export type AutomationEngineEvent =
  | { readonly type: 'AutomationTriggered'; readonly data: AutomationTriggeredData }
  | { readonly type: 'AutomationActionExecuted'; readonly data: AutomationActionOutcomeData }
  | { readonly type: 'AutomationActionFailed'; readonly data: AutomationActionOutcomeData };

export const FIRING_NAMESPACE = 'praetor:automation-firing';
export const ACTION_NAMESPACE = 'praetor:automation-action';
export const LIFECYCLE_NAMESPACE = 'praetor:automation-lifecycle';
