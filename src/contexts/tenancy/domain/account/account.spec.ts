import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { accountDecider } from './account.decide';
import type { AccountEvent } from './account.events';
import { domainClaimDecider, type DomainClaimEvent } from './domain-claim';

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
    spec.given([created]).when({ type: 'UpdateAccount', data: { changes: { audit_log_retention_days: 0 }, now } }).thenThrows('VALIDATION_FAILED', /audit_log_retention_days/);
    spec.given([created]).when({ type: 'UpdateAccount', data: { changes: { audit_log_retention_days: 3651 }, now } }).thenThrows('VALIDATION_FAILED', /audit_log_retention_days/);
  });
  it('updates known boolean settings only', () => {
    const set: AccountEvent = { type: 'AccountSettingsUpdated', data: { accountId: 'a1', changes: { enforce_ip_allowlist: true }, updatedAt: now } };
    spec.given([created]).when({ type: 'UpdateAccountSettings', data: { changes: { enforce_ip_allowlist: true, ai_log_summaries: false }, now } }).then([set]);
    spec.given([created, set]).when({ type: 'UpdateAccountSettings', data: { changes: { enforce_ip_allowlist: true }, now } }).thenNothing();
    spec.given([created]).when({ type: 'UpdateAccountSettings', data: { changes: { nope: true }, now } }).thenThrows('VALIDATION_FAILED');
  });
  const tokens = { 'acme.test': 't-acme', 'b.acme.test': 't-b', 'c.acme.test': 't-c' };
  const domainsSet: AccountEvent = {
    type: 'AccountDomainsSet',
    data: { accountId: 'a1', domainNames: ['acme.test', 'b.acme.test'], verificationTokens: { 'acme.test': 't-acme', 'b.acme.test': 't-b' }, updatedAt: now },
  };
  const verified: AccountEvent = { type: 'AccountDomainVerified', data: { accountId: 'a1', domain: 'acme.test', verifiedAt: now } };
  it('sets the domain names, normalised and sorted, each new one with its verification token; the same list again decides nothing', () => {
    spec.given([created]).when({ type: 'SetAccountDomains', data: { domainNames: ['B.acme.test', 'acme.test'], verificationTokens: tokens, now } }).then([domainsSet]);
    spec.given([created, domainsSet]).when({ type: 'SetAccountDomains', data: { domainNames: ['acme.test', 'b.acme.test'], verificationTokens: tokens, now } }).thenNothing();
    spec.given([created]).when({ type: 'SetAccountDomains', data: { domainNames: ['not a domain'], verificationTokens: {}, now } }).thenThrows('VALIDATION_FAILED');
  });
  it('a kept domain keeps its token and verification; only an added one gets a token', () => {
    const added: AccountEvent = {
      type: 'AccountDomainsSet',
      data: { accountId: 'a1', domainNames: ['acme.test', 'c.acme.test'], verificationTokens: { 'c.acme.test': 't-c' }, updatedAt: now },
    };
    spec.given([created, domainsSet, verified]).when({ type: 'SetAccountDomains', data: { domainNames: ['acme.test', 'c.acme.test'], verificationTokens: tokens, now } }).then([added]);
    spec.given([created, domainsSet, verified, added]).when({ type: 'VerifyAccountDomain', data: { domain: 'acme.test', token: 't-acme', now } }).thenNothing();
  });
  it('verifies a domain with its current token, once', () => {
    spec.given([created, domainsSet]).when({ type: 'VerifyAccountDomain', data: { domain: 'acme.test', token: 't-acme', now } }).then([verified]);
    spec.given([created, domainsSet, verified]).when({ type: 'VerifyAccountDomain', data: { domain: 'acme.test', token: 't-acme', now } }).thenNothing();
    spec.given([created, domainsSet]).when({ type: 'VerifyAccountDomain', data: { domain: 'acme.test', token: 'stale', now } }).thenThrows('CONFLICT');
    spec.given([created, domainsSet]).when({ type: 'VerifyAccountDomain', data: { domain: 'other.test', token: 't-acme', now } }).thenThrows('NOT_FOUND');
  });
  it('a removed and re-added domain is unverified, with a new token', () => {
    const removed: AccountEvent = { type: 'AccountDomainsSet', data: { accountId: 'a1', domainNames: ['b.acme.test'], verificationTokens: {}, updatedAt: now } };
    const readded: AccountEvent = { type: 'AccountDomainsSet', data: { accountId: 'a1', domainNames: ['acme.test', 'b.acme.test'], verificationTokens: { 'acme.test': 't-new' }, updatedAt: now } };
    spec.given([created, domainsSet, verified]).when({ type: 'SetAccountDomains', data: { domainNames: ['b.acme.test'], verificationTokens: {}, now } }).then([removed]);
    spec.given([created, domainsSet, verified, removed])
      .when({ type: 'SetAccountDomains', data: { domainNames: ['acme.test', 'b.acme.test'], verificationTokens: { 'acme.test': 't-new' }, now } })
      .then([readded]);
    spec.given([created, domainsSet, verified, removed, readded]).when({ type: 'VerifyAccountDomain', data: { domain: 'acme.test', token: 't-acme', now } }).thenThrows('CONFLICT');
    spec.given([created, domainsSet, verified, removed, readded])
      .when({ type: 'UpdateAccountSettings', data: { changes: { enforce_sso: true }, now } })
      .thenThrows('CONFLICT');
  });
  it('enforces SSO only with a verified domain', () => {
    const on: AccountEvent = { type: 'AccountSettingsUpdated', data: { accountId: 'a1', changes: { enforce_sso: true }, updatedAt: now } };
    spec.given([created, domainsSet]).when({ type: 'UpdateAccountSettings', data: { changes: { enforce_sso: true }, now } }).thenThrows('CONFLICT', /verified domain/);
    spec.given([created, domainsSet, verified]).when({ type: 'UpdateAccountSettings', data: { changes: { enforce_sso: true }, now } }).then([on]);
    spec.given([created, domainsSet]).when({ type: 'UpdateAccountSettings', data: { changes: { enforce_sso: false }, now } }).thenNothing();
  });
  it('adding a member "if absent" keeps an existing member\'s role', () => {
    spec.given([created, member]).when({ type: 'AddAccountMember', data: { userId: 'u1', role: 'member', ifAbsent: true, now } }).thenNothing();
    spec.given([created, member]).when({ type: 'AddAccountMember', data: { userId: 'u5', role: 'member', ifAbsent: true, now } })
      .then([{ type: 'AccountMemberAdded', data: { accountId: 'a1', userId: 'u5', role: 'member', addedAt: now } }]);
  });
});

