import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapSecrets, OBFUSCATED, restoreObfuscated, secretPaths, separateReferences } from './block-data';

describe('block data and secret fields', () => {
  const data = { user: 'u', password: 'p', headers: { a: '1', b: { c: '2' } }, child: { token: 't', other: 'o' }, empty: null };

  it('finds secret paths: exact, nested and wildcard (every leaf under the prefix)', () => {
    const paths = secretPaths(data, ['password', 'headers.*', 'child.token', 'missing', 'empty']).map((p) => p.join('.'));
    assert.deepEqual(paths.sort(), ['child.token', 'empty', 'headers.a', 'headers.b.c', 'password']);
  });

  it('maps only the secret values', () => {
    const out = mapSecrets(data, ['password', 'headers.*'], () => 'X');
    assert.deepEqual(out, { ...data, password: 'X', headers: { a: 'X', b: { c: 'X' } } });
  });

  it('keeps the current value where the update posts back the mask', () => {
    const current = { password: 'sealed-1', headers: { a: 'sealed-2' } };
    const update = { password: OBFUSCATED, headers: { a: OBFUSCATED, n: 'new' }, user: OBFUSCATED };
    assert.deepEqual(restoreObfuscated(update, current, ['password', 'headers.*']), { password: 'sealed-1', headers: { a: 'sealed-2', n: 'new' }, user: OBFUSCATED });
  });

  it('separates references from data and refuses a reference without an id', () => {
    const id = '6d3b0f0e-3c1e-4b36-9f5e-0a7d1f0b2c3d';
    assert.deepEqual(separateReferences({ a: 1, child: { $ref: { block_document_id: id } } }), { data: { a: 1 }, references: { child: id } });
    assert.throws(() => separateReferences({ child: { $ref: {} } }), /block_document_id/);
  });
});
