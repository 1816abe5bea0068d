import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { variableDecider, type VariableEvent } from './variable';

const spec = deciderSpec(variableDecider);
const now = '2026-11-27T10:00:00.000000Z';
const later = '2026-11-27T11:00:00.000000Z';
const created = (over: Partial<{ name: string; claimId: string; value: unknown; tags: string[] }> = {}): VariableEvent => ({
  type: 'VariableCreated',
  data: { variableId: 'v1', name: 'a', claimId: 'c1', value: 'v', tags: [], createdAt: now, ...over } as never,
});
const create = (over: Record<string, unknown> = {}) => ({ type: 'CreateVariable' as const, data: { variableId: 'v1', name: 'a', claimId: 'c1', value: 'v', tags: [], now, ...over } });
const update = (changes: Record<string, unknown>, opts: { expectedName?: string | null; newClaim?: { name: string; claimId: string } | null } = {}) => ({
  type: 'UpdateVariable' as const,
  data: { variableId: 'v1', changes, expectedName: opts.expectedName ?? null, newClaim: opts.newClaim ?? null, now: later },
});
const abandon = (claimId: string) => ({ type: 'AbandonVariableNameClaim' as const, data: { variableId: 'v1', claimId, now: later } });
const abandoned = (claimId: string): VariableEvent => ({ type: 'VariableNameClaimAbandoned', data: { variableId: 'v1', claimId, at: later } });
const renamedTo = (name: string, claimId: string, previousName = 'a', previousClaimId = 'c1'): VariableEvent => ({
  type: 'VariableUpdated',
  data: { variableId: 'v1', changes: { name }, rename: { previousName, previousClaimId, claimId }, updatedAt: later },
});
const deleted: VariableEvent = { type: 'VariableDeleted', data: { variableId: 'v1', name: 'a', claimId: 'c1', deletedAt: later } };

