import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTemplateContext, type PrefectEventJson } from './template-context';
import { TemplateRenderer } from './templates';

const FLOW_RUN_ID = '0b6f5e3c-1d2a-4c1b-9f7e-2a3b4c5d6e7f';
const event: PrefectEventJson = {
  id: 'e5b9b2a6-0000-4000-8000-000000000001',
  occurred: '2026-11-28T01:00:00.000Z',
  event: 'prefect.flow-run.Failed',
  resource: {
    'prefect.resource.id': `prefect.flow-run.${FLOW_RUN_ID}`,
    'prefect.resource.name': 'brave-fox',
    'prefect.state-name': 'Failed',
  },
  related: [{ 'prefect.resource.id': 'prefect.flow.f1', 'prefect.resource.role': 'flow', 'prefect.resource.name': 'etl' }],
  payload: { intended: { from: 'RUNNING', to: 'FAILED' } },
};
const context = buildTemplateContext({
  automation: { id: 'a1', name: 'on-failure' },
  event,
  labels: { 'prefect.resource.id': `prefect.flow-run.${FLOW_RUN_ID}` },
  flow_run: { id: FLOW_RUN_ID, name: 'brave-fox', state: { type: 'FAILED', name: 'Failed' }, tags: ['etl', 'nightly'], parameters: { day: 3, who: 'ops' } },
  flow: { id: 'f1', name: 'etl' },
  deployment: { id: 'd1', name: 'etl-nightly' },
});

function ok(r: ReturnType<TemplateRenderer['render']>): string {
  assert.ok(r.ok, `expected success, got ${JSON.stringify(r)}`);
  return r.text;
}
function failed(r: ReturnType<TemplateRenderer['render']>): string {
  assert.equal(r.ok, false, `expected failure, got ${JSON.stringify(r)}`);
  return (r as { error: string }).error;
}

