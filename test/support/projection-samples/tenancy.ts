import type { SampleEvent } from './sample-event';

const now = '2026-11-27T10:00:00.000Z';
const later = '2026-12-04T10:00:00.000Z';
const invitedBy = { type: 'user', id: 'u1', displayValue: 'ada' };

/** Sample events with the real shapes, for the projections spec (every projection must build a document from them). */
export const tenancySamples: SampleEvent[] = [
  ['workspace-w1', 'WorkspaceUpdated', { workspaceId: 'w1', accountId: 'a1', changes: { description: 'production', defaultWorkspaceRole: 'viewer' }, updatedAt: now }],
  ['workspaceHandles-a1', 'WorkspaceHandleReserved', { accountId: 'a1', workspaceId: 'w2', handle: 'stage' }],
  ['workspace-w2', 'WorkspaceCreated', { workspaceId: 'w2', accountId: 'a1', name: 'Stage', handle: 'stage', description: null, defaultWorkspaceRole: null, isPublic: false, createdAt: now }],
  ['workspace-w2', 'WorkspaceAccessGranted', { workspaceId: 'w2', accountId: 'a1', actorType: 'user', actorId: 'u1', role: 'owner', grantedAt: now }],
  ['workspaceHandles-a1', 'WorkspaceHandleReserved', { accountId: 'a1', workspaceId: 'w2', handle: 'staging' }],
  ['workspace-w2', 'WorkspaceUpdated', { workspaceId: 'w2', accountId: 'a1', changes: { handle: 'staging', isPublic: true }, previousHandle: 'stage', updatedAt: now }],
  ['workspaceHandles-a1', 'WorkspaceHandleReleased', { accountId: 'a1', workspaceId: 'w2', handle: 'stage' }],
  ['workspace-w2', 'WorkspaceDeleted', { workspaceId: 'w2', accountId: 'a1', handle: 'staging', deletedAt: now }],
  ['invitation-i1', 'InvitationCreated', { invitationId: 'i1', accountId: 'a1', email: 'bob@example.com', accountRole: 'member', workspaceAccess: [{ workspaceId: 'w1', role: 'viewer' }], invitedBy, expiresAt: later, createdAt: now }],
  ['invitation-i1', 'InvitationAccepted', { invitationId: 'i1', accountId: 'a1', userId: 'u4', accountRole: 'member', workspaceAccess: [{ workspaceId: 'w1', role: 'viewer' }], acceptedAt: now }],
  ['invitation-i2', 'InvitationCreated', { invitationId: 'i2', accountId: 'a1', email: 'cy@example.com', accountRole: 'admin', workspaceAccess: [], invitedBy, expiresAt: later, createdAt: now }],
  ['invitation-i2', 'InvitationRejected', { invitationId: 'i2', accountId: 'a1', userId: 'u5', rejectedAt: now }],
  ['invitation-i3', 'InvitationCreated', { invitationId: 'i3', accountId: 'a1', email: 'dee@example.com', accountRole: 'member', workspaceAccess: [], invitedBy, expiresAt: later, createdAt: now }],
  ['invitation-i3', 'InvitationRevoked', { invitationId: 'i3', accountId: 'a1', revokedAt: now }],
];
