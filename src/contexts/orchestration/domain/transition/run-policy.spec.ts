import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptState, draftState, type StateDraft } from '../states/state';
import { abort, accept, ACCEPT, reject, wait, type PolicyRule, type RuleContext } from './rule';
import { runPolicy } from './run-policy';

const now = '2026-11-27T10:00:00.000000Z';
type Run = { readonly log: readonly string[] };
type Ctx = RuleContext<Run>;
type Rule = PolicyRule<Ctx, string, string>;

const ctx = (to: StateDraft['type'] = 'RUNNING'): Ctx => ({
  run: { log: [] },
  initial: acceptState({ type: 'PENDING' }, 's0', now),
  proposed: draftState({ type: to }, now),
  intended: { from: 'PENDING', to },
  now,
});
const run = (rules: Rule[], c = ctx()) => runPolicy<Run, Ctx, string, string>(rules, c, (r, change) => ({ log: [...r.log, change] }));
const named = (name: string, apply: Rule['apply'], universal = false): Rule => ({ name, apply, universal });

describe('running a policy', () => {
  it('accepts when every rule accepts, in order', () => {
    const r = run([named('A', () => ACCEPT), named('B', () => ACCEPT)]);
    assert.equal(r.status, 'ACCEPT');
    assert.equal(r.proposed?.type, 'RUNNING');
    assert.deepEqual(r.governedBy, ['A', 'B']);
  });

  it('passes each rule the proposal as earlier rules rewrote it, and their before-changes on the run', () => {
    const seen: string[] = [];
    const r = run([
      named('A', (c) => accept({ proposed: { ...c.proposed, name: 'Renamed' }, before: 'a' })),
      named('B', (c) => {
        seen.push(c.proposed.name, ...c.run.log);
        return ACCEPT;
      }),
    ]);
    assert.deepEqual(seen, ['Renamed', 'a']);
    assert.equal(r.proposed?.name, 'Renamed');
    assert.deepEqual(r.before, ['a']);
  });

  it('stops ordinary rules once the proposal changed type, but universal transforms still fire', () => {
    const r = run([
      named('Replace', () => reject(draftState({ type: 'CANCELLED' }, now), 'no', { effects: ['replaced'] })),
      named('Skipped', () => abort('never')),
      named('Universal', () => accept({ effects: ['u'] }), true),
    ]);
    assert.equal(r.status, 'REJECT');
    assert.equal(r.reason, 'no');
    assert.equal(r.proposed?.type, 'CANCELLED');
    assert.deepEqual(r.governedBy, ['Replace', 'Universal']);
    assert.deepEqual(r.effects, ['replaced', 'u']);
  });

  it('drops the changes of rules whose transition a later rule changed (they fizzle)', () => {
    const r = run([
      named('Early', () => accept({ before: 'early-before', after: 'early-after', effects: ['early'] })),
      named('Replace', () => reject(draftState({ type: 'SCHEDULED' }, now), 'retry', { before: 'own' })),
    ]);
    assert.deepEqual(r.before, ['own']);
    assert.deepEqual(r.after, []);
    assert.deepEqual(r.effects, []);
  });

  it('lets later rules govern a replacement of the same type, keeping earlier changes', () => {
    const r = run(
      [
        named('Early', () => accept({ after: 'early' })),
        named('SameType', (c) => reject({ ...c.proposed, message: 'replaced' }, 'same type')),
        named('Later', () => accept({ after: 'later' })),
      ],
      ctx('COMPLETED'),
    );
    assert.equal(r.status, 'REJECT');
    assert.equal(r.proposed?.message, 'replaced');
    assert.deepEqual(r.after, ['early', 'later']);
  });

  it('writes nothing and changes nothing on WAIT, ABORT or a REJECT without a state', () => {
    for (const stop of [wait(3, 'later'), abort('gone'), reject(null, 'no')]) {
      const r = run([named('Change', () => accept({ before: 'x', effects: ['e'] })), named('Stop', () => stop), named('After', () => abort('never'), true)]);
      assert.equal(r.proposed, null);
      assert.deepEqual([r.before, r.after, r.effects], [[], [], []]);
      assert.deepEqual(r.governedBy, ['Change', 'Stop']);
    }
    const w = run([named('W', () => wait(3, 'later'))]);
    assert.deepEqual([w.status, w.delaySeconds, w.reason], ['WAIT', 3, 'later']);
  });
});
