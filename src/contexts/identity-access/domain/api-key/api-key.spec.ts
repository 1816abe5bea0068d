import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { apiKeyDecider } from './api-key.decide';
import type { ApiKeyEvent } from './api-key.events';

const spec = deciderSpec(apiKeyDecider);
const now = '2026-11-27T10:00:00.000Z';
const create = { keyId: 'k1', owner: { type: 'user' as const, id: 'u1' }, name: 'laptop', keyHash: 'h1', keyHint: 'pnu_abcd', expiresAt: null, now };
const created: ApiKeyEvent = {
  type: 'ApiKeyCreated',
  data: { keyId: 'k1', owner: { type: 'user', id: 'u1' }, name: 'laptop', keyHash: 'h1', keyHint: 'pnu_abcd', expiresAt: null, createdAt: now },
};
const revoked: ApiKeyEvent = { type: 'ApiKeyRevoked', data: { keyId: 'k1', revokedAt: now } };

describe('api key decider', () => {
  it('creates a key', () => spec.given([]).when({ type: 'CreateApiKey', data: create }).then([created]));
  it('creating the same key again decides nothing', () => spec.given([created]).when({ type: 'CreateApiKey', data: create }).thenNothing());
  it('refuses another key under the same id', () =>
    spec.given([created]).when({ type: 'CreateApiKey', data: { ...create, keyHash: 'h2' } }).thenThrows('ALREADY_EXISTS'));
  it('refuses an empty name and a past expiration', () => {
    spec.given([]).when({ type: 'CreateApiKey', data: { ...create, name: ' ' } }).thenThrows('VALIDATION_FAILED');
    spec.given([]).when({ type: 'CreateApiKey', data: { ...create, expiresAt: '2020-01-01T00:00:00.000Z' } }).thenThrows('VALIDATION_FAILED');
  });
  it('revokes an active key', () => spec.given([created]).when({ type: 'RevokeApiKey', data: { keyId: 'k1', now } }).then([revoked]));
  it('revoking twice decides nothing', () => spec.given([created, revoked]).when({ type: 'RevokeApiKey', data: { keyId: 'k1', now } }).thenNothing());
  it('revoking an unknown key is not found', () => spec.given([]).when({ type: 'RevokeApiKey', data: { keyId: 'k1', now } }).thenThrows('NOT_FOUND'));
});

describe('api key expiration (rotation grace period)', () => {
  const later = '2026-11-27T10:00:05.000Z';
  const shortened: ApiKeyEvent = { type: 'ApiKeyExpirationShortened', data: { keyId: 'k1', expiresAt: later, shortenedAt: now } };
  it('shortens a key that never expires', () =>
    spec.given([created]).when({ type: 'ShortenApiKeyExpiration', data: { keyId: 'k1', expiresAt: later, now } }).then([shortened]));
  it('never extends a key that expires sooner', () =>
    spec.given([created, shortened]).when({ type: 'ShortenApiKeyExpiration', data: { keyId: 'k1', expiresAt: '2026-11-27T10:00:09.000Z', now } }).thenNothing());
  it('a grace period that is already over revokes the key at once', () =>
    spec.given([created]).when({ type: 'ShortenApiKeyExpiration', data: { keyId: 'k1', expiresAt: now, now } }).then([revoked]));
  it('a revoked key stays revoked; an unknown key is not found', () => {
    spec.given([created, revoked]).when({ type: 'ShortenApiKeyExpiration', data: { keyId: 'k1', expiresAt: later, now } }).thenNothing();
    spec.given([]).when({ type: 'ShortenApiKeyExpiration', data: { keyId: 'k1', expiresAt: later, now } }).thenThrows('NOT_FOUND');
  });
});
