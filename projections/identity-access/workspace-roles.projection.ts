import type { Projection, RecordedEvent } from '../../src/shared/ddd';
import { WORKSPACE_ROLES, type WorkspaceRoleDoc, type WorkspaceRoleEvent } from '../../src/contexts/identity-access';

/** Custom workspace roles, one document per role; a deleted role's document goes away. */
export const workspaceRolesProjection: Projection<WorkspaceRoleDoc> = {
  name: 'workspace_roles',
  version: 1,
  collection: WORKSPACE_ROLES,
  indexes: [{ name: 'workspace_roles_account', fields: [{ field: '_account' }, { field: 'name' }] }],
  eventTypes: ['WorkspaceRoleCreated', 'WorkspaceRoleUpdated', 'WorkspaceRoleDeleted'],
  keys: (e) => [(e.data as WorkspaceRoleEvent['data']).roleId],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as WorkspaceRoleEvent;
    switch (e.type) {
      case 'WorkspaceRoleCreated':
      case 'WorkspaceRoleUpdated': {
        const at = e.type === 'WorkspaceRoleCreated' ? e.data.createdAt : e.data.updatedAt;
        return {
          _id: e.data.roleId,
          _account: e.data.accountId,
          _workspace: null,
          name: e.data.name,
          description: e.data.description,
          scopes: [...e.data.scopes],
          account_id: e.data.accountId,
          inherited_role_id: e.data.inheritedRoleId,
          created: doc?.created ?? at,
          updated: at,
        };
      }
      case 'WorkspaceRoleDeleted':
        return undefined;
      default:
        return doc;
    }
  },
};

/** The workspace-roles read models. */
export const workspaceRolesProjections: readonly Projection[] = [workspaceRolesProjection as unknown as Projection];
