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