describe('TemplateRenderer (Prefect-style Jinja with nunjucks)', () => {
  const t = new TemplateRenderer({ uiUrl: 'https://praetor.test/account/A/workspace/W/' });

  it('renders Prefect context names, filters, conditionals and loops', () => {
    assert.equal(ok(t.render('Flow run {{ flow_run.name }} of {{ flow.name }} is {{ flow_run.state.name | upper }}', context)), 'Flow run brave-fox of etl is FAILED');
    assert.equal(ok(t.render('{% if flow_run.state.type == "FAILED" %}bad{% else %}good{% endif %}', context)), 'bad');
    assert.equal(ok(t.render('{% for tag in flow_run.tags %}[{{ tag }}]{% endfor %}', context)), '[etl][nightly]');
    assert.equal(ok(t.render('{% for k, v in flow_run.parameters.items() %}{{ k }}={{ v }};{% endfor %}', context)), 'day=3;who=ops;');
    assert.equal(ok(t.render('{{ flow_run.tags | join(", ") }} / {{ flow_run.parameters | tojson }}', context)), 'etl, nightly / {"day":3,"who":"ops"}');
    assert.equal(ok(t.render('{{ deployment.name.upper() }} {{ "a b  c".split() | length }} {{ automation.name }}', context)), 'ETL-NIGHTLY 3 on-failure');
  });

  it('exposes the event as Prefect does: resource labels by name, id/name/role, related, payload, and label diving', () => {
    assert.equal(ok(t.render('{{ event.event }} {{ event.resource.name }} {{ event.resource["prefect.state-name"] }}', context)), 'prefect.flow-run.Failed brave-fox Failed');
    assert.equal(ok(t.render('{{ event.related[0].role }}:{{ event.related[0].name }} {{ event.payload.intended.to }}', context)), 'flow:etl FAILED');
    assert.equal(ok(t.render('{{ labels.prefect.resource.id }}', context)), `prefect.flow-run.${FLOW_RUN_ID}`);
    assert.equal(ok(t.render('{{ events | length }}', context)), '1');
  });

  it('renders undefined values, and lookups through them, as empty text', () => {
    assert.equal(ok(t.render('[{{ nothing }}][{{ task_run.name }}][{{ flow_run.nope.deeper }}]', context)), '[][][]');
    assert.equal(ok(t.render('{{ work_pool.name | default("no pool") }}', context)), 'no pool');
  });

  it('does not escape HTML in text output (autoescape off)', () => {
    assert.equal(ok(t.render('{{ x }}', { x: '<b>&"' })), '<b>&"');
  });

  it('links objects to the UI with ui_url and ui_resource_events_url', () => {
    assert.equal(ok(t.render('{{ flow_run | ui_url }}', context)), `https://praetor.test/account/A/workspace/W/runs/flow-run/${FLOW_RUN_ID}`);
    assert.equal(
      ok(t.render('{{ event.resource | ui_resource_events_url }}', context)),
      `https://praetor.test/account/A/workspace/W/events?resource=${encodeURIComponent(`prefect.flow-run.${FLOW_RUN_ID}`)}`,
    );
    assert.equal(ok(t.render('{{ "see /flow-run/' + FLOW_RUN_ID + ' now" | flow_run_id }}', context)), FLOW_RUN_ID);
  });

  it('returns rendering and syntax errors as failure results, never throws', () => {
    assert.match(failed(t.render('{{ flow_run.name ', context)), /template rendering failed/);
    assert.match(failed(t.render('{% if %}', context)), /template rendering failed/);
    assert.match(failed(t.render('{{ not_a_function() }}', context)), /not_a_function/);
    assert.equal(t.validate('{% for x in y %}{{ x }}{% endfor %}').ok, true);
    assert.equal(t.validate('{% for x in y %}').ok, false);
    assert.equal(ok(t.render('plain text, no template', context)), 'plain text, no template');
  });

  it('is a sandbox: no way to the Function constructor, literal or computed', () => {
    assert.match(failed(t.render('{{ "".constructor.constructor("return process")() }}', {})), /constructor.*not allowed/);
    assert.match(failed(t.render('{{ x.__proto__ }}', { x: {} })), /__proto__.*not allowed/);
    // A computed key passes the parse-time check; the runtime guard makes it undefined, so the call fails.
    const computed = t.render('{% set k = "constr" ~ "uctor" %}{{ ""[k][k]("return process")() }}', {});
    assert.equal(computed.ok, false);
    assert.equal(ok(t.render('{% set k = "constr" ~ "uctor" %}[{{ range[k] }}][{{ cycler[k] }}]', {})), '[][]');
  });

  it('has no filesystem access: include, import and extends are refused', () => {
    assert.match(failed(t.render('{% include "/etc/passwd" %}', {})), /not allowed/);
    assert.match(failed(t.render('{% import "x.njk" as x %}', {})), /not allowed/);
    assert.match(failed(t.render('{% extends "base.html" %}', {})), /not allowed/);
  });

  it('bounds work: range ≤ 100, at most 10 loops nested 2 deep, padding filters capped', () => {
    assert.equal(ok(t.render('{{ range(100) | length }}', {})), '100');
    assert.match(failed(t.render('{{ range(101) | length }}', {})), /range too big/);
    assert.match(failed(t.render('{% for a in x %}{% for b in x %}{% for c in x %}{% endfor %}{% endfor %}{% endfor %}', { x: [1] })), /nested 3 deep/);
    assert.match(failed(t.render('{% for a in x %}{% endfor %}'.repeat(11), { x: [] })), /11 for loops/);
    assert.equal(ok(t.render('{{ "x" | center(100000000) | length }}', {})), '1000');
  });

  it('refuses what could allocate without bound: loop-carried set, macros, sized string methods, huge batches', () => {
    assert.match(failed(t.render('{% set s = "x" %}{% for i in range(100) %}{% set s = s ~ s %}{% endfor %}{{ s }}', {})), /set may not read "s"/);
    assert.match(failed(t.render('{% set a = [1] %}{% for i in range(9) %}{% set b = a %}{% set a = b.concat(b) %}{% endfor %}', {})), /set may not read/);
    assert.match(failed(t.render('{% macro f(s) %}{{ f(s ~ s) }}{% endmacro %}{{ f("x") }}', {})), /macro are not allowed/);
    assert.equal(t.render('{{ "x".repeat(500000000) }}', {}).ok, false);
    assert.equal(t.render('{{ "x".padStart(500000000) }}', {}).ok, false);
    assert.equal(ok(t.render('{% for row in [1, 2] | batch(1000000000, "z") %}{{ row | length }}{% endfor %}', {})), '1000');
    assert.match(failed(new TemplateRenderer({ maxOutputChars: 100 }).render('{{ "ab" | replace("", "0123456789") }}{{ s | replace("", s) }}', { s: 'y'.repeat(50) })), /longer than the output limit/);
    // Setting a loop-local name from the loop variable is fine.
    assert.equal(ok(t.render('{% for r in runs %}{% set n = r.name | upper %}{{ n }};{% endfor %}', { runs: [{ name: 'a' }, { name: 'b' }] })), 'A;B;');
  });

  it('fails output longer than the configured maximum instead of producing it', () => {
    const small = new TemplateRenderer({ maxOutputChars: 10 });
    assert.match(failed(small.render('{% for i in range(20) %}x{% endfor %}', {})), /longer than 10/);
  });

  it('names the orchestration objects a set of templates needs', () => {
    const names = t.referencedObjects(['{{ flow_run.name }}', '{% for t in deployment.tags %}{{ t }}{% endfor %}', 'no template', '{{ broken']);
    assert.deepEqual([...names].sort(), ['deployment', 'flow_run']);
  });

  it('does not let a template mutate the caller’s objects', () => {
    const input = { flow_run: { id: 'r', tags: ['a'] } };
    const ctx = buildTemplateContext(input);
    ok(t.render('{{ flow_run.tags.append("b") }}', ctx));
    assert.deepEqual(input.flow_run.tags, ['a']);
  });
});
