import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TemplateRenderer } from '../../../../infrastructure/notifications';
import { ValidationError } from '../../../../shared/errors';
import { actionTemplates, hydrate, validateActionTemplates } from './templates';

const renderer = new TemplateRenderer();
const render = (context: Record<string, unknown>) => (template: string) => {
  const r = renderer.render(template, context);
  if (!r.ok) throw new ValidationError(r.error);
  return r.text;
};

describe('automation action templates', () => {
  it('hydrates run-deployment parameters: jinja renders, json parses, none is null, the rest passes through', () => {
    const out = hydrate(
      {
        name: { __prefect_kind: 'jinja', template: '{{ flow_run.name }}' },
        count: { __prefect_kind: 'json', value: { __prefect_kind: 'jinja', template: '{{ n }}' } },
        gone: { __prefect_kind: 'none' },
        nested: [{ plain: 1 }, { __prefect_kind: 'jinja', template: 'x-{{ n }}' }],
      },
      render({ flow_run: { name: 'brave-fox' }, n: 3 }),
    );
    assert.deepEqual(out, { name: 'brave-fox', count: 3, gone: null, nested: [{ plain: 1 }, 'x-3'] });
  });

  it('a json parameter that is not JSON is a ValidationError, not a crash', () => {
    assert.throws(() => hydrate({ p: { __prefect_kind: 'json', value: '{nope' } }, render({})), ValidationError);
  });

  it('lists the templates each action renders, by field', () => {
    assert.deepEqual(actionTemplates({ type: 'send-email-notification', email_addresses: ['a@b.c'], subject: 's', body: 'b' }), [
      { field: 'subject', template: 's' },
      { field: 'body', template: 'b' },
    ]);
    assert.deepEqual(actionTemplates({ type: 'call-webhook', block_document_id: 'x', payload: '{}' }), [{ field: 'payload', template: '{}' }]);
    assert.deepEqual(actionTemplates({ type: 'run-deployment', parameters: { a: { __prefect_kind: 'jinja', template: 't' }, b: 1 }, job_variables: null }), [{ field: 'parameters', template: 't' }]);
    assert.deepEqual(actionTemplates({ type: 'do-nothing' }), []);
  });

  it('refuses a template that does not parse or breaks the sandbox, naming the action and field', () => {
    assert.doesNotThrow(() => validateActionTemplates(renderer, [{ type: 'send-notification', block_document_id: 'x', subject: '{{ flow_run.name }} failed', body: 'ok' }], 'actions'));
    assert.throws(() => validateActionTemplates(renderer, [{ type: 'do-nothing' }, { type: 'send-notification', block_document_id: 'x', subject: 'ok', body: '{% if %}' }], 'actions'), /actions\[1\]\.body: invalid template/);
    assert.throws(() => validateActionTemplates(renderer, [{ type: 'call-webhook', block_document_id: 'x', payload: '{{ a.__proto__ }}' }], 'actions_on_trigger'), /actions_on_trigger\[0\]\.payload/);
  });
});
