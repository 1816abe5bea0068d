import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { flowDecider, type FlowEvent } from './flow';

const spec = deciderSpec(flowDecider);
const now = '2026-11-27T10:00:00.000000Z';
const created: FlowEvent = { type: 'FlowCreated', data: { flowId: 'f1', name: 'etl', tags: ['a'], labels: {}, createdAt: now } };
const create = { type: 'CreateFlow' as const, data: { flowId: 'f1', name: 'etl', tags: ['a'], labels: {}, now } };

describe('flow decider', () => {
  it('creates a flow', () => spec.given([]).when(create).then([created]));
  it('creating an existing flow decides nothing (upsert by name)', () => spec.given([created]).when(create).thenNothing());
  it('refuses names with / % & > <', () => {
    for (const name of ['a/b', '50%', 'x&y', 'a>b', 'a<b', ' ']) spec.given([]).when({ ...create, data: { ...create.data, name } }).thenThrows('VALIDATION_FAILED');
  });
  it('updates tags, deletes, and re-creates after deletion', () => {
    spec.given([created]).when({ type: 'UpdateFlow', data: { tags: ['b'], now } }).then([{ type: 'FlowUpdated', data: { flowId: 'f1', tags: ['b'], updatedAt: now } }]);
    const deleted: FlowEvent = { type: 'FlowDeleted', data: { flowId: 'f1', deletedAt: now } };
    spec.given([created]).when({ type: 'DeleteFlow', data: { now } }).then([deleted]);
    spec.given([created, deleted]).when({ type: 'DeleteFlow', data: { now } }).thenThrows('NOT_FOUND');
    spec.given([created, deleted]).when(create).then([created]);
  });
  it('updating a missing flow is not found', () => spec.given([]).when({ type: 'UpdateFlow', data: { tags: [], now } }).thenThrows('NOT_FOUND'));
});
