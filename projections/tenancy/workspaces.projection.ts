import type { Projection, RecordedEvent } from '../../src/shared/ddd';
import { WORKSPACES, WORKSPACE_ACCESS, workspaceAccessId, type WorkspaceAccessDoc, type WorkspaceDoc, type WorkspaceEvent } from '../../src/contexts/tenancy';

export const workspacesProjection: Projection<WorkspaceDoc> = {
  name: 'workspaces',
  version: 2,
  collection: WORKSPACES,
  indexes: [{ name: 'workspaces_account', fields: [{ field: '_account' }, { field: 'handle' }] }],
  eventTypes: ['WorkspaceCreated', 'WorkspaceUpdated', 'WorkspaceDeleted'],
  keys: (e) => [(e.data as WorkspaceEvent['data']).workspaceId],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as WorkspaceEvent;
    switch (e.type) {
      case 'WorkspaceCreated':
        return {
          _id: e.data.workspaceId,
          _account: e.data.accountId,
          _workspace: e.data.workspaceId,
          account_id: e.data.accountId,
          name: e.data.name,
          handle: e.data.handle,
          description: e.data.description,
          default_workspace_role: e.data.defaultWorkspaceRole ?? null,
          is_public: e.data.isPublic ?? false,
          created: e.data.createdAt,
          updated: e.data.createdAt,
        };
      case 'WorkspaceUpdated': {
        if (!doc) return doc;
        const c = e.data.changes;
        return {
          ...doc,
          ...(c.name !== undefined ? { name: c.name } : {}),
          ...(c.handle !== undefined ? { handle: c.handle } : {}),
          ...(c.description !== undefined ? { description: c.description } : {}),
          ...(c.defaultWorkspaceRole !== undefined ? { default_workspace_role: c.defaultWorkspaceRole } : {}),
          ...(c.isPublic !== undefined ? { is_public: c.isPublic } : {}),
          updated: e.data.updatedAt,
        };
      }
      case 'WorkspaceDeleted':
        return undefined;
      default:
        return doc;
    }
  },
};

export const workspaceAccessProjection: Projection<WorkspaceAccessDoc> = {
  name: 'workspace_access',
  version: 1,
  collection: WORKSPACE_ACCESS,
  indexes: [
    { name: 'workspace_access_actor', fields: [{ field: 'actor_id' }] },
    { name: 'workspace_access_scope', fields: [{ field: '_account' }, { field: '_workspace' }] },
  ],
  eventTypes: ['WorkspaceAccessGranted', 'WorkspaceAccessRevoked'],
  keys: (e) => {
    const d = e.data as { workspaceId: string; actorId: string };
    return [workspaceAccessId(d.workspaceId, d.actorId)];
  },
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as WorkspaceEvent;
    if (e.type === 'WorkspaceAccessRevoked') return undefined;
    if (e.type !== 'WorkspaceAccessGranted') return doc;
    return {
      _id: workspaceAccessId(e.data.workspaceId, e.data.actorId),
      _account: e.data.accountId,
      _workspace: e.data.workspaceId,
      workspace_id: e.data.workspaceId,
      account_id: e.data.accountId,
      actor_type: e.data.actorType,
      actor_id: e.data.actorId,
      workspace_role_name: e.data.role,
      created: doc?.created ?? e.data.grantedAt,
    };
  },
};
