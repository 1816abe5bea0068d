import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { resultStorageDecider, type ResultStorageEvent } from './result-storage';

const spec = deciderSpec(resultStorageDecider);
const now = '2026-11-27T10:00:00.000000Z';
const set: ResultStorageEvent = { type: 'DefaultResultStorageSet', data: { workspaceId: 'w1', blockDocumentId: 'b1', at: now } };

describe('default result storage', () => {
  it('sets, and setting the same block again decides nothing', () => {
    spec.given([]).when({ type: 'SetDefaultResultStorage', data: { workspaceId: 'w1', blockDocumentId: 'b1', now } }).then([set]);
    spec.given([set]).when({ type: 'SetDefaultResultStorage', data: { workspaceId: 'w1', blockDocumentId: 'b1', now } }).thenNothing();
  });
  it('clears a set storage; clearing nothing decides nothing', () => {
    spec.given([set]).when({ type: 'ClearDefaultResultStorage', data: { workspaceId: 'w1', now } }).then([{ type: 'DefaultResultStorageCleared', data: { workspaceId: 'w1', at: now } }]);
    spec.given([]).when({ type: 'ClearDefaultResultStorage', data: { workspaceId: 'w1', now } }).thenNothing();
  });
});
