import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { BUILT_IN_ROLE_IDS } from '../roles/workspace-roles';
import { workspaceRolesDecider, type WorkspaceRoleEvent } from './workspace-role';

const spec = deciderSpec(workspaceRolesDecider);
const now = '2026-11-27T10:00:00.000000Z';
const later = '2026-11-27T11:00:00.000000Z';
const create = { roleId: 'r1', accountId: 'a1', name: 'Auditor', description: 'reads runs', scopes: ['see_flows'], inheritedRoleId: null, now };
const created: WorkspaceRoleEvent = {
  type: 'WorkspaceRoleCreated',
  data: { roleId: 'r1', accountId: 'a1', name: 'Auditor', description: 'reads runs', scopes: ['see_flows'], inheritedRoleId: null, createdAt: now },
};

describe('workspace roles decider', () => {
  it('creates a role with its scopes expanded (manage_x brings see_x)', () =>
    spec
      .given([])
      .when({ type: 'CreateWorkspaceRole', data: { ...create, scopes: ['manage_variables'] } })
      .then([{ ...created, data: { ...created.data, scopes: ['see_variables', 'write_variables', 'manage_variables'] } } as WorkspaceRoleEvent]));
  it('refuses unknown scopes (422) and a name already used in the account or by a built-in role (409)', () => {
    spec.given([]).when({ type: 'CreateWorkspaceRole', data: { ...create, scopes: ['see_flows', 'fly_rockets'] } }).thenThrows('VALIDATION_FAILED', /fly_rockets/);
    spec.given([created]).when({ type: 'CreateWorkspaceRole', data: { ...create, roleId: 'r2', name: 'auditor' } }).thenThrows('ALREADY_EXISTS');
    spec.given([]).when({ type: 'CreateWorkspaceRole', data: { ...create, name: 'Developer' } }).thenThrows('ALREADY_EXISTS');
    spec.given([]).when({ type: 'CreateWorkspaceRole', data: { ...create, name: '  ' } }).thenThrows('VALIDATION_FAILED');
  });
  it('inherits only a built-in role, named or by id, and records its id', () => {
    spec
      .given([])
      .when({ type: 'CreateWorkspaceRole', data: { ...create, inheritedRoleId: 'viewer' } })
      .then([{ ...created, data: { ...created.data, inheritedRoleId: BUILT_IN_ROLE_IDS.viewer } } as WorkspaceRoleEvent]);
    spec.given([created]).when({ type: 'CreateWorkspaceRole', data: { ...create, roleId: 'r2', name: 'Other', inheritedRoleId: 'r1' } }).thenThrows('VALIDATION_FAILED');
  });
  it('creating the same role again decides nothing', () => spec.given([created]).when({ type: 'CreateWorkspaceRole', data: create }).thenNothing());
  it('updates what changed; an update that changes nothing decides nothing', () => {
    spec
      .given([created])
      .when({ type: 'UpdateWorkspaceRole', data: { roleId: 'r1', accountId: 'a1', scopes: ['see_flows', 'see_blocks'], now: later } })
      .then([
        {
          type: 'WorkspaceRoleUpdated',
          data: { roleId: 'r1', accountId: 'a1', name: 'Auditor', description: 'reads runs', scopes: ['see_flows', 'see_blocks'], inheritedRoleId: null, updatedAt: later },
        },
      ]);
    spec.given([created]).when({ type: 'UpdateWorkspaceRole', data: { roleId: 'r1', accountId: 'a1', name: 'Auditor', scopes: ['see_flows'], now: later } }).thenNothing();
  });
  it('renaming onto another role of the account is a conflict; a missing role is not found', () => {
    const other: WorkspaceRoleEvent = { type: 'WorkspaceRoleCreated', data: { ...created.data, roleId: 'r2', name: 'Runner+' } };
    spec.given([created, other]).when({ type: 'UpdateWorkspaceRole', data: { roleId: 'r2', accountId: 'a1', name: 'AUDITOR', now } }).thenThrows('ALREADY_EXISTS');
    spec.given([]).when({ type: 'UpdateWorkspaceRole', data: { roleId: 'r1', accountId: 'a1', name: 'x', now } }).thenThrows('NOT_FOUND');
  });
  it('deletes a role not in use; a role in use is a conflict; its name is free again', () => {
    const deleted: WorkspaceRoleEvent = { type: 'WorkspaceRoleDeleted', data: { roleId: 'r1', accountId: 'a1', deletedAt: later } };
    spec.given([created]).when({ type: 'DeleteWorkspaceRole', data: { roleId: 'r1', accountId: 'a1', inUse: false, now: later } }).then([deleted]);
    spec.given([created]).when({ type: 'DeleteWorkspaceRole', data: { roleId: 'r1', accountId: 'a1', inUse: true, now: later } }).thenThrows('CONFLICT');
    spec.given([created, deleted]).when({ type: 'DeleteWorkspaceRole', data: { roleId: 'r1', accountId: 'a1', inUse: false, now: later } }).thenThrows('NOT_FOUND');
    spec.given([created, deleted]).when({ type: 'CreateWorkspaceRole', data: { ...create, roleId: 'r3' } }).then([{ ...created, data: { ...created.data, roleId: 'r3' } } as WorkspaceRoleEvent]);
  });
});
