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

  const admin: AccountEvent = { type: 'AccountMemberAdded', data: { accountId: 'a1', userId: 'u2', role: 'admin', addedAt: now } };
  it('changes a member role; the same role again decides nothing', () => {
    spec.given([created, member, admin]).when({ type: 'ChangeAccountMemberRole', data: { userId: 'u2', role: 'member', now } })
      .then([{ type: 'AccountMemberRoleChanged', data: { accountId: 'a1', userId: 'u2', role: 'member', previousRole: 'admin', changedAt: now } }]);
    spec.given([created, member, admin]).when({ type: 'ChangeAccountMemberRole', data: { userId: 'u2', role: 'admin', now } }).thenNothing();
  });
  it('changing the role of a non-member is not found', () =>
    spec.given([created, member]).when({ type: 'ChangeAccountMemberRole', data: { userId: 'u9', role: 'admin', now } }).thenThrows('NOT_FOUND'));
  it('the last owner can be neither demoted nor removed; with a second owner they can', () => {
    spec.given([created, member, admin]).when({ type: 'ChangeAccountMemberRole', data: { userId: 'u1', role: 'admin', now } }).thenThrows('CONFLICT');
    spec.given([created, member, admin]).when({ type: 'RemoveAccountMember', data: { userId: 'u1', now } }).thenThrows('CONFLICT');
    const promoted: AccountEvent = { type: 'AccountMemberRoleChanged', data: { accountId: 'a1', userId: 'u2', role: 'owner', previousRole: 'admin', changedAt: now } };
    spec.given([created, member, admin, promoted]).when({ type: 'RemoveAccountMember', data: { userId: 'u1', now } })
      .then([{ type: 'AccountMemberRemoved', data: { accountId: 'a1', userId: 'u1', role: 'owner', removedAt: now } }]);
  });
  it('removes a member once; removing a non-member decides nothing', () => {
    const removed: AccountEvent = { type: 'AccountMemberRemoved', data: { accountId: 'a1', userId: 'u2', role: 'admin', removedAt: now } };
    spec.given([created, member, admin]).when({ type: 'RemoveAccountMember', data: { userId: 'u2', now } }).then([removed]);
    spec.given([created, member, admin, removed]).when({ type: 'RemoveAccountMember', data: { userId: 'u2', now } }).thenNothing();
  });
  it('updates the profile with only what changed, and validates it', () => {
    spec.given([created]).when({ type: 'UpdateAccount', data: { changes: { name: 'Acme', handle: 'acme-2', link: 'https://acme.test' }, now } })
      .then([{ type: 'AccountUpdated', data: { accountId: 'a1', changes: { handle: 'acme-2', link: 'https://acme.test' }, updatedAt: now } }]);
    spec.given([created]).when({ type: 'UpdateAccount', data: { changes: { name: 'Acme' }, now } }).thenNothing();
    spec.given([created]).when({ type: 'UpdateAccount', data: { changes: { handle: 'Bad Handle' }, now } }).thenThrows('VALIDATION_FAILED');
    spec.given([created]).when({ type: 'UpdateAccount', data: { changes: { auth_expiration_seconds: -1 }, now } }).thenThrows('VALIDATION_FAILED');
  });
  it('updates known boolean settings only', () => {
    const set: AccountEvent = { type: 'AccountSettingsUpdated', data: { accountId: 'a1', changes: { enforce_ip_allowlist: true }, updatedAt: now } };
    spec.given([created]).when({ type: 'UpdateAccountSettings', data: { changes: { enforce_ip_allowlist: true, ai_log_summaries: false }, now } }).then([set]);
    spec.given([created, set]).when({ type: 'UpdateAccountSettings', data: { changes: { enforce_ip_allowlist: true }, now } }).thenNothing();
    spec.given([created]).when({ type: 'UpdateAccountSettings', data: { changes: { nope: true }, now } }).thenThrows('VALIDATION_FAILED');
  });
  it('sets the domain names, normalised and sorted; the same list again decides nothing', () => {
    const set: AccountEvent = { type: 'AccountDomainsSet', data: { accountId: 'a1', domainNames: ['acme.test', 'b.acme.test'], updatedAt: now } };
    spec.given([created]).when({ type: 'SetAccountDomains', data: { domainNames: ['B.acme.test', 'acme.test'], now } }).then([set]);
    spec.given([created, set]).when({ type: 'SetAccountDomains', data: { domainNames: ['acme.test', 'b.acme.test'], now } }).thenNothing();
    spec.given([created]).when({ type: 'SetAccountDomains', data: { domainNames: ['not a domain'], now } }).thenThrows('VALIDATION_FAILED');
  });
});
