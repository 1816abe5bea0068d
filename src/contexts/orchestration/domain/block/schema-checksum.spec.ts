import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SYSTEM_BLOCK_TYPES } from '../../application/blocks/system-block-types';
import { parseJsonKeepingNumbers, pythonFloatRepr, pythonJsonDumps, schemaChecksum } from './schema-checksum';

// Computed with the installed Prefect 3.9.0 client: Block._calculate_schema_checksum(fields).
const CLIENT_TEXT =
  '{"title": "Demo", "type": "object", "properties": {"timeout": {"type": "number", "default": 10.0}, "tiny": {"default": 1e-05}, "big": {"default": 1e+16}, "neg": {"default": -2.5}, "name": {"type": "string", "default": "caf\\u00e9 \\ud83d\\ude00 \\"q\\" \\\\ \\n"}}, "secret_fields": ["x"], "nested": {"secret_fields": ["y"], "k": [{"secret_fields": 1}]}, "block_type_slug": "demo", "zeta": null, "Alpha": true}';
const CLIENT_CHECKSUM = 'sha256:eb099e6cf8acb74f989104e1ba47947cea8c1ff082dc4139c7c36834618f30f0';

describe('block schema checksum (as the Prefect client computes it)', () => {
  it('matches the client for fields with floats, unicode, escapes and nested secret_fields', () => {
    assert.equal(schemaChecksum(parseJsonKeepingNumbers(CLIENT_TEXT)), CLIENT_CHECKSUM);
    // JSON.parse forgets that 10.0 was a float, and Python hashes it as `10.0`: the text matters.
    assert.notEqual(schemaChecksum(JSON.parse(CLIENT_TEXT)), CLIENT_CHECKSUM);
  });

  it('matches the client for the system blocks it registers (Webhook, Secret, LocalFileSystem)', () => {
    for (const t of SYSTEM_BLOCK_TYPES) assert.equal(schemaChecksum(t.schema.fields), t.schema.checksum, t.slug);
  });

  it('ignores secret_fields anywhere in objects, so adding a secret field name does not change it', () => {
    const a = { type: 'object', properties: { v: { type: 'string' } }, secret_fields: [] };
    assert.equal(schemaChecksum(a), schemaChecksum({ ...a, secret_fields: ['v'] }));
    assert.notEqual(schemaChecksum(a), schemaChecksum({ ...a, title: 'other' }));
  });

  it('keeps only non-block definitions', () => {
    const base = { properties: { a: { $ref: '#/definitions/Plain' }, b: { $ref: '#/definitions/Child' } } };
    const withDefs = { ...base, definitions: { Plain: { type: 'object' }, Child: { block_type_slug: 'child' }, Unused: { type: 'string' } } };
    assert.equal(schemaChecksum(withDefs), schemaChecksum({ ...base, definitions: { Plain: { type: 'object' } } }));
    assert.equal(schemaChecksum({ ...base, definitions: { Child: { block_type_slug: 'child' } } }), schemaChecksum(base));
  });

  it('prints numbers as Python does', () => {
    assert.deepEqual([0.0001, 0.00001, 1e16, 1.5e300, 123.456, -2.5, 1e22].map(pythonFloatRepr), ['0.0001', '1e-05', '1e+16', '1.5e+300', '123.456', '-2.5', '1e+22']);
    assert.equal(pythonJsonDumps({ b: [1, 2.5, null], a: { 'é': true } }), '{"a": {"\\u00e9": true}, "b": [1, 2.5, null]}');
  });
});
