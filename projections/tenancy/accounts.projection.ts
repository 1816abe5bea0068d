import type { Projection, RecordedEvent } from '../../src/shared/ddd';
import {
  ACCOUNTS,
  ACCOUNT_MEMBERSHIPS,
  membershipId,
  type AccountDoc,
  type AccountEvent,
  type AccountMembershipDoc,
} from '../../src/contexts/tenancy';

export const accountsProjection: Projection<AccountDoc> = {
  name: 'accounts',
  version: 3,
  collection: ACCOUNTS,
  indexes: [{ name: 'accounts_handle', fields: [{ field: 'handle' }] }],
  eventTypes: ['AccountCreated', 'AccountUpdated', 'AccountSettingsUpdated', 'AccountDomainsSet', 'AccountDomainVerified'],
  keys: (e) => [(e.data as AccountEvent['data']).accountId],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as AccountEvent;
    switch (e.type) {
      case 'AccountCreated':
        return { _id: e.data.accountId, _account: e.data.accountId, name: e.data.name, handle: e.data.handle, created: e.data.createdAt, updated: e.data.createdAt };
      case 'AccountUpdated':
        return doc && { ...doc, ...e.data.changes, updated: e.data.updatedAt };
      case 'AccountSettingsUpdated':
        return doc && { ...doc, settings: { ...doc.settings, ...e.data.changes }, updated: e.data.updatedAt };
      case 'AccountDomainsSet': {
        if (!doc) return doc;
        // A kept name keeps its token and verification; a new one starts unverified; a removed one is dropped.
        const tokens = e.data.verificationTokens ?? {};
        const before = new Map((doc.domains ?? []).map((d) => [d.name, d]));
        const domains = e.data.domainNames.map((name) => {
          const kept = before.get(name);
          return kept && kept.verification_token !== null ? kept : { name, verification_token: tokens[name] ?? null, verified_at: null };
        });
        return { ...doc, domain_names: [...e.data.domainNames], domains, updated: e.data.updatedAt };
      }
      case 'AccountDomainVerified':
        return doc && { ...doc, domains: (doc.domains ?? []).map((d) => (d.name === e.data.domain ? { ...d, verified_at: e.data.verifiedAt } : d)), updated: e.data.verifiedAt };
      default:
        return doc;
    }
  },
};

export const accountMembershipsProjection: Projection<AccountMembershipDoc> = {
  name: 'account_memberships',
  version: 2,
  collection: ACCOUNT_MEMBERSHIPS,
  indexes: [
    { name: 'account_memberships_user', fields: [{ field: 'user_id' }] },
    { name: 'account_memberships_account', fields: [{ field: '_account' }] },
  ],
  eventTypes: ['AccountMemberAdded', 'AccountMemberRoleChanged', 'AccountMemberRemoved'],
  keys: (e) => {
    const d = e.data as { accountId: string; userId: string };
    return [membershipId(d.accountId, d.userId)];
  },
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as AccountEvent;
    switch (e.type) {
      case 'AccountMemberAdded':
        return {
          _id: membershipId(e.data.accountId, e.data.userId),
          _account: e.data.accountId,
          account_id: e.data.accountId,
          user_id: e.data.userId,
          account_role_name: e.data.role,
          created: doc?.created ?? e.data.addedAt,
        };
      case 'AccountMemberRoleChanged':
        return doc && { ...doc, account_role_name: e.data.role };
      case 'AccountMemberRemoved':
        return undefined;
      default:
        return doc;
    }
  },
};
