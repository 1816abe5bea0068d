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
  version: 1,
  collection: ACCOUNTS,
  indexes: [{ name: 'accounts_handle', fields: [{ field: 'handle' }] }],
  eventTypes: ['AccountCreated'],
  keys: (e) => [(e.data as AccountEvent['data']).accountId],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as AccountEvent;
    if (e.type !== 'AccountCreated') return doc;
    return { _id: e.data.accountId, _account: e.data.accountId, name: e.data.name, handle: e.data.handle, created: e.data.createdAt, updated: e.data.createdAt };
  },
};

export const accountMembershipsProjection: Projection<AccountMembershipDoc> = {
  name: 'account_memberships',
  version: 1,
  collection: ACCOUNT_MEMBERSHIPS,
  indexes: [
    { name: 'account_memberships_user', fields: [{ field: 'user_id' }] },
    { name: 'account_memberships_account', fields: [{ field: '_account' }] },
  ],
  eventTypes: ['AccountMemberAdded'],
  keys: (e) => {
    const d = e.data as { accountId: string; userId: string };
    return [membershipId(d.accountId, d.userId)];
  },
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as AccountEvent;
    if (e.type !== 'AccountMemberAdded') return doc;
    return {
      _id: membershipId(e.data.accountId, e.data.userId),
      _account: e.data.accountId,
      account_id: e.data.accountId,
      user_id: e.data.userId,
      account_role_name: e.data.role,
      created: doc?.created ?? e.data.addedAt,
    };
  },
};
