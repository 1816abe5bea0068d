import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiKeyHint, generateApiKey, hashApiKey, looksLikeApiKey } from './api-key-secret';

describe('api key secrets', () => {
  it('generates prefixed keys of the documented form, all different', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey('pnu_')));
    assert.equal(keys.size, 1000);
    for (const k of keys) assert.ok(looksLikeApiKey(k), k);
    assert.ok(generateApiKey('pnb_').startsWith('pnb_'));
  });
  it('hashes with SHA-256 and shows only a short hint', () => {
    const k = generateApiKey('pnu_');
    assert.match(hashApiKey(k), /^[0-9a-f]{64}$/);
    assert.notEqual(hashApiKey(k), hashApiKey(generateApiKey('pnu_')));
    assert.equal(apiKeyHint(k).length, 8);
    assert.ok(!hashApiKey(k).includes(k.slice(4)));
  });
  it('recognises keys', () => {
    assert.ok(!looksLikeApiKey('pnu_short'));
    assert.ok(!looksLikeApiKey('xyz_' + 'a'.repeat(36)));
  });
});
