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
});
