import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { blockSchemaDecider, type BlockSchemaEvent } from './block-schema';

const spec = deciderSpec(blockSchemaDecider);
const now = '2026-11-27T10:00:00.000000Z';
const checksum = `sha256:${'a'.repeat(64)}`;
const create = { type: 'CreateBlockSchema' as const, data: { blockSchemaId: 's1', checksum, fields: { type: 'object' }, blockTypeId: 't1', capabilities: ['read-path'], version: '3.9.0', now } };
const created: BlockSchemaEvent = { type: 'BlockSchemaCreated', data: { blockSchemaId: 's1', checksum, fields: { type: 'object' }, blockTypeId: 't1', capabilities: ['read-path'], version: '3.9.0', createdAt: now } };

describe('block schema decider', () => {
  it('creates a schema; the same checksum and version again decides nothing (the existing one answers)', () => {
    spec.given([]).when(create).then([created]);
    spec.given([created]).when(create).thenNothing();
  });
  it('refuses a malformed checksum', () => {
    spec.given([]).when({ ...create, data: { ...create.data, checksum: 'md5:x' } }).thenThrows('VALIDATION_FAILED');
  });
  it('deletes, but not a protected type’s schema', () => {
    spec.given([created]).when({ type: 'DeleteBlockSchema', data: { blockTypeProtected: false, now } }).then([{ type: 'BlockSchemaDeleted', data: { blockSchemaId: 's1', deletedAt: now } }]);
    spec.given([created]).when({ type: 'DeleteBlockSchema', data: { blockTypeProtected: true, now } }).thenThrows('FORBIDDEN');
    spec.given([]).when({ type: 'DeleteBlockSchema', data: { blockTypeProtected: false, now } }).thenThrows('NOT_FOUND');
  });
});
