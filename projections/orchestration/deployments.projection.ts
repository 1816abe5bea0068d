import type { EventMetadata, Projection, RecordedEvent } from '../../src/shared/ddd';
import { DEPLOYMENT_EVENT_TYPES, DEPLOYMENTS, type DeploymentDoc, type DeploymentEvent, type DeploymentSchedule, type DeploymentScheduleDoc, type DeploymentSettings } from '../../src/contexts/orchestration';

/** Prefect's CreatedBy/UpdatedBy from the event's actor. */
function by(meta: EventMetadata) {
  return { id: meta.actor.id, type: meta.actor.type.toUpperCase(), display_value: meta.actor.name };
}

function scheduleDocs(deploymentId: string, schedules: readonly DeploymentSchedule[]): DeploymentScheduleDoc[] {
  // Prefect lists a deployment's schedules most recently updated first (ties keep their order).
  return [...schedules]
    .sort((a, b) => (a.updated === b.updated ? 0 : a.updated < b.updated ? 1 : -1))
    .map((s) => ({
      id: s.id,
      created: s.created,
      updated: s.updated,
      deployment_id: deploymentId,
      schedule: { ...s.schedule } as DeploymentScheduleDoc['schedule'],
      active: s.active,
      max_scheduled_runs: s.max_scheduled_runs,
      parameters: { ...s.parameters },
      slug: s.slug,
    }));
}

function settingsFields(s: Partial<DeploymentSettings>): Partial<DeploymentDoc> {
  const out = JSON.parse(JSON.stringify(s)) as Partial<DeploymentDoc>;
  if (s.tags !== undefined) out.tags_count = s.tags.length;
  return out;
}

export const deploymentsProjection: Projection<DeploymentDoc> = {
  name: 'deployments',
  version: 1,
  collection: DEPLOYMENTS,
  indexes: [
    { name: 'deployments_scope_name', fields: [{ field: '_workspace' }, { field: 'name' }] },
    { name: 'deployments_scope_flow', fields: [{ field: '_workspace' }, { field: 'flow_id' }] },
  ],
  eventTypes: DEPLOYMENT_EVENT_TYPES,
  keys: (e) => [(e.data as { deploymentId: string }).deploymentId],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as DeploymentEvent;
    const meta = event.metadata as EventMetadata;
    switch (e.type) {
      case 'DeploymentCreated': {
        const d = e.data;
        return {
          ...(settingsFields(d.settings) as DeploymentDoc),
          _id: d.deploymentId,
          _account: meta.accountId,
          _workspace: meta.workspaceId,
          id: d.deploymentId,
          created: d.createdAt,
          updated: d.createdAt,
          schedules: scheduleDocs(d.deploymentId, d.schedules),
          schedule_generation: d.schedule_generation,
          created_by: by(meta),
          updated_by: by(meta),
        };
      }
      case 'DeploymentUpdated': {
        if (!doc) return doc;
        const d = e.data;
        return {
          ...doc,
          ...settingsFields(d.changes),
          ...(d.schedules ? { schedules: scheduleDocs(d.deploymentId, d.schedules) } : {}),
          schedule_generation: d.schedule_generation,
          updated: d.updatedAt,
          updated_by: by(meta),
        };
      }
      case 'DeploymentDeleted':
        return undefined;
      default:
        return doc;
    }
  },
};

/** The deployments read models. */
export const deploymentsProjections: readonly Projection[] = [deploymentsProjection as unknown as Projection];
