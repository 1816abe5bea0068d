export type { AutomationEvent } from './domain/automation/automation';
export type { ActionSpec, AutomationSpec, TriggerSpec } from './domain/automation/automation-spec';
export type { AutomationEngineEvent, AutomationTriggeredData, AutomationActionOutcomeData } from './domain/engine/firing';
export { relatedResourceIds } from './domain/automation/automation-spec';
export * from './read-models';
export { AutomationsModule } from './automations.module';
