import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { workspaceDecider } from './workspace.decide';
import type { WorkspaceChanges, WorkspaceEvent } from './workspace.events';

const spec = deciderSpec(workspaceDecider);
const now = '2026-11-27T10:00:00.000Z';
const create = { workspaceId: 'w1', accountId: 'a1', name: 'Production', handle: 'prod', description: null, owner: null, now };
const created: WorkspaceEvent = {
  type: 'WorkspaceCreated',
  data: { workspaceId: 'w1', accountId: 'a1', name: 'Production', handle: 'prod', description: null, defaultWorkspaceRole: null, isPublic: false, createdAt: now },
};
/** As recorded before default roles existed. */
const legacyCreated: WorkspaceEvent = {
  type: 'WorkspaceCreated',
  data: { workspaceId: 'w1', accountId: 'a1', name: 'Production', handle: 'prod', description: null, createdAt: now },
};
const deleted: WorkspaceEvent = { type: 'WorkspaceDeleted', data: { workspaceId: 'w1', accountId: 'a1', handle: 'prod', deletedAt: now } };
const update = (changes: Record<string, unknown>, customRoleAccountId?: string) => ({ type: 'UpdateWorkspace' as const, data: { changes: changes as WorkspaceChanges, customRoleAccountId, now } });
const updated = (changes: Record<string, unknown>, previousHandle?: string): WorkspaceEvent => ({
  type: 'WorkspaceUpdated',
  data: { workspaceId: 'w1', accountId: 'a1', changes: changes as WorkspaceChanges, ...(previousHandle ? { previousHandle } : {}), updatedAt: now },
});
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
  it('creates a workspace with a default role (built-in, or a custom role of its account) and is_public', () => {
    spec.given([]).when({ type: 'CreateWorkspace', data: { ...create, defaultWorkspaceRole: 'viewer', isPublic: true } })
      .then([{ ...created, data: { ...created.data, defaultWorkspaceRole: 'viewer', isPublic: true } } as WorkspaceEvent]);
    spec.given([]).when({ type: 'CreateWorkspace', data: { ...create, defaultWorkspaceRole: 'r1', customRoleAccountId: 'a1' } })
      .then([{ ...created, data: { ...created.data, defaultWorkspaceRole: 'r1' } } as WorkspaceEvent]);
    spec.given([]).when({ type: 'CreateWorkspace', data: { ...create, defaultWorkspaceRole: 'r1', customRoleAccountId: 'a2' } }).thenThrows('VALIDATION_FAILED');
  });
  it('refuses to create without a name, with a bad handle, or over a deleted workspace', () => {
    spec.given([]).when({ type: 'CreateWorkspace', data: { ...create, name: ' ' } }).thenThrows('VALIDATION_FAILED');
    spec.given([]).when({ type: 'CreateWorkspace', data: { ...create, handle: 'Bad Handle' } }).thenThrows('VALIDATION_FAILED');
    spec.given([created, deleted]).when({ type: 'CreateWorkspace', data: create }).thenThrows('ALREADY_EXISTS');
  });
  it('updates only what changed; nothing changed decides nothing', () => {
    spec.given([created]).when(update({ name: 'Prod', description: 'main', isPublic: true })).then([updated({ name: 'Prod', description: 'main', isPublic: true })]);
    spec.given([created]).when(update({ name: 'Production', handle: 'prod', description: null, defaultWorkspaceRole: null, isPublic: false })).thenNothing();
    spec.given([legacyCreated]).when(update({ defaultWorkspaceRole: null, isPublic: false })).thenNothing();
  });
  it('a new handle carries the previous one', () =>
    spec.given([created]).when(update({ handle: 'production' })).then([updated({ handle: 'production' }, 'prod')]));
  it('sets and unsets the default role; a custom role of another account is refused', () => {
    spec.given([created]).when(update({ defaultWorkspaceRole: 'viewer' })).then([updated({ defaultWorkspaceRole: 'viewer' })]);
    spec.given([created, updated({ defaultWorkspaceRole: 'viewer' })]).when(update({ defaultWorkspaceRole: null })).then([updated({ defaultWorkspaceRole: null })]);
    spec.given([created]).when(update({ defaultWorkspaceRole: 'r1' }, 'a1')).then([updated({ defaultWorkspaceRole: 'r1' })]);
    spec.given([created]).when(update({ defaultWorkspaceRole: 'r1' }, 'a2')).thenThrows('VALIDATION_FAILED');
    spec.given([created]).when(update({ defaultWorkspaceRole: 'r1' })).thenThrows('VALIDATION_FAILED');
  });
  it('refuses a bad update', () => {
    spec.given([created]).when(update({ name: '' })).thenThrows('VALIDATION_FAILED');
    spec.given([created]).when(update({ handle: 'Not ok' })).thenThrows('VALIDATION_FAILED');
    spec.given([created]).when(update({ description: 3 })).thenThrows('VALIDATION_FAILED');
    spec.given([created]).when(update({ isPublic: 'yes' })).thenThrows('VALIDATION_FAILED');
  });
  it('deletes a workspace; deleting again decides nothing; a missing one is not found', () => {
    spec.given([created]).when({ type: 'DeleteWorkspace', data: { now } }).then([deleted]);
    spec.given([created, deleted]).when({ type: 'DeleteWorkspace', data: { now } }).thenNothing();
    spec.given([]).when({ type: 'DeleteWorkspace', data: { now } }).thenThrows('NOT_FOUND');
  });
  it('a deleted workspace is not found for every other command', () => {
    spec.given([created, granted, deleted]).when(update({ name: 'x' })).thenThrows('NOT_FOUND');
    spec.given([created, deleted]).when({ type: 'GrantWorkspaceAccess', data: { actorType: 'user', actorId: 'u1', role: 'owner', now } }).thenThrows('NOT_FOUND');
    spec.given([created, granted, deleted]).when({ type: 'RevokeWorkspaceAccess', data: { actorId: 'u1', now } }).thenThrows('NOT_FOUND');
  });
  it('updating a missing workspace is not found', () => spec.given([]).when(update({ name: 'x' })).thenThrows('NOT_FOUND'));
});
