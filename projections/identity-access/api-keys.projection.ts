import type { Projection, RecordedEvent } from '../../src/shared/ddd';
import { API_KEYS, type ApiKeyDoc, type ApiKeyEvent } from '../../src/contexts/identity-access';

export const apiKeysProjection: Projection<ApiKeyDoc> = {
  name: 'api_keys',
  version: 1,
  collection: API_KEYS,
  indexes: [
    { name: 'api_keys_hash', fields: [{ field: 'key_hash' }] },
    { name: 'api_keys_owner', fields: [{ field: 'owner_id' }] },
  ],
  eventTypes: ['ApiKeyCreated', 'ApiKeyRevoked', 'ApiKeyExpirationShortened'],
  keys: (e) => [(e.data as ApiKeyEvent['data']).keyId],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as ApiKeyEvent;
    switch (e.type) {
      case 'ApiKeyCreated':
        return {
          _id: e.data.keyId,
          owner_type: e.data.owner.type,
          owner_id: e.data.owner.id,
          name: e.data.name,
          key_hash: e.data.keyHash,
          key_hint: e.data.keyHint,
          expiration: e.data.expiresAt,
          created: e.data.createdAt,
          revoked_at: null,
        };
      case 'ApiKeyRevoked':
        return doc && { ...doc, revoked_at: e.data.revokedAt };
      case 'ApiKeyExpirationShortened':
        return doc && { ...doc, expiration: doc.expiration !== null && doc.expiration <= e.data.expiresAt ? doc.expiration : e.data.expiresAt };
      default:
        return doc;
    }
  },
};
