import type { Document } from '../../../shared/ddd';
import type { ActionSpec, TriggerSpec } from '../domain/automation/automation-spec';

export const AUTOMATIONS = 'automations';

/** Prefect's Automation (prefect-api.md §6.9) plus reserved fields and what filters need. */
export interface AutomationDoc extends Document {
  id: string;
  created: string;
  updated: string;
  name: string;
  description: string;
  enabled: boolean;
  tags: string[];
  tags_count: number;
  trigger: TriggerSpec;
  actions: ActionSpec[];
  actions_on_trigger: ActionSpec[];
  actions_on_resolve: ActionSpec[];
  owner_resource: string | null;
  /** Prefect's automation_related_resources: the owner and the deployments its actions run. */
  related_resources: string[];
}

export const AUTOMATION_FIRINGS = 'automation_firings';

/** One firing of an automation and the outcome of each of its actions. */
export interface AutomationFiringDoc extends Document {
  id: string;
  automation_id: string;
  trigger_id: string | null;
  posture: string | null;
  triggered: string | null;
  triggering_labels: Record<string, string>;
  triggering_event_id: string | null;
  actions: { index: number; type: string; status: 'pending' | 'executed' | 'failed'; reason: string | null; related: Record<string, string>[] }[];
}
