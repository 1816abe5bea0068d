import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { serviceAccountDecider, serviceAccountNameDecider } from './service-account.decide';
import type { ServiceAccountEvent } from './service-account.events';

const spec = deciderSpec(serviceAccountDecider);
const names = deciderSpec(serviceAccountNameDecider);
const now = '2026-11-27T10:00:00.000000Z';
const later = '2026-11-27T10:00:02.000000Z';
const ids = { botId: 'b1', accountId: 'a1' };
const created: ServiceAccountEvent = { type: 'ServiceAccountCreated', data: { ...ids, name: 'ci', apiKeyId: 'k1', createdAt: now } };
const rotated: ServiceAccountEvent = { type: 'ServiceAccountKeyRotated', data: { ...ids, apiKeyId: 'k2', oldApiKeyId: 'k1', oldKeyExpiresAt: later, rotatedAt: now } };
const deleted: ServiceAccountEvent = { type: 'ServiceAccountDeleted', data: { ...ids, name: 'ci', apiKeyIds: ['k1', 'k2'], deletedAt: now } };

describe('service account decider', () => {
  it('creates a bot with its first key; the same create again decides nothing', () => {
    spec.given([]).when({ type: 'CreateServiceAccount', data: { ...ids, name: ' ci ', apiKeyId: 'k1', now } }).then([created]);
    spec.given([created]).when({ type: 'CreateServiceAccount', data: { ...ids, name: 'ci', apiKeyId: 'k1', now } }).thenNothing();
  });
  it('refuses an empty name and a second bot under the same id', () => {
    spec.given([]).when({ type: 'CreateServiceAccount', data: { ...ids, name: '  ', apiKeyId: 'k1', now } }).thenThrows('VALIDATION_FAILED');
    spec.given([created]).when({ type: 'CreateServiceAccount', data: { ...ids, name: 'other', apiKeyId: 'k9', now } }).thenThrows('ALREADY_EXISTS');
  });
  it('renames; the same name decides nothing', () => {
    spec.given([created]).when({ type: 'RenameServiceAccount', data: { ...ids, name: 'deploy', now } }).then([
      { type: 'ServiceAccountRenamed', data: { ...ids, name: 'deploy', renamedAt: now } },
    ]);
    spec.given([created]).when({ type: 'RenameServiceAccount', data: { ...ids, name: 'ci', now } }).thenNothing();
  });
  it('rotates the key, keeping the old one for the grace period', () =>
    spec.given([created]).when({ type: 'RotateServiceAccountKey', data: { ...ids, apiKeyId: 'k2', oldKeyExpiresAt: later, now } }).then([rotated]));
  it('a grace period that is not in the future revokes the old key at once (no expiry recorded)', () =>
    spec.given([created]).when({ type: 'RotateServiceAccountKey', data: { ...ids, apiKeyId: 'k2', oldKeyExpiresAt: now, now } }).then([
      { type: 'ServiceAccountKeyRotated', data: { ...ids, apiKeyId: 'k2', oldApiKeyId: 'k1', oldKeyExpiresAt: null, rotatedAt: now } },
    ]));
  it('rotating to the current key again decides nothing; to an older key is refused', () => {
    spec.given([created, rotated]).when({ type: 'RotateServiceAccountKey', data: { ...ids, apiKeyId: 'k2', oldKeyExpiresAt: later, now } }).thenNothing();
    spec.given([created, rotated]).when({ type: 'RotateServiceAccountKey', data: { ...ids, apiKeyId: 'k1', oldKeyExpiresAt: later, now } }).thenThrows('ALREADY_EXISTS');
  });
  it('deleting names every key the bot ever had, so they can be revoked', () =>
    spec.given([created, rotated]).when({ type: 'DeleteServiceAccount', data: { ...ids, now } }).then([deleted]));
  it('a deleted, unknown or other account\'s bot is not found', () => {
    spec.given([created, rotated, deleted]).when({ type: 'DeleteServiceAccount', data: { ...ids, now } }).thenThrows('NOT_FOUND');
    spec.given([created, deleted]).when({ type: 'RenameServiceAccount', data: { ...ids, name: 'x', now } }).thenThrows('NOT_FOUND');
    spec.given([]).when({ type: 'RotateServiceAccountKey', data: { ...ids, apiKeyId: 'k2', oldKeyExpiresAt: null, now } }).thenThrows('NOT_FOUND');
    spec.given([created]).when({ type: 'DeleteServiceAccount', data: { botId: 'b1', accountId: 'a2', now } }).thenThrows('NOT_FOUND');
  });
});

describe('service account name decider (names unique per account)', () => {
  const claimed: ServiceAccountEvent = { type: 'ServiceAccountNameClaimed', data: { accountId: 'a1', name: 'ci', botId: 'b1' } };
  const released: ServiceAccountEvent = { type: 'ServiceAccountNameReleased', data: { accountId: 'a1', name: 'ci', botId: 'b1' } };
  it('claims a free name; the holder claiming again decides nothing', () => {
    names.given([]).when({ type: 'ClaimServiceAccountName', data: { accountId: 'a1', name: 'ci', botId: 'b1' } }).then([claimed]);
    names.given([claimed]).when({ type: 'ClaimServiceAccountName', data: { accountId: 'a1', name: 'ci', botId: 'b1' } }).thenNothing();
  });
  it('refuses a name another bot holds', () =>
    names.given([claimed]).when({ type: 'ClaimServiceAccountName', data: { accountId: 'a1', name: 'ci', botId: 'b2' } }).thenThrows('ALREADY_EXISTS'));
  it('a released name can be claimed by another bot; only the holder releases', () => {
    names.given([claimed]).when({ type: 'ReleaseServiceAccountName', data: { accountId: 'a1', name: 'ci', botId: 'b2' } }).thenNothing();
    names.given([claimed]).when({ type: 'ReleaseServiceAccountName', data: { accountId: 'a1', name: 'ci', botId: 'b1' } }).then([released]);
    names.given([claimed, released]).when({ type: 'ClaimServiceAccountName', data: { accountId: 'a1', name: 'ci', botId: 'b2' } }).then([
      { type: 'ServiceAccountNameClaimed', data: { accountId: 'a1', name: 'ci', botId: 'b2' } },
    ]);
  });
});