describe('variable decider', () => {
  it('creates a variable with any JSON value, recording the claim that backs its name', () => {
    for (const value of ['s', '', 0, 1.5, -3, true, false, null, { a: [1, { b: null }] }, [1, 'two', null], {}, []]) {
      spec.given([]).when(create({ value, tags: ['t'] })).then([created({ value, tags: ['t'] })]);
    }
  });
  it('null tags mean no tags', () => spec.given([]).when(create({ tags: null })).then([created()]));
  it('a create retried after it was appended decides nothing', () => spec.given([created()]).when(create()).thenNothing());
  it("enforces Prefect's name rules and value limit (422)", () => {
    for (const name of ['', 'UPPER', 'has space', 'a/b', 'dot.ted', 'x'.repeat(256), 42, null]) spec.given([]).when(create({ name })).thenThrows('VALIDATION_FAILED');
    spec.given([]).when(create({ name: 'x'.repeat(255) })).then([created({ name: 'x'.repeat(255) })]);
    // 4,998 characters + 2 quotes = 5,000 bytes: allowed; one more is not; multi-byte characters count as bytes.
    spec.given([]).when(create({ value: 'x'.repeat(4998) })).then([created({ value: 'x'.repeat(4998) })]);
    spec.given([]).when(create({ value: 'x'.repeat(4999) })).thenThrows('VALIDATION_FAILED', /less than 5000/);
    spec.given([]).when(create({ value: 'é'.repeat(2500) })).thenThrows('VALIDATION_FAILED');
    spec.given([]).when(create({ value: Number.NaN })).thenThrows('VALIDATION_FAILED');
    spec.given([]).when(create({ tags: 'x' })).thenThrows('VALIDATION_FAILED');
  });
  it('updates value and tags; only what changed is recorded, and "value": null sets null', () => {
    spec.given([created()]).when(update({ value: { k: 1 }, tags: ['x'] })).then([
      { type: 'VariableUpdated', data: { variableId: 'v1', changes: { value: { k: 1 }, tags: ['x'] }, rename: null, updatedAt: later } },
    ]);
    spec.given([created()]).when(update({ name: 'a', value: null }, { expectedName: 'a' })).then([
      { type: 'VariableUpdated', data: { variableId: 'v1', changes: { value: null }, rename: null, updatedAt: later } },
    ]);
  });
  it('an update that changes nothing decides nothing', () => {
    spec.given([created()]).when(update({ name: 'a', value: 'v', tags: [] })).thenNothing();
    spec.given([created()]).when(update({})).thenNothing();
  });
  it('renames with the claim on the new name, naming the claim to release', () => {
    spec.given([created()]).when(update({ name: 'b' }, { newClaim: { name: 'b', claimId: 'c2' } })).then([renamedTo('b', 'c2')]);
    spec.given([created(), renamedTo('b', 'c2')]).when(update({ name: 'c' }, { newClaim: { name: 'c', claimId: 'c3' } })).then([renamedTo('c', 'c3', 'b', 'c2')]);
  });
  it('refuses a rename without a claim on the new name (409), or with a claim abandoned meanwhile (409)', () => {
    spec.given([created()]).when(update({ name: 'b' })).thenThrows('CONFLICT');
    spec.given([created()]).when(update({ name: 'b' }, { newClaim: { name: 'x', claimId: 'c2' } })).thenThrows('CONFLICT');
    spec.given([created(), abandoned('c2')]).when(update({ name: 'b' }, { newClaim: { name: 'b', claimId: 'c2' } })).thenThrows('ALREADY_EXISTS');
  });
  it('a by-name update or delete of a variable that no longer has that name is not found', () => {
    spec.given([created(), renamedTo('b', 'c2')]).when(update({ value: 1 }, { expectedName: 'a' })).thenThrows('NOT_FOUND');
    spec.given([created(), renamedTo('b', 'c2')]).when({ type: 'DeleteVariable', data: { variableId: 'v1', expectedName: 'a', now } }).thenThrows('NOT_FOUND');
  });
  it('validates an update before looking the variable up', () => {
    spec.given([]).when(update({ name: 'Bad Name' })).thenThrows('VALIDATION_FAILED');
    spec.given([created()]).when(update({ value: 'x'.repeat(5000) })).thenThrows('VALIDATION_FAILED');
  });
  it('updating or deleting a missing or deleted variable is not found', () => {
    spec.given([]).when(update({ value: 1 })).thenThrows('NOT_FOUND');
    spec.given([]).when({ type: 'DeleteVariable', data: { variableId: 'v1', expectedName: null, now } }).thenThrows('NOT_FOUND');
    spec.given([created(), deleted]).when(update({ value: 1 })).thenThrows('NOT_FOUND');
    spec.given([created(), deleted]).when({ type: 'DeleteVariable', data: { variableId: 'v1', expectedName: null, now } }).thenThrows('NOT_FOUND');
  });
  it('deletes, naming the claim to release', () => spec.given([created()]).when({ type: 'DeleteVariable', data: { variableId: 'v1', expectedName: 'a', now: later } }).then([deleted]));

  describe('abandoning a name claim', () => {
    it('is refused while the claim backs the current name: the name is really taken', () => {
      spec.given([created()]).when(abandon('c1')).thenThrows('ALREADY_EXISTS', /"a" already exists/);
      spec.given([created(), renamedTo('b', 'c2')]).when(abandon('c2')).thenThrows('ALREADY_EXISTS');
    });
    it('is recorded for a claim that backs nothing: before the create, and after a rename away from it', () => {
      spec.given([]).when(abandon('c1')).then([abandoned('c1')]);
      spec.given([created(), renamedTo('b', 'c2')]).when(abandon('c1')).then([abandoned('c1')]);
      spec.given([created()]).when(abandon('c9')).then([abandoned('c9')]);
    });
    it('is harmless to repeat, and needs nothing for a deleted variable', () => {
      spec.given([abandoned('c1')]).when(abandon('c1')).thenNothing();
      spec.given([created(), deleted]).when(abandon('c1')).thenNothing();
    });
    it('wins against a create with that claim that comes after it (the create is a 409)', () => spec.given([abandoned('c1')]).when(create()).thenThrows('ALREADY_EXISTS'));
  });
});
