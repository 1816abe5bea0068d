import type { Projection, RecordedEvent } from '../../src/shared/ddd';
import { INVITATIONS, type InvitationDoc, type InvitationEvent } from '../../src/contexts/tenancy';

export const invitationsProjection: Projection<InvitationDoc> = {
  name: 'invitations',
  version: 1,
  collection: INVITATIONS,
  indexes: [
    { name: 'invitations_account', fields: [{ field: '_account' }, { field: 'created' }] },
    { name: 'invitations_email', fields: [{ field: 'email' }] },
  ],
  eventTypes: ['InvitationCreated', 'InvitationAccepted', 'InvitationRejected', 'InvitationRevoked'],
  keys: (e) => [(e.data as InvitationEvent['data']).invitationId],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as InvitationEvent;
    switch (e.type) {
      case 'InvitationCreated':
        return {
          _id: e.data.invitationId,
          _account: e.data.accountId,
          account_id: e.data.accountId,
          email: e.data.email,
          account_role_name: e.data.accountRole,
          workspace_access: e.data.workspaceAccess.map((w) => ({ workspace_id: w.workspaceId, workspace_role: w.role })),
          status: 'pending',
          expires_at: e.data.expiresAt,
          invited_by: { id: e.data.invitedBy.id, type: e.data.invitedBy.type, display_value: e.data.invitedBy.displayValue },
          answered_by: null,
          created: e.data.createdAt,
          updated: e.data.createdAt,
        };
      case 'InvitationAccepted':
        return doc && { ...doc, status: 'accepted', answered_by: e.data.userId, updated: e.data.acceptedAt };
      case 'InvitationRejected':
        return doc && { ...doc, status: 'rejected', answered_by: e.data.userId, updated: e.data.rejectedAt };
      case 'InvitationRevoked':
        return undefined;
      default:
        return doc;
    }
  },
};

export const invitationsProjections: readonly Projection[] = [invitationsProjection] as readonly Projection[];
