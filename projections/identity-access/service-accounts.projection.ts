import type { Projection, RecordedEvent } from '../../src/shared/ddd';
import { SERVICE_ACCOUNTS, type ServiceAccountDoc, type ServiceAccountEvent } from '../../src/contexts/identity-access';

const serviceAccountsProjection: Projection<ServiceAccountDoc> = {
  name: 'service_accounts',
  version: 1,
  collection: SERVICE_ACCOUNTS,
  indexes: [{ name: 'service_accounts_account', fields: [{ field: '_account' }, { field: 'name' }] }],
  eventTypes: ['ServiceAccountCreated', 'ServiceAccountRenamed', 'ServiceAccountKeyRotated', 'ServiceAccountDeleted'],
  keys: (e) => [(e.data as { botId: string }).botId],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as ServiceAccountEvent;
    switch (e.type) {
      case 'ServiceAccountCreated':
        return {
          _id: e.data.botId,
          _account: e.data.accountId,
          account_id: e.data.accountId,
          actor_id: e.data.botId,
          name: e.data.name,
          account_role_name: 'Member',
          api_key_id: e.data.apiKeyId,
          created: e.data.createdAt,
          updated: e.data.createdAt,
        };
      case 'ServiceAccountRenamed':
        return doc && { ...doc, name: e.data.name, updated: e.data.renamedAt };
      case 'ServiceAccountKeyRotated':
        return doc && { ...doc, api_key_id: e.data.apiKeyId, updated: e.data.rotatedAt };
      case 'ServiceAccountDeleted':
        return undefined;
      default:
        return doc;
    }
  },
};

/** The service-accounts read models. */
export const serviceAccountsProjections: readonly Projection[] = [serviceAccountsProjection] as readonly Projection[];
