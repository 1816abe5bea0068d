import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { blockDocumentDecider, type BlockDocumentEvent } from './block-document';
import { OBFUSCATED } from './block-data';

const spec = deciderSpec(blockDocumentDecider);
const now = '2026-11-27T10:00:00.000000Z';
const child = '6d3b0f0e-3c1e-4b36-9f5e-0a7d1f0b2c3d';
const base = { blockDocumentId: 'd1', name: 'creds', blockSchemaId: 's1', blockTypeId: 't1', schemaBlockTypeId: 't1', blockTypeName: 'Creds', isAnonymous: false, now };
const create = { type: 'CreateBlockDocument' as const, data: { ...base, data: { user: 'u', password: 'SEALED', nested: { $ref: { block_document_id: child } } } } };
const created: BlockDocumentEvent = {
  type: 'BlockDocumentCreated',
  data: { blockDocumentId: 'd1', name: 'creds', blockSchemaId: 's1', blockTypeId: 't1', blockTypeName: 'Creds', isAnonymous: false, data: { user: 'u', password: 'SEALED' }, references: { nested: child }, createdAt: now },
};
const update = (data: Record<string, unknown> | undefined, more: Record<string, unknown> = {}) => ({
  type: 'UpdateBlockDocument' as const,
  data: { blockSchemaId: 's1', schemaBlockTypeId: 't1', data: data as never, mergeExistingData: true, secretFields: ['password'], now, ...more },
});

describe('block document decider', () => {
  it('creates a document with its references kept apart from the data', () => spec.given([]).when(create).then([created]));
  it('a name already used for the type is a conflict', () => spec.given([created]).when(create).thenThrows('CONFLICT'));
  it('refuses bad names, a schema of another type, and references without an id', () => {
    spec.given([]).when({ ...create, data: { ...create.data, name: 'Bad Name' } }).thenThrows('VALIDATION_FAILED');
    spec.given([]).when({ ...create, data: { ...create.data, schemaBlockTypeId: 't2' } }).thenThrows('VALIDATION_FAILED');
    spec.given([]).when({ ...create, data: { ...create.data, data: { x: { $ref: {} } } } }).thenThrows('VALIDATION_FAILED');
  });
  it('merges an update into the data by default; the mask posted back keeps the secret; references not sent are dropped', () => {
    spec.given([created]).when(update({ user: 'v', password: OBFUSCATED })).then([
      { type: 'BlockDocumentUpdated', data: { blockDocumentId: 'd1', blockSchemaId: 's1', data: { user: 'v', password: 'SEALED' }, references: { nested: child }, updatedAt: now } },
    ]);
    spec.given([created]).when(update({ user: 'v' }, { mergeExistingData: false })).then([
      { type: 'BlockDocumentUpdated', data: { blockDocumentId: 'd1', blockSchemaId: 's1', data: { user: 'v' }, references: {}, updatedAt: now } },
    ]);
  });
  it('an update that changes nothing decides nothing', () => {
    spec.given([created]).when(update({ user: 'u', password: OBFUSCATED })).thenNothing();
    spec.given([created]).when(update(undefined)).thenNothing();
  });
  it('changes the schema only to one of the same type', () => {
    spec.given([created]).when(update(undefined, { blockSchemaId: 's2' })).then([
      { type: 'BlockDocumentUpdated', data: { blockDocumentId: 'd1', blockSchemaId: 's2', data: { user: 'u', password: 'SEALED' }, references: { nested: child }, updatedAt: now } },
    ]);
    spec.given([created]).when(update(undefined, { blockSchemaId: 's2', schemaBlockTypeId: 't2' })).thenThrows('VALIDATION_FAILED', /same block type/);
  });
  it('deletes; a missing document is not found', () => {
    spec.given([created]).when({ type: 'DeleteBlockDocument', data: { now } }).then([{ type: 'BlockDocumentDeleted', data: { blockDocumentId: 'd1', deletedAt: now } }]);
    spec.given([]).when(update({})).thenThrows('NOT_FOUND');
  });
});
