import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventTriggerSpec, MetricTriggerSpec, TriggerSpec } from '../automation/automation-spec';
import { relatedMatches, resourceMatches, type EngineEvent } from './resource-match';
import { emptyTriggerState, evaluateTriggerClock, evaluateTriggerEvent, openUngatedWindows, type Fire, type TriggerState } from './trigger-evaluation';

const T0 = Date.parse('2026-11-27T10:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
let n = 0;
function ev(event: string, second: number, resource: Record<string, string> = { 'prefect.resource.id': 'r.1' }, related: Record<string, string>[] = []): EngineEvent {
  n += 1;
  return { id: `e${n}`, occurred: at(second), received: at(second), event, resource, related, payload: {} };
}
const trigger = (t: Partial<EventTriggerSpec>): EventTriggerSpec => ({ type: 'event', id: 't', match: {}, match_related: {}, after: [], expect: [], for_each: [], posture: 'Reactive', threshold: 1, within: 0, ...t });

/** Feeds events in order; returns all root fires and the final state. */
function feed(t: TriggerSpec, events: EngineEvent[], state: TriggerState = emptyTriggerState()) {
  const fires: Fire[] = [];
  for (const e of events) {
    const r = evaluateTriggerEvent(t, state, e);
    state = r.state;
    fires.push(...r.fires);
  }
  return { state, fires };
}

describe('resource specifications (Prefect ResourceSpecification)', () => {
  const r = { 'prefect.resource.id': 'prefect.flow-run.1', 'prefect.resource.name': 'nightly-eu' };
  it('labels AND, values OR, trailing * is a prefix, ! negates', () => {
    assert.equal(resourceMatches({ 'prefect.resource.id': 'prefect.flow-run.*' }, r), true);
    assert.equal(resourceMatches({ 'prefect.resource.id': 'prefect.flow-run.*', 'prefect.resource.name': ['x', 'nightly-*'] }, r), true);
    assert.equal(resourceMatches({ 'prefect.resource.id': 'prefect.flow-run.*', 'prefect.resource.name': 'x' }, r), false);
    assert.equal(resourceMatches({ 'prefect.resource.name': '!nightly-*' }, r), false);
    assert.equal(resourceMatches({ 'prefect.resource.name': ['nightly-*', '!nightly-eu'] }, r), false);
    assert.equal(resourceMatches({ 'prefect.resource.name': '!weekly-*' }, r), true);
    assert.equal(resourceMatches({ missing: 'x' }, r), false);
    assert.equal(resourceMatches({ 'prefect.resource.id': '*' }, r), true);
  });
  it('match_related: each specification needs its own related resource', () => {
    const related = [{ 'prefect.resource.id': 'prefect.tag.prod', 'prefect.resource.role': 'tag' }, { 'prefect.resource.id': 'prefect.flow.9', 'prefect.resource.role': 'flow' }];
    assert.equal(relatedMatches({ 'prefect.resource.role': 'tag', 'prefect.resource.id': 'prefect.tag.p*' }, related), true);
    assert.equal(relatedMatches({ 'prefect.resource.role': 'tag', 'prefect.resource.id': 'prefect.flow.*' }, related), false);
    assert.equal(relatedMatches([{ 'prefect.resource.role': 'tag' }, { 'prefect.resource.role': 'flow' }], related), true);
    assert.equal(relatedMatches([{ 'prefect.resource.role': 'tag' }, { 'prefect.resource.role': 'deployment' }], related), false);
    assert.equal(relatedMatches({}, []), true);
  });
});

describe('reactive event triggers', () => {
  it('given threshold 3 within 60s, when three events arrive in the window, then it fires once on the third', () => {
    const t = trigger({ expect: ['ping'], threshold: 3, within: 60 });
    const r = feed(t, [ev('ping', 0), ev('ping', 10), ev('ping', 20)]);
    assert.equal(r.fires.length, 1);
    assert.equal(r.fires[0]!.event!.occurred, at(20));
  });
  it('given threshold 2 within 10s, when the events are further apart, then it never fires', () => {
    const r = feed(trigger({ expect: ['ping'], threshold: 2, within: 10 }), [ev('ping', 0), ev('ping', 15), ev('ping', 30)]);
    assert.equal(r.fires.length, 0);
  });
  it('after firing it waits out the rest of its window, then counts again', () => {
    const r = feed(trigger({ expect: ['ping'], threshold: 1, within: 60 }), [ev('ping', 0), ev('ping', 30), ev('ping', 61)]);
    assert.deepEqual(r.fires.map((f) => f.at), [at(0), at(61)]);
  });
  it('with within 0 every matching event fires', () => {
    assert.equal(feed(trigger({ expect: ['ping'] }), [ev('ping', 0), ev('ping', 0), ev('pong', 0)]).fires.length, 2);
  });
  it('for_each counts per bucket and reports the triggering labels', () => {
    const t = trigger({ expect: ['tick'], threshold: 2, within: 60, for_each: ['prefect.resource.id'] });
    const a = { 'prefect.resource.id': 'r.a' };
    const b = { 'prefect.resource.id': 'r.b' };
    const r = feed(t, [ev('tick', 0, a), ev('tick', 1, b), ev('tick', 2, a)]);
    assert.deepEqual(r.fires.map((f) => f.labels), [{ 'prefect.resource.id': 'r.a' }]);
  });
  it('for_each on a related label (related:<role>:<label>)', () => {
    const t = trigger({ expect: ['tick'], threshold: 2, within: 60, for_each: ['related:deployment:prefect.resource.id'] });
    const dep = (id: string) => [{ 'prefect.resource.id': id, 'prefect.resource.role': 'deployment' }];
    const r = feed(t, [ev('tick', 0, undefined, dep('d1')), ev('tick', 1, undefined, dep('d2')), ev('tick', 2, undefined, dep('d2'))]);
    assert.deepEqual(r.fires.map((f) => f.labels), [{ 'related:deployment:prefect.resource.id': 'd2' }]);
  });
  it('after gates: expected events count only once the after event was seen', () => {
    const t = trigger({ after: ['start'], expect: ['done'] });
    const r = feed(t, [ev('done', 0), ev('start', 1), ev('done', 2)]);
    assert.deepEqual(r.fires.map((f) => f.at), [at(2)]);
  });
  it('an uncovered event (resource, related or name) changes nothing', () => {
    const t = trigger({ match: { 'prefect.resource.id': 'r.*' }, match_related: { 'prefect.resource.role': 'tag' }, expect: ['x'] });
    const r = feed(t, [ev('x', 0), ev('y', 0, undefined, [{ 'prefect.resource.id': 'prefect.tag.a', 'prefect.resource.role': 'tag' }])]);
    assert.equal(r.fires.length, 0);
    assert.deepEqual(r.state, emptyTriggerState());
  });
});

describe('proactive event triggers', () => {
  const t = trigger({ posture: 'Proactive', after: ['Running'], expect: ['Completed'], for_each: ['prefect.resource.id'], within: 10 });
  const run = (id: string) => ({ 'prefect.resource.id': `run.${id}` });
  it('fires when the expected event does not arrive within the window, once', () => {
    const { state } = feed(t, [ev('Running', 0, run('slow')), ev('Running', 1, run('quick')), ev('Completed', 5, run('quick'))]);
    assert.equal(evaluateTriggerClock(t, state, at(9)).fires.length, 0);
    const r = evaluateTriggerClock(t, state, at(11));
    assert.deepEqual(r.fires.map((f) => [f.labels, f.occasion]), [[{ 'prefect.resource.id': 'run.slow' }, `window:${at(0)}`]]);
    assert.equal(evaluateTriggerClock(t, r.state, at(30)).fires.length, 0);
  });
  it('an ungated proactive trigger watches from when it was configured and rolls its window', () => {
    const u = trigger({ posture: 'Proactive', expect: ['heartbeat'], within: 10 });
    const opened = openUngatedWindows(u, emptyTriggerState(), at(0));
    const r1 = evaluateTriggerClock(u, opened, at(10));
    assert.equal(r1.fires.length, 1);
    const fed = feed(u, [ev('heartbeat', 12)], r1.state);
    assert.equal(evaluateTriggerClock(u, fed.state, at(20)).fires.length, 0);
  });
});

describe('composite triggers', () => {
  const child = (id: string, name: string) => trigger({ id, expect: [name] });
  it('compound all: fires once every child fired', () => {
    const c: TriggerSpec = { type: 'compound', id: 'c', require: 'all', within: 60, triggers: [child('a', 'left'), child('b', 'right')] };
    assert.equal(feed(c, [ev('left', 0), ev('left', 1)]).fires.length, 0);
    assert.equal(feed(c, [ev('left', 0), ev('right', 1)]).fires.length, 1);
  });
  it('compound N and within: old child fires expire', () => {
    const c: TriggerSpec = { type: 'compound', id: 'c', require: 2, within: 10, triggers: [child('a', 'x'), child('b', 'y'), child('d', 'z')] };
    assert.equal(feed(c, [ev('x', 0), ev('z', 30)]).fires.length, 0);
    assert.equal(feed(c, [ev('x', 0), ev('z', 5)]).fires.length, 1);
  });
  it('compound any fires on the first child', () => {
    const c: TriggerSpec = { type: 'compound', id: 'c', require: 'any', within: null, triggers: [child('a', 'x'), child('b', 'y')] };
    assert.equal(feed(c, [ev('y', 0)]).fires.length, 1);
  });
  it('sequence: only in order', () => {
    const s: TriggerSpec = { type: 'sequence', id: 's', within: 60, triggers: [child('a', 'first'), child('b', 'second')] };
    assert.equal(feed(s, [ev('second', 0), ev('first', 1)]).fires.length, 0);
    assert.equal(feed(s, [ev('second', 0), ev('first', 1), ev('second', 2)]).fires.length, 1);
  });
});

describe('metric triggers', () => {
  const m: MetricTriggerSpec = { type: 'metric', id: 'm', match: {}, match_related: {}, posture: 'Metric', metric: { name: 'successes', threshold: 0.9, operator: '<', range: 300, firing_for: 60 } };
  it('fires once the metric has been out of bounds for firing_for, once per breach', () => {
    const breached = new Map([['m', true]]);
    const r0 = evaluateTriggerClock(m, emptyTriggerState(), at(0), breached);
    assert.equal(r0.fires.length, 0);
    const r1 = evaluateTriggerClock(m, r0.state, at(61), breached);
    assert.equal(r1.fires.length, 1);
    assert.equal(evaluateTriggerClock(m, r1.state, at(200), breached).fires.length, 0);
    const healed = evaluateTriggerClock(m, r1.state, at(201), new Map([['m', false]]));
    assert.deepEqual(healed.state, emptyTriggerState());
  });
});
