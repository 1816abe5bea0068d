import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { blockTypeDecider, type BlockTypeEvent } from './block-type';

const spec = deciderSpec(blockTypeDecider);
const now = '2026-11-27T10:00:00.000000Z';
const details = { logoUrl: null, documentationUrl: null, description: 'd', codeExample: null };
const create = { type: 'CreateBlockType' as const, data: { blockTypeId: 't1', name: 'My Block', slug: 'my-block', ...details, now } };
const created: BlockTypeEvent = { type: 'BlockTypeCreated', data: { blockTypeId: 't1', name: 'My Block', slug: 'my-block', isProtected: false, ...details, createdAt: now } };
const install = { type: 'InstallSystemBlockType' as const, data: { ...create.data } };
const installed: BlockTypeEvent = { type: 'BlockTypeCreated', data: { ...created.data, isProtected: true } };

describe('block type decider', () => {
  it('creates a type; the same slug again is a conflict', () => {
    spec.given([]).when(create).then([created]);
    spec.given([created]).when(create).thenThrows('CONFLICT');
  });
  it('refuses a slug that is not lowercase letters, digits and dashes', () => {
    spec.given([]).when({ ...create, data: { ...create.data, slug: 'My_Block' } }).thenThrows('VALIDATION_FAILED');
  });
  it('updates only on a meaningful change', () => {
    spec.given([created]).when({ type: 'UpdateBlockType', data: { changes: { description: 'd' }, now } }).thenNothing();
    spec.given([created]).when({ type: 'UpdateBlockType', data: { changes: { description: 'new', logoUrl: undefined }, now } }).then([
      { type: 'BlockTypeUpdated', data: { blockTypeId: 't1', isProtected: false, ...details, description: 'new', updatedAt: now } },
    ]);
    spec.given([]).when({ type: 'UpdateBlockType', data: { changes: {}, now } }).thenThrows('NOT_FOUND');
  });
  it('protected types cannot be changed or deleted', () => {
    spec.given([installed]).when({ type: 'UpdateBlockType', data: { changes: { description: 'new' }, now } }).thenThrows('FORBIDDEN', /cannot be updated/);
    spec.given([installed]).when({ type: 'DeleteBlockType', data: { now } }).thenThrows('FORBIDDEN', /protected block types cannot be deleted/);
  });
  it('installing a system type creates it protected, protects an existing one, and is idempotent', () => {
    spec.given([]).when(install).then([installed]);
    spec.given([installed]).when(install).thenNothing();
    spec.given([created]).when(install).then([{ type: 'BlockTypeUpdated', data: { blockTypeId: 't1', isProtected: true, ...details, updatedAt: now } }]);
  });
  it('deletes, then the type is gone and can be created again', () => {
    const deleted: BlockTypeEvent = { type: 'BlockTypeDeleted', data: { blockTypeId: 't1', deletedAt: now } };
    spec.given([created]).when({ type: 'DeleteBlockType', data: { now } }).then([deleted]);
    spec.given([created, deleted]).when({ type: 'DeleteBlockType', data: { now } }).thenThrows('NOT_FOUND');
    spec.given([created, deleted]).when(create).then([created]);
  });
});