describe('domain claim decider', () => {
  const claims = deciderSpec(domainClaimDecider);
  const claimed: DomainClaimEvent = { type: 'DomainClaimed', data: { domain: 'acme.test', accountId: 'a1', claimedAt: now } };
  const released: DomainClaimEvent = { type: 'DomainClaimReleased', data: { domain: 'acme.test', accountId: 'a1', releasedAt: now } };
  it('one account holds a domain; claiming it again decides nothing; another account is refused', () => {
    claims.given([]).when({ type: 'ClaimDomain', data: { domain: 'acme.test', accountId: 'a1', now } }).then([claimed]);
    claims.given([claimed]).when({ type: 'ClaimDomain', data: { domain: 'acme.test', accountId: 'a1', now } }).thenNothing();
    claims.given([claimed]).when({ type: 'ClaimDomain', data: { domain: 'acme.test', accountId: 'a2', now } }).thenThrows('CONFLICT');
  });
  it('only the holder releases it; then another account may claim it', () => {
    claims.given([claimed]).when({ type: 'ReleaseDomain', data: { domain: 'acme.test', accountId: 'a2', now } }).thenNothing();
    claims.given([claimed]).when({ type: 'ReleaseDomain', data: { domain: 'acme.test', accountId: 'a1', now } }).then([released]);
    claims.given([claimed, released]).when({ type: 'ClaimDomain', data: { domain: 'acme.test', accountId: 'a2', now } })
      .then([{ type: 'DomainClaimed', data: { domain: 'acme.test', accountId: 'a2', claimedAt: now } }]);
  });
});
