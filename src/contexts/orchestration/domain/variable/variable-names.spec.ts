import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { claimVariableName, variableNamesDecider, type VariableNamesEvent } from './variable-names';

const spec = deciderSpec(variableNamesDecider);
const now = '2026-11-27T10:00:00.000000Z';
const claim = (name: string, variableId: string, claimId: string) => ({ type: 'ClaimVariableName' as const, data: { name, variableId, claimId, now } });
const release = (name: string, claimId: string) => ({ type: 'ReleaseVariableName' as const, data: { name, claimId, now } });
const claimed = (name: string, variableId: string, claimId: string): VariableNamesEvent => ({ type: 'VariableNameClaimed', data: { name, variableId, claimId, at: now } });
const released = (name: string, variableId: string, claimId: string): VariableNamesEvent => ({ type: 'VariableNameReleased', data: { name, variableId, claimId, at: now } });
const fold = (events: VariableNamesEvent[]) => events.reduce(variableNamesDecider.evolve, variableNamesDecider.initialState());

describe('variable name registry decider', () => {
  it('claims a free name', () => spec.given([]).when(claim('a', 'v1', 'c1')).then([claimed('a', 'v1', 'c1')]));
  it('refuses a name another claim holds (409), whichever variable asks', () => {
    spec.given([claimed('a', 'v1', 'c1')]).when(claim('a', 'v2', 'c2')).thenThrows('ALREADY_EXISTS');
    spec.given([claimed('a', 'v1', 'c1')]).when(claim('a', 'v1', 'c2')).thenThrows('ALREADY_EXISTS');
  });
  it('the same claim repeated decides nothing', () => spec.given([claimed('a', 'v1', 'c1')]).when(claim('a', 'v1', 'c1')).thenNothing());
  it('claimVariableName answers who holds the name instead of failing', () => {
    assert.deepEqual(claimVariableName(fold([claimed('a', 'v1', 'c1')]), claim('a', 'v2', 'c2')), { events: [], output: { heldBy: { variableId: 'v1', claimId: 'c1' } } });
    assert.deepEqual(claimVariableName(fold([]), claim('a', 'v2', 'c2')), { events: [claimed('a', 'v2', 'c2')], output: { claimed: { variableId: 'v2', claimId: 'c2' } } });
  });
  it('releases a name only for the claim that holds it', () => {
    spec.given([claimed('a', 'v1', 'c1')]).when(release('a', 'c1')).then([released('a', 'v1', 'c1')]);
    spec.given([claimed('a', 'v1', 'c1')]).when(release('a', 'c0')).thenNothing();
    spec.given([claimed('a', 'v1', 'c1'), released('a', 'v1', 'c1')]).when(release('a', 'c1')).thenNothing();
  });
  it('a released name can be claimed again', () => spec.given([claimed('a', 'v1', 'c1'), released('a', 'v1', 'c1')]).when(claim('a', 'v2', 'c2')).then([claimed('a', 'v2', 'c2')]));
  it('names are independent', () => spec.given([claimed('a', 'v1', 'c1')]).when(claim('b', 'v1', 'c2')).then([claimed('b', 'v1', 'c2')]));
});
