import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAction, parseAutomationSpec, parseDuration, relatedResourceIds } from './automation-spec';

const counter = () => {
  let n = 0;
  return () => `t${++n}`;
};
const deployment = '8f6b2d1e-0c3a-4a55-9d3b-1e2f3a4b5c6d';

describe('automation spec', () => {
  it('fills Prefect defaults for an event trigger and gives every trigger node an id', () => {
    const spec = parseAutomationSpec({ name: 'on failure', trigger: { expect: ['prefect.flow-run.Failed'], match: { 'prefect.resource.id': 'prefect.flow-run.*' } }, actions: [{ type: 'do-nothing' }] }, counter());
    assert.deepEqual(spec.trigger, {
      type: 'event',
      id: 't1',
      match: { 'prefect.resource.id': 'prefect.flow-run.*' },
      match_related: {},
      after: [],
      expect: ['prefect.flow-run.Failed'],
      for_each: [],
      posture: 'Reactive',
      threshold: 1,
      within: 0,
    });
    assert.equal(spec.enabled, true);
    assert.equal(spec.description, '');
    assert.deepEqual(spec.actions_on_trigger, []);
  });

  it('gives a proactive trigger at least 10 seconds and refuses less', () => {
    const spec = parseAutomationSpec({ name: 'a', trigger: { posture: 'Proactive', expect: ['x'] }, actions: [] }, counter());
    assert.equal(spec.trigger.type === 'event' && spec.trigger.within, 10);
    assert.throws(() => parseAutomationSpec({ name: 'a', trigger: { posture: 'Proactive', within: 5 }, actions: [] }, counter()), /greater than or equal to 10 seconds/);
  });

  it('tells compound, sequence and metric triggers apart by shape and checks them', () => {
    const spec = parseAutomationSpec({ name: 'c', trigger: { triggers: [{ expect: ['a'] }, { expect: ['b'] }], require: 'all', within: 'PT1M' }, actions: [] }, counter());
    assert.equal(spec.trigger.type, 'compound');
    assert.equal(spec.trigger.type === 'compound' && spec.trigger.within, 60);
    assert.deepEqual(spec.trigger.type === 'compound' && spec.trigger.triggers.map((t) => t.id), ['t2', 't3']);
    assert.equal(parseAutomationSpec({ name: 's', trigger: { triggers: [{ expect: ['a'] }] }, actions: [] }, counter()).trigger.type, 'sequence');
    assert.throws(() => parseAutomationSpec({ name: 'c', trigger: { triggers: [{}], require: 2 }, actions: [] }, counter()), /less than or equal to the number of triggers/);
    const metric = parseAutomationSpec({ name: 'm', trigger: { posture: 'Metric', metric: { name: 'lateness', threshold: 60, operator: '>' } }, actions: [] }, counter());
    assert.deepEqual(metric.trigger.type === 'metric' && metric.trigger.metric, { name: 'lateness', threshold: 60, operator: '>', range: 300, firing_for: 300 });
    assert.throws(() => parseAutomationSpec({ name: 'm', trigger: { type: 'metric', metric: { name: 'lateness', threshold: 1, operator: '>', range: 60 } }, actions: [] }, counter()), /minimum range is 300/);
  });

  it('refuses what Prefect refuses, naming the field', () => {
    assert.throws(() => parseAutomationSpec({ trigger: {}, actions: [] }, counter()), /name: is required/);
    assert.throws(() => parseAutomationSpec({ name: 'x', trigger: { type: 'sometimes' }, actions: [] }, counter()), /trigger.type: unknown trigger type/);
    assert.throws(() => parseAutomationSpec({ name: 'x', trigger: {} }, counter()), /actions: is required/);
    assert.throws(() => parseAutomationSpec({ name: 'x', trigger: { threshold: -1 }, actions: [] }, counter()), /threshold/);
    assert.throws(() => parseAction({ type: 'launch-rockets' }, 'actions[0]'), /unknown action type/);
    assert.throws(() => parseAction({ type: 'run-deployment', source: 'selected' }, 'actions[0]'), /deployment_id: must be a UUID/);
    assert.throws(() => parseAction({ type: 'send-notification', block_document_id: deployment }, 'actions[0]'), /body: is required/);
  });

  it('fills action defaults and relates run-deployment actions to their deployment', () => {
    const run = parseAction({ type: 'run-deployment', deployment_id: deployment.toUpperCase() }, 'a');
    assert.deepEqual(run, { type: 'run-deployment', source: 'selected', deployment_id: deployment, parameters: null, job_variables: null, schedule_after: 0 });
    assert.deepEqual(parseAction({ type: 'pause-deployment', source: 'inferred' }, 'a'), { type: 'pause-deployment', source: 'inferred', deployment_id: null });
    const spec = parseAutomationSpec({ name: 'x', trigger: {}, actions: [run] }, counter());
    assert.deepEqual(relatedResourceIds(spec, 'prefect.deployment.owner'), [`prefect.deployment.${deployment}`, 'prefect.deployment.owner']);
  });

  it('reads durations in every form pydantic accepts', () => {
    assert.equal(parseDuration(30, 'w'), 30);
    assert.equal(parseDuration('45', 'w'), 45);
    assert.equal(parseDuration('PT1H2M3S', 'w'), 3723);
    assert.equal(parseDuration('P1DT1S', 'w'), 86_401);
    assert.equal(parseDuration('1 day, 0:00:05', 'w'), 86_405);
    assert.equal(parseDuration('00:01:30.5', 'w'), 90.5);
    assert.throws(() => parseDuration('soon', 'w'), /not a duration/);
    assert.throws(() => parseDuration(-1, 'w'), /non-negative/);
  });
});
