import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { workspaceDecider } from './workspace.decide';
import type { WorkspaceEvent } from './workspace.events';

const spec = deciderSpec(workspaceDecider);
const now = '2026-11-27T10:00:00.000Z';
const create = { workspaceId: 'w1', accountId: 'a1', name: 'Production', handle: 'prod', description: null, owner: null, now };
const created: WorkspaceEvent = {
  type: 'WorkspaceCreated',
  data: { workspaceId: 'w1', accountId: 'a1', name: 'Production', handle: 'prod', description: null, createdAt: now },
};
const granted: WorkspaceEvent = {
  type: 'WorkspaceAccessGranted',
  data: { workspaceId: 'w1', accountId: 'a1', actorType: 'user', actorId: 'u1', role: 'owner', grantedAt: now },
};

describe('workspace decider', () => {
  it('creates a workspace', () => spec.given([]).when({ type: 'CreateWorkspace', data: create }).then([created]));
  it('creates a workspace with its creator as owner', () =>
    spec.given([]).when({ type: 'CreateWorkspace', data: { ...create, owner: { actorType: 'user', actorId: 'u1' } } }).then([created, granted]));
  it('creating it again decides nothing; in another account it is refused', () => {
    spec.given([created]).when({ type: 'CreateWorkspace', data: create }).thenNothing();
    spec.given([created]).when({ type: 'CreateWorkspace', data: { ...create, accountId: 'a2' } }).thenThrows('ALREADY_EXISTS');
  });
  it('grants access; the same grant again decides nothing', () => {
    spec.given([created]).when({ type: 'GrantWorkspaceAccess', data: { actorType: 'user', actorId: 'u1', role: 'owner', now } }).then([granted]);
    spec.given([created, granted]).when({ type: 'GrantWorkspaceAccess', data: { actorType: 'user', actorId: 'u1', role: 'owner', now } }).thenNothing();
  });
  it('granting on a missing workspace is not found', () =>
    spec.given([]).when({ type: 'GrantWorkspaceAccess', data: { actorType: 'user', actorId: 'u1', role: 'viewer', now } }).thenThrows('NOT_FOUND'));
  it('grants a custom role of the workspace account; a custom role of another account or an unknown role is refused', () => {
    const custom: WorkspaceEvent = { type: 'WorkspaceAccessGranted', data: { ...granted.data, role: 'r1' } };
    spec.given([created]).when({ type: 'GrantWorkspaceAccess', data: { actorType: 'user', actorId: 'u1', role: 'r1', customRoleAccountId: 'a1', now } }).then([custom]);
    spec.given([created]).when({ type: 'GrantWorkspaceAccess', data: { actorType: 'user', actorId: 'u1', role: 'r1', customRoleAccountId: 'a2', now } }).thenThrows('VALIDATION_FAILED');
    spec.given([created]).when({ type: 'GrantWorkspaceAccess', data: { actorType: 'user', actorId: 'u1', role: 'r1', now } }).thenThrows('VALIDATION_FAILED');
  });
  it('revokes access; revoking access nobody holds decides nothing; on a missing workspace it is not found', () => {
    const revoked: WorkspaceEvent = { type: 'WorkspaceAccessRevoked', data: { workspaceId: 'w1', accountId: 'a1', actorId: 'u1', revokedAt: now } };
    spec.given([created, granted]).when({ type: 'RevokeWorkspaceAccess', data: { actorId: 'u1', now } }).then([revoked]);
    spec.given([created, granted, revoked]).when({ type: 'RevokeWorkspaceAccess', data: { actorId: 'u1', now } }).thenNothing();
    spec.given([]).when({ type: 'RevokeWorkspaceAccess', data: { actorId: 'u1', now } }).thenThrows('NOT_FOUND');
  });
});
