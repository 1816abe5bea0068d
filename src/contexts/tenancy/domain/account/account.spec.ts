import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { accountDecider } from './account.decide';
import type { AccountEvent } from './account.events';

const spec = deciderSpec(accountDecider);
const now = '2026-11-27T10:00:00.000Z';
const created: AccountEvent = { type: 'AccountCreated', data: { accountId: 'a1', name: 'Acme', handle: 'acme', createdAt: now } };
const member: AccountEvent = { type: 'AccountMemberAdded', data: { accountId: 'a1', userId: 'u1', role: 'owner', addedAt: now } };
const reserved: AccountEvent = { type: 'AccountWorkspaceHandleReserved', data: { accountId: 'a1', workspaceId: 'w1', handle: 'prod' } };

describe('account decider', () => {
  it('creates an account', () => spec.given([]).when({ type: 'CreateAccount', data: { accountId: 'a1', name: 'Acme', handle: 'acme', ownerUserId: null, now } }).then([created]));
  it('creates an account with its first owner', () =>
    spec.given([]).when({ type: 'CreateAccount', data: { accountId: 'a1', name: 'Acme', handle: 'acme', ownerUserId: 'u1', now } }).then([created, member]));
  it('refuses a bad handle', () =>
    spec.given([]).when({ type: 'CreateAccount', data: { accountId: 'a1', name: 'Acme', handle: '-acme', ownerUserId: null, now } }).thenThrows('VALIDATION_FAILED'));
  it('adds a member once; the same role again decides nothing', () => {
    spec.given([created]).when({ type: 'AddAccountMember', data: { userId: 'u1', role: 'owner', now } }).then([member]);
    spec.given([created, member]).when({ type: 'AddAccountMember', data: { userId: 'u1', role: 'owner', now } }).thenNothing();
  });
  it('adding a member to a missing account is not found', () =>
    spec.given([]).when({ type: 'AddAccountMember', data: { userId: 'u1', role: 'owner', now } }).thenThrows('NOT_FOUND'));
  it('reserves a workspace handle once per account', () => {
    spec.given([created]).when({ type: 'ReserveWorkspaceHandle', data: { workspaceId: 'w1', handle: 'prod' } }).then([reserved]);
    spec.given([created, reserved]).when({ type: 'ReserveWorkspaceHandle', data: { workspaceId: 'w1', handle: 'prod' } }).thenNothing();
    spec.given([created, reserved]).when({ type: 'ReserveWorkspaceHandle', data: { workspaceId: 'w2', handle: 'prod' } }).thenThrows('ALREADY_EXISTS');
  });
});
