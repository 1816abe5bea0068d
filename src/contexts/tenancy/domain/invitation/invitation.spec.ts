import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { invitationDecider, type InvitationCommand, type InvitationEvent } from './invitation';

const spec = deciderSpec(invitationDecider);
const now = '2026-11-27T10:00:00.000Z';
const beforeExpiry = '2026-12-01T10:00:00.000Z';
const expiresAt = '2026-12-04T10:00:00.000Z';
const afterExpiry = '2026-12-04T10:00:00.001Z';
const invitedBy = { type: 'user', id: 'u1', displayValue: 'ada' };
const workspaceAccess = [{ workspaceId: 'w1', role: 'viewer' }];
const create: Extract<InvitationCommand, { type: 'CreateInvitation' }>['data'] = {
  invitationId: 'i1', accountId: 'a1', email: ' Bob@Example.com ', accountRole: 'member', workspaceAccess, invitedBy, expiresAt, now,
};
const created: InvitationEvent = {
  type: 'InvitationCreated',
  data: { invitationId: 'i1', accountId: 'a1', email: 'bob@example.com', accountRole: 'member', workspaceAccess, invitedBy, expiresAt, createdAt: now },
};
const accept = (email = 'BOB@example.com', at = beforeExpiry): InvitationCommand => ({ type: 'AcceptInvitation', data: { userId: 'u2', email, now: at } });
const reject = (email = 'bob@example.com', at = beforeExpiry): InvitationCommand => ({ type: 'RejectInvitation', data: { userId: 'u2', email, now: at } });
const revoke: InvitationCommand = { type: 'RevokeInvitation', data: { now: beforeExpiry } };
const accepted: InvitationEvent = {
  type: 'InvitationAccepted',
  data: { invitationId: 'i1', accountId: 'a1', userId: 'u2', accountRole: 'member', workspaceAccess, acceptedAt: beforeExpiry },
};
const rejected: InvitationEvent = { type: 'InvitationRejected', data: { invitationId: 'i1', accountId: 'a1', userId: 'u2', rejectedAt: beforeExpiry } };
const revoked: InvitationEvent = { type: 'InvitationRevoked', data: { invitationId: 'i1', accountId: 'a1', revokedAt: beforeExpiry } };

describe('invitation decider', () => {
  it('creates an invitation with the email in lower case; the same again decides nothing; another one under its id is refused', () => {
    spec.given([]).when({ type: 'CreateInvitation', data: create }).then([created]);
    spec.given([created]).when({ type: 'CreateInvitation', data: create }).thenNothing();
    spec.given([created]).when({ type: 'CreateInvitation', data: { ...create, email: 'eve@example.com' } }).thenThrows('ALREADY_EXISTS');
  });
  it('refuses a bad email, an unknown role, a workspace named twice and an expiry not after now', () => {
    spec.given([]).when({ type: 'CreateInvitation', data: { ...create, email: 'bob' } }).thenThrows('VALIDATION_FAILED');
    spec.given([]).when({ type: 'CreateInvitation', data: { ...create, accountRole: 'king' as 'member' } }).thenThrows('VALIDATION_FAILED');
    spec.given([]).when({ type: 'CreateInvitation', data: { ...create, workspaceAccess: [...workspaceAccess, { workspaceId: 'w1', role: 'owner' }] } }).thenThrows('VALIDATION_FAILED');
    spec.given([]).when({ type: 'CreateInvitation', data: { ...create, expiresAt: now } }).thenThrows('VALIDATION_FAILED');
  });
  it('the invitee accepts (email compared case-insensitively); accepting again decides nothing, even after expiry', () => {
    spec.given([created]).when(accept()).then([accepted]);
    spec.given([created, accepted]).when(accept()).thenNothing();
    spec.given([created, accepted]).when(accept('bob@example.com', afterExpiry)).thenNothing();
  });
  it('another email, a revoked or a missing invitation is not found', () => {
    spec.given([created]).when(accept('eve@example.com')).thenThrows('NOT_FOUND');
    spec.given([created]).when(reject('eve@example.com')).thenThrows('NOT_FOUND');
    spec.given([created, revoked]).when(accept()).thenThrows('NOT_FOUND');
    spec.given([]).when(accept()).thenThrows('NOT_FOUND');
    spec.given([]).when(reject()).thenThrows('NOT_FOUND');
  });
  it('after its expiry it can be neither accepted nor rejected (GONE)', () => {
    spec.given([created]).when(accept('bob@example.com', expiresAt)).thenThrows('GONE');
    spec.given([created]).when(reject('bob@example.com', afterExpiry)).thenThrows('GONE');
  });
  it('rejects; rejecting again decides nothing; accepting a rejected one or rejecting an accepted one conflicts', () => {
    spec.given([created]).when(reject()).then([rejected]);
    spec.given([created, rejected]).when(reject()).thenNothing();
    spec.given([created, rejected]).when(accept()).thenThrows('CONFLICT');
    spec.given([created, accepted]).when(reject()).thenThrows('CONFLICT');
  });
  it('revokes a pending one (expired or not); revoking again decides nothing; an answered one conflicts; a missing one is not found', () => {
    spec.given([created]).when(revoke).then([revoked]);
    spec.given([created]).when({ type: 'RevokeInvitation', data: { now: afterExpiry } }).then([{ ...revoked, data: { ...revoked.data, revokedAt: afterExpiry } } as InvitationEvent]);
    spec.given([created, revoked]).when(revoke).thenNothing();
    spec.given([created, accepted]).when(revoke).thenThrows('CONFLICT');
    spec.given([created, rejected]).when(revoke).thenThrows('CONFLICT');
    spec.given([]).when(revoke).thenThrows('NOT_FOUND');
  });
});
