import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { messageIdFor, NotificationsService, type TemplateContextInput } from '../../src/infrastructure/notifications';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';

interface Hit {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real HTTP server whose handler sees each request in order (index counts from 0). */
async function httpServer(handler: (hit: Hit, index: number, res: ServerResponse) => void) {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hit = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      hits.push(hit);
      handler(hit, hits.length - 1, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    hits,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const FLOW_RUN_ID = '7c1e2f9a-5b4d-4e3f-8a2b-1c0d9e8f7a6b';
const context: TemplateContextInput = {
  automation: { id: 'a-1', name: 'failures' },
  event: {
    id: '3f0b0c1e-0000-4000-8000-00000000000a',
    occurred: '2026-11-28T01:00:00.000Z',
    event: 'prefect.flow-run.Failed',
    resource: { 'prefect.resource.id': `prefect.flow-run.${FLOW_RUN_ID}`, 'prefect.resource.name': 'brave-fox' },
  },
  flow_run: { id: FLOW_RUN_ID, name: 'brave-fox', state: { type: 'FAILED', name: 'Failed', message: 'boom' } },
  flow: { id: 'f-1', name: 'etl' },
};

describe('notifications against real SMTP and HTTP servers', () => {
  let smtp: TestSmtpServer;
  let service: NotificationsService;
  const fast = { baseDelayMs: 1, maxDelayMs: 5 };

  before(async () => {
    smtp = await startSmtpServer();
    service = new NotificationsService({
      mail: { smtpUrl: smtp.url, from: 'Praetor <praetor@praetor.test>', maxAttempts: 2, ...fast, timeoutMs: 5000 },
      webhooks: { maxAttempts: 4, timeoutMs: 5000, ...fast },
      uiUrl: 'https://praetor.test',
    });
  });
  after(async () => {
    service.close();
    await smtp.close();
  });

  it('send-email-notification: the SMTP server receives the message with subject and body rendered', async () => {
    const before = smtp.received.length;
    const outcome = await service.sendEmail({
      emails: ['ops@example.com', 'oncall@example.com'],
      subject: 'Flow run {{ flow.name }}/{{ flow_run.name }} entered {{ flow_run.state.name }}',
      body: 'Run {{ flow_run.name }} failed: {{ flow_run.state.message }}\nSee {{ flow_run | ui_url }}\n{% if flow_run.tags %}tags{% else %}no tags{% endif %}',
      context,
      idempotencyKey: 'automation a-1/action 0/event 3f0b0c1e',
    });
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    const [got] = (await smtp.waitFor(before + 1)).slice(before);
    assert.equal(got.mail.subject, 'Flow run etl/brave-fox entered Failed');
    assert.equal(got.mail.text?.trim(), `Run brave-fox failed: boom\nSee https://praetor.test/runs/flow-run/${FLOW_RUN_ID}\nno tags`);
    assert.deepEqual(got.envelope.to, ['ops@example.com', 'oncall@example.com']);
    assert.equal(got.envelope.from, 'praetor@praetor.test');
    assert.equal(got.user, 'praetor');
    assert.equal(got.mail.messageId, messageIdFor('automation a-1/action 0/event 3f0b0c1e', 'praetor.test'));
    assert.equal(outcome.ok && outcome.details.message_id, got.mail.messageId);
  });

  it('a retried action sends the same Message-ID, so the receiver can recognise the duplicate', async () => {
    const before = smtp.received.length;
    const send = () => service.sendEmail({ emails: ['ops@example.com'], subject: 'S', body: 'B', context, idempotencyKey: 'same-key' });
    assert.equal((await send()).ok, true);
    assert.equal((await send()).ok, true);
    const got = (await smtp.waitFor(before + 2)).slice(before);
    assert.equal(got[0].mail.messageId, got[1].mail.messageId);
    assert.notEqual(got[0].mail.messageId, undefined);
  });

  it('SMTP rejections are failure results: 550 is final, 451 is retried a bounded number of times', async () => {
    const permanent = await service.sendEmail({ emails: ['nobody@permanent-fail.test'], body: 'x', context, idempotencyKey: 'k-550' });
    assert.equal(permanent.ok, false);
    assert.equal(permanent.ok === false && permanent.retryable, false);
    const temporary = await service.sendEmail({ emails: ['later@temporary-fail.test'], body: 'x', context, idempotencyKey: 'k-451' });
    assert.equal(temporary.ok, false);
    assert.equal(temporary.ok === false && temporary.retryable, true);
  });

  it('wrong SMTP credentials fail without echoing them', async () => {
    const bad = new NotificationsService({ mail: { smtpUrl: smtp.url.replace('smtp-test-password', 'wrong-password'), from: 'p@praetor.test', maxAttempts: 1 } });
    const outcome = await bad.sendEmail({ emails: ['ops@example.com'], body: 'x', context, idempotencyKey: 'k' });
    bad.close();
    assert.equal(outcome.ok, false);
    assert.ok(!JSON.stringify(outcome).includes('wrong-password'));
  });

  it('call-webhook: a server that fails twice then succeeds gets three identical requests, the result has its answer', async () => {
    const hook = await httpServer((_hit, i, res) => {
      if (i < 2) {
        res.writeHead(503).end('try later');
        return;
      }
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ received: true, pad: 'x'.repeat(5000) }));
    });
    try {
      const outcome = await service.callWebhook({
        blockData: { url: `${hook.url}/in`, method: 'POST', headers: { Authorization: 'Bearer hook-secret' } },
        payload: '{"flow_run": "{{ flow_run.name }}", "state": "{{ flow_run.state.name }}"}',
        context,
        idempotencyKey: 'automation a-1/action 1/event 3f0b0c1e',
      });
      assert.equal(outcome.ok, true, JSON.stringify(outcome));
      assert.equal(hook.hits.length, 3);
      for (const hit of hook.hits) {
        assert.equal(hit.method, 'POST');
        assert.equal(hit.url, '/in');
        assert.equal(hit.body, '{"flow_run": "brave-fox", "state": "Failed"}');
        assert.equal(hit.headers['idempotency-key'], 'automation a-1/action 1/event 3f0b0c1e');
        assert.equal(hit.headers.authorization, 'Bearer hook-secret');
        assert.equal(hit.headers['content-type'], 'application/json');
      }
      assert.equal(outcome.details.status_code, 201);
      assert.equal(outcome.details.attempts, 3);
      assert.equal(String(outcome.details.response_body).length, 1000);
    } finally {
      await hook.close();
    }
  });

  it('a 4xx other than 429 is not retried', async () => {
    const hook = await httpServer((_hit, _i, res) => res.writeHead(400).end('bad payload'));
    try {
      const outcome = await service.callWebhook({ blockData: { url: hook.url }, payload: 'x', context, idempotencyKey: 'k' });
      assert.equal(outcome.ok, false);
      assert.equal(outcome.ok === false && outcome.retryable, false);
      assert.equal(outcome.details.status_code, 400);
      assert.equal(outcome.details.response_body, 'bad payload');
      assert.equal(hook.hits.length, 1);
    } finally {
      await hook.close();
    }
  });

  it('a server that never answers times out, attempts bounded', async () => {
    const hook = await httpServer(() => undefined);
    const quick = new NotificationsService({ webhooks: { maxAttempts: 2, timeoutMs: 100, ...fast } });
    try {
      const outcome = await quick.callWebhook({ blockData: { url: hook.url }, payload: 'x', context, idempotencyKey: 'k' });
      assert.equal(outcome.ok, false);
      assert.equal(outcome.ok === false && outcome.retryable, true);
      assert.match(String(outcome.details.error), /timed out/);
      assert.equal(hook.hits.length, 2);
    } finally {
      await hook.close();
    }
  });

  it('follows a redirect on the same host but never to another host', async () => {
    const elsewhere = await httpServer((_hit, _i, res) => res.writeHead(200).end('should not be reached'));
    const hook = await httpServer((hit, _i, res) => {
      if (hit.url === '/same') res.writeHead(307, { location: '/final' }).end();
      else if (hit.url === '/other') res.writeHead(302, { location: `http://localhost:${elsewhere.port}/steal` }).end();
      else res.writeHead(200).end('final');
    });
    try {
      const same = await service.callWebhook({ blockData: { url: `${hook.url}/same` }, payload: 'p', context, idempotencyKey: 'k' });
      assert.equal(same.ok, true);
      assert.deepEqual(hook.hits.map((h) => [h.method, h.url, h.body]), [
        ['POST', '/same', 'p'],
        ['POST', '/final', 'p'],
      ]);
      const other = await service.callWebhook({ blockData: { url: `${hook.url}/other` }, payload: 'p', context, idempotencyKey: 'k' });
      assert.equal(other.ok, false);
      assert.match(String(other.details.error), /another host/);
      assert.equal(elsewhere.hits.length, 0);
    } finally {
      await hook.close();
      await elsewhere.close();
    }
  });

  it('send-notification with a slack-webhook block posts {"text"} with the rendered subject and body', async () => {
    const slack = await httpServer((_hit, _i, res) => res.writeHead(200).end('ok'));
    try {
      const outcome = await service.sendNotification({
        blockType: 'slack-webhook',
        blockData: { url: `${slack.url}/services/T0/B0/XYZ` },
        subject: '{{ flow_run.name }} {{ flow_run.state.name | lower }}',
        body: 'Event {{ event.event }} on {{ event.resource.name }}',
        context,
        idempotencyKey: 'automation a-1/action 2/event 3f0b0c1e',
      });
      assert.equal(outcome.ok, true, JSON.stringify(outcome));
      assert.equal(slack.hits[0].url, '/services/T0/B0/XYZ');
      assert.deepEqual(JSON.parse(slack.hits[0].body), { text: 'brave-fox failed\nEvent prefect.flow-run.Failed on brave-fox' });
      assert.equal(slack.hits[0].headers['idempotency-key'], 'automation a-1/action 2/event 3f0b0c1e');
    } finally {
      await slack.close();
    }
  });

  it('send-notification with a custom-webhook block sends its templated method, URL, headers and JSON', async () => {
    const hook = await httpServer((_hit, _i, res) => res.writeHead(204).end());
    try {
      const outcome = await service.sendNotification({
        blockType: 'custom-webhook',
        blockData: {
          name: 'pager',
          url: `${hook.url}/notify/{{ name }}`,
          method: 'PUT',
          params: { source: 'praetor' },
          json_data: { title: '{{subject}}', message: '{{body}}', token: '{{ apiToken }}' },
          headers: { 'X-Api-Token': '{{ apiToken }}' },
          secrets: { apiToken: 'unsealed-token' },
        },
        subject: 'Run {{ flow_run.name }}',
        body: 'State {{ flow_run.state.type }}',
        context,
        idempotencyKey: 'k-custom',
      });
      assert.equal(outcome.ok, true, JSON.stringify(outcome));
      const hit = hook.hits[0];
      assert.deepEqual([hit.method, hit.url, hit.headers['x-api-token'], hit.headers['idempotency-key']], ['PUT', '/notify/pager?source=praetor', 'unsealed-token', 'k-custom']);
      assert.deepEqual(JSON.parse(hit.body), { title: 'Run brave-fox', message: 'State FAILED', token: 'unsealed-token' });
    } finally {
      await hook.close();
    }
  });

  it('a template that fails to render is a failure result and nothing is sent', async () => {
    const hook = await httpServer((_hit, _i, res) => res.writeHead(200).end());
    try {
      const outcome = await service.sendNotification({
        blockType: 'slack-webhook',
        blockData: { url: hook.url },
        body: '{{ "".constructor.constructor("return process")() }}',
        context,
        idempotencyKey: 'k',
      });
      assert.equal(outcome.ok, false);
      assert.match(outcome.ok ? '' : outcome.reason, /Template rendering failed/);
      assert.ok(outcome.details.template_error);
      const email = await service.sendEmail({ emails: ['ops@example.com'], body: '{% for %}', context, idempotencyKey: 'k' });
      assert.equal(email.ok, false);
      assert.equal(hook.hits.length, 0);
    } finally {
      await hook.close();
    }
  });
});
