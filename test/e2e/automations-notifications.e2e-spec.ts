import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { messageIdFor } from '../../src/infrastructure/notifications';
import type { EventMetadata, RecordedEvent } from '../../src/shared/ddd';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { startTestServer, type TestServer } from '../support/test-server';
import { eventually } from '../support/eventually';

const json = (body: unknown, method = 'POST') => ({ method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP receiver standing in for Slack and for a webhook endpoint: records every request, answers 200. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Outcome {
  firingId: string;
  automationId: string;
  actionIndex: number;
  actionType: string;
  reason: string | null;
  related: Record<string, string>[];
}

const SLACK_FIELDS = {
  title: 'SlackWebhook',
  type: 'object',
  properties: { url: { title: 'Webhook URL', type: 'string', format: 'password', writeOnly: true } },
  required: ['url'],
  block_type_slug: 'slack-webhook',
  secret_fields: ['url'],
  block_schema_references: {},
};

describe('automations: notifications (email over real SMTP, a Slack block, a webhook block)', () => {
  let t: TestServer;
  let smtp: TestSmtpServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const ws = (path: string) => `${t.workspaceApi}${path}`;
  const post = async <T>(path: string, body: unknown, status = [200, 201]): Promise<T> => {
    const r = await t.fetch(ws(path), json(body));
    const text = await r.text();
    assert.ok(status.includes(r.status), `${path} → ${r.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const get = async <T>(path: string): Promise<T> => {
    const r = await t.fetch(ws(path));
    const text = await r.text();
    assert.equal(r.status, 200, `${path} → ${r.status} ${text}`);
    return JSON.parse(text) as T;
  };
  const all = async () => t.server.runtime.stores.events.readAll();
  const outcomesOf = async (automationId: string) =>
    (await all()).filter((e) => e.type.startsWith('AutomationAction') && (e.data as Outcome).automationId === automationId) as RecordedEvent<string, Outcome>[];
  let flowId: string;

  /** A deployment of its own per test, so each automation's trigger sees only its own run. */
  const newDeployment = async (name: string) => ({ deploymentId: (await post<{ id: string }>('/deployments/', { name, flow_id: flowId })).id });
  async function fail(deploymentId: string): Promise<{ runId: string; runName: string }> {
    const run = await post<{ id: string; name: string }>(`/deployments/${deploymentId}/create_flow_run`, {});
    await post(`/flow_runs/${run.id}/set_state`, { state: { type: 'RUNNING' }, force: true });
    await post(`/flow_runs/${run.id}/set_state`, { state: { type: 'FAILED', message: 'boom' }, force: true });
    return { runId: run.id, runName: run.name };
  }
  const onFailure = (deploymentId: string) => ({
    type: 'event',
    match: { 'prefect.resource.id': 'prefect.flow-run.*' },
    match_related: { 'prefect.resource.id': `prefect.deployment.${deploymentId}` },
    expect: ['prefect.flow-run.Failed'],
    posture: 'Reactive',
    threshold: 1,
    within: 0,
  });

  before(async () => {
    smtp = await startSmtpServer();
    receiver = await startReceiver();
    t = await startTestServer({ PRAETOR_SMTP_URL: smtp.url, PRAETOR_SMTP_FROM: 'Praetor <praetor@example.test>' });
    flowId = (await post<{ id: string }>('/flows/', { name: 'notified-flow' })).id;
  });
  after(async () => {
    await t?.stop();
    await smtp?.close();
    await receiver?.close();
  });

  it('a FAILED run fires an automation whose email, Slack notification and webhook call arrive rendered, once each', { timeout: 90_000 }, async () => {
    const { deploymentId } = await newDeployment('nightly-etl');
    // The Slack block: its own type and schema (the client registers them), the URL a secret.
    const slackType = await post<{ id: string }>('/block_types/', { name: 'Slack Webhook', slug: 'slack-webhook' });
    const slackSchema = await post<{ id: string }>('/block_schemas/', { fields: SLACK_FIELDS, block_type_id: slackType.id, capabilities: ['notify'], version: '3.9.0' });
    const slack = await post<{ id: string; data: Record<string, unknown> }>('/block_documents/', {
      name: 'ops-channel',
      data: { url: `${receiver.url}/slack/T000/B000/secret-path` },
      block_schema_id: slackSchema.id,
      block_type_id: slackType.id,
    });
    assert.equal(slack.data.url, '********', 'the Slack URL is a secret');
    // The webhook block: the system type, with a secret header.
    await post('/block_types/install_system_block_types', {});
    const webhookType = await get<{ id: string }>('/block_types/slug/webhook');
    const [webhookSchema] = await post<{ id: string }[]>('/block_schemas/filter', { block_schemas: { block_type_id: { any_: [webhookType.id] } } });
    const webhook = await post<{ id: string }>('/block_documents/', {
      name: 'incident-hook',
      data: { method: 'POST', url: `${receiver.url}/hook`, headers: { Authorization: 'Bearer hook-secret-token' } },
      block_schema_id: webhookSchema!.id,
      block_type_id: webhookType.id,
    });

    const a = await post<{ id: string }>('/automations/', {
      name: 'tell-everyone',
      trigger: onFailure(deploymentId),
      actions: [
        {
          type: 'send-email-notification',
          email_addresses: ['oncall@example.test'],
          subject: '{{ flow_run.name }} failed',
          body: 'Flow {{ flow.name }} run {{ flow_run.name }} of {{ deployment.name }} ended {{ flow_run.state.name }}: {{ flow_run.state.message }} ({{ event.event }}, automation {{ automation.name }})',
        },
        { type: 'send-notification', block_document_id: slack.id, subject: 'Run {{ flow_run.name }}', body: '{{ flow_run.name }} is {{ flow_run.state_name }}' },
        { type: 'call-webhook', block_document_id: webhook.id, payload: '{"run": "{{ flow_run.name }}", "deployment": "{{ deployment.name }}", "labels": {{ labels | tojson }}}' },
      ],
    });
    const { runName } = await fail(deploymentId);

    const outcomes = await eventually(() => outcomesOf(a.id), (x) => x.length === 3, 'three action outcomes');
    assert.deepEqual(
      outcomes.map((e) => [e.data.actionIndex, e.type, e.data.reason]).sort(),
      [
        [0, 'AutomationActionExecuted', null],
        [1, 'AutomationActionExecuted', null],
        [2, 'AutomationActionExecuted', null],
      ],
    );
    for (const o of outcomes) assert.deepEqual((o.metadata as EventMetadata).actor, { type: 'automation', id: a.id, name: 'tell-everyone' });
    const firingId = outcomes[0]!.data.firingId;

    // The email: a real SMTP server received it, subject and body rendered, Message-ID from the idempotency key.
    const [mail] = await smtp.waitFor(1);
    assert.equal(smtp.received.length, 1);
    assert.deepEqual(mail!.envelope.to, ['oncall@example.test']);
    assert.equal(mail!.envelope.from, 'praetor@example.test');
    assert.equal(mail!.mail.subject, `${runName} failed`);
    assert.equal(mail!.mail.text?.trim(), `Flow notified-flow run ${runName} of nightly-etl ended Failed: boom (prefect.flow-run.Failed, automation tell-everyone)`);
    assert.equal(mail!.mail.messageId, messageIdFor(`${firingId}:0`, 'example.test'));

    // Slack: the block's secret URL (unsealed for the automation) received Slack's payload.
    const slackCalls = receiver.received.filter((r) => r.path.startsWith('/slack/'));
    assert.equal(slackCalls.length, 1);
    assert.equal(slackCalls[0]!.path, '/slack/T000/B000/secret-path');
    const slackBody = JSON.parse(slackCalls[0]!.body) as { text: string };
    assert.ok(slackBody.text.includes(`Run ${runName}`), slackBody.text);
    assert.ok(slackBody.text.includes(`${runName} is Failed`), slackBody.text);
    assert.equal(slackCalls[0]!.headers['idempotency-key'], `${firingId}:1`);

    // The webhook: method, URL and secret header from the block, the payload rendered.
    const hookCalls = receiver.received.filter((r) => r.path === '/hook');
    assert.equal(hookCalls.length, 1);
    assert.equal(hookCalls[0]!.method, 'POST');
    assert.equal(hookCalls[0]!.headers.authorization, 'Bearer hook-secret-token');
    assert.equal(hookCalls[0]!.headers['idempotency-key'], `${firingId}:2`);
    assert.deepEqual(JSON.parse(hookCalls[0]!.body), { run: runName, deployment: 'nightly-etl', labels: {} });

    // The block actions name the block they used; Prefect's executed event carries the result details.
    const slackOutcome = outcomes.find((o) => o.data.actionIndex === 1)!;
    assert.ok(slackOutcome.data.related.some((r) => r['prefect.resource.id'] === `prefect.block-document.${slack.id}` && r['prefect.resource.role'] === 'block'));
    const executed = await eventually(
      async () =>
        (await post<{ events: { event: string; payload: Record<string, unknown> }[] }>('/events/filter', { filter: { event: { name: ['prefect.automation.action.executed'] }, resource: { id: [`prefect.automation.${a.id}`] } }, limit: 50 })).events,
      (x) => x.length === 3,
      'three action.executed events',
    );
    const emailEvent = executed.find((e) => e.payload.action_index === 0)!;
    assert.equal(emailEvent.payload.message_id, mail!.mail.messageId);
    assert.equal(executed.find((e) => e.payload.action_index === 2)!.payload.status_code, 200);
    // No secret in any event: neither the Slack URL nor the webhook's header.
    const text = JSON.stringify(await all());
    assert.ok(!text.includes('secret-path'), 'the Slack URL is in no event');
    assert.ok(!text.includes('hook-secret-token'), 'the webhook header is in no event');
  });

  it('a failing SMTP delivery records AutomationActionFailed with the reason; the other actions still run', { timeout: 60_000 }, async () => {
    const { deploymentId } = await newDeployment('flaky-mail');
    const a = await post<{ id: string }>('/automations/', {
      name: 'mail-to-nowhere',
      trigger: onFailure(deploymentId),
      actions: [
        { type: 'send-email-notification', email_addresses: ['nobody@permanent-fail.test'], subject: '{{ flow_run.name }} failed', body: 'x' },
        { type: 'do-nothing' },
      ],
    });
    const before = smtp.received.length;
    await fail(deploymentId);
    const outcomes = await eventually(() => outcomesOf(a.id), (x) => x.length === 2, 'two action outcomes');
    const failed = outcomes.find((o) => o.data.actionIndex === 0)!;
    assert.equal(failed.type, 'AutomationActionFailed');
    assert.match(failed.data.reason ?? '', /^Email failed: .*550/);
    assert.deepEqual((failed.metadata as EventMetadata).actor, { type: 'automation', id: a.id, name: 'mail-to-nowhere' });
    assert.equal(outcomes.find((o) => o.data.actionIndex === 1)!.type, 'AutomationActionExecuted');
    assert.equal(smtp.received.length, before, 'nothing was delivered');
    const failedEvents = await eventually(
      async () =>
        (await post<{ events: { payload: Record<string, unknown> }[] }>('/events/filter', { filter: { event: { name: ['prefect.automation.action.failed'] }, resource: { id: [`prefect.automation.${a.id}`] } }, limit: 10 })).events,
      (x) => x.length === 1,
      'the action.failed event',
    );
    assert.equal(failedEvents[0]!.payload.reason, failed.data.reason);
    assert.equal(failedEvents[0]!.payload.retryable, false);
  });

  it('a send-notification whose block is not a notification block, and a template failing at render time, record Failed', { timeout: 60_000 }, async () => {
    const { deploymentId } = await newDeployment('misconfigured');
    await post('/block_types/install_system_block_types', {});
    const secretType = await get<{ id: string }>('/block_types/slug/secret');
    const [secretSchema] = await post<{ id: string }[]>('/block_schemas/filter', { block_schemas: { block_type_id: { any_: [secretType.id] } } });
    const secret = await post<{ id: string }>('/block_documents/', { name: 'not-a-notifier', data: { value: 'shh' }, block_schema_id: secretSchema!.id, block_type_id: secretType.id });
    const a = await post<{ id: string }>('/automations/', {
      name: 'misconfigured',
      trigger: onFailure(deploymentId),
      actions: [
        { type: 'send-notification', block_document_id: secret.id, body: 'hello' },
        { type: 'send-email-notification', email_addresses: ['oncall@example.test'], body: '{% for i in range(1000) %}x{% endfor %}' },
        { type: 'call-webhook', block_document_id: secret.id, payload: '{}' },
      ],
    });
    const before = smtp.received.length;
    await fail(deploymentId);
    const outcomes = await eventually(() => outcomesOf(a.id), (x) => x.length === 3, 'three action outcomes');
    const byIndex = (i: number) => outcomes.find((o) => o.data.actionIndex === i)!;
    assert.equal(byIndex(0).type, 'AutomationActionFailed');
    assert.equal(byIndex(0).data.reason, 'The referenced block was not a notification block');
    assert.equal(byIndex(1).type, 'AutomationActionFailed');
    assert.match(byIndex(1).data.reason ?? '', /^Template rendering failed: .*range too big/);
    assert.equal(byIndex(2).type, 'AutomationActionFailed');
    assert.equal(byIndex(2).data.reason, 'The referenced block was not a webhook block');
    assert.equal(smtp.received.length, before);
  });

  it('an automation with a template that does not parse is refused with 422, naming the action and field', async () => {
    const bad = async (action: Record<string, unknown>) => {
      const r = await t.fetch(ws('/automations/'), json({ name: 'bad-template', trigger: { expect: ['x'] }, actions: [{ type: 'do-nothing' }, action] }));
      const body = await r.text();
      assert.equal(r.status, 422, body);
      return body;
    };
    assert.match(await bad({ type: 'send-email-notification', email_addresses: ['a@example.test'], subject: '{{ flow_run.name ', body: 'x' }), /actions\[1\]\.subject: invalid template/);
    assert.match(await bad({ type: 'send-email-notification', email_addresses: ['a@example.test'], body: '{% include "x" %}' }), /actions\[1\]\.body: invalid template/);
    assert.match(await bad({ type: 'call-webhook', block_document_id: '00000000-0000-4000-8000-000000000000', payload: '{{ x.constructor }}' }), /actions\[1\]\.payload: invalid template/);
    assert.match(
      await bad({ type: 'run-deployment', source: 'selected', deployment_id: '00000000-0000-4000-8000-000000000000', parameters: { p: { __prefect_kind: 'jinja', template: '{% if %}' } } }),
      /actions\[1\]\.parameters: invalid template/,
    );
    const names = (await post<{ name: string }[]>('/automations/filter', {})).map((x) => x.name);
    assert.ok(!names.includes('bad-template'), 'nothing was created');
  });
});
