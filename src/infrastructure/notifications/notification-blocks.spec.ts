import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { customWebhookRequest, NotificationBlockSender, SUPPORTED_NOTIFICATION_BLOCK_TYPES } from './notification-blocks';
import { applyValues } from './placeholders';
import { WebhookClient } from './webhook-client';

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

function recorder(status = 200) {
  const seen: Seen[] = [];
  const fetchFn = (async (input: URL | RequestInfo, init?: RequestInit) => {
    seen.push({ url: String(input), method: String(init?.method), headers: { ...(init?.headers as Record<string, string>) }, body: init?.body === undefined ? undefined : String(init.body) });
    return new Response('ok', { status });
  }) as typeof fetch;
  const sender = new NotificationBlockSender(new WebhookClient({ fetch: fetchFn, maxAttempts: 1 }), {
    discord: 'http://discord.test',
    pagerDuty: 'http://pd.test',
    opsgenie: 'http://og.test',
    sendgrid: 'http://sg.test',
    twilio: 'http://tw.test',
  });
  return { sender, seen };
}

const json = (s: Seen) => JSON.parse(s.body ?? 'null') as Record<string, unknown>;

describe('notification block senders', () => {
  it('slack-webhook posts {"text": subject + body} to the webhook URL with the idempotency key', async () => {
    const { sender, seen } = recorder();
    const r = await sender.notify('slack-webhook', { url: 'https://hooks.slack.test/services/A/B/C' }, { subject: 'Run failed', body: 'brave-fox failed', idempotencyKey: 'k1' });
    assert.equal(r.ok, true);
    assert.equal(seen[0].url, 'https://hooks.slack.test/services/A/B/C');
    assert.deepEqual(json(seen[0]), { text: 'Run failed\nbrave-fox failed' });
    assert.equal(seen[0].headers['idempotency-key'], 'k1');
  });

  it('ms-teams-webhook posts an Adaptive Card message', async () => {
    const { sender, seen } = recorder();
    await sender.notify('ms-teams-webhook', { url: 'https://x.test/workflows/1' }, { subject: 'S', body: 'B' });
    const card = json(seen[0]) as { type: string; attachments: { contentType: string; content: { body: { text: string }[] } }[] };
    assert.equal(card.type, 'message');
    assert.equal(card.attachments[0].contentType, 'application/vnd.microsoft.card.adaptive');
    assert.deepEqual(card.attachments[0].content.body.map((b) => b.text), ['S', 'B']);
  });

  it('discord-webhook posts content to /api/webhooks/{id}/{token}', async () => {
    const { sender, seen } = recorder();
    await sender.notify('discord-webhook', { webhook_id: '123', webhook_token: 'tok', botname: 'praetor' }, { subject: 'S', body: 'B' });
    assert.equal(seen[0].url, 'http://discord.test/api/webhooks/123/tok');
    assert.deepEqual(json(seen[0]), { content: '**S**\r\nB', tts: false, username: 'praetor' });
  });

  it('mattermost-webhook posts once per channel', async () => {
    const { sender, seen } = recorder();
    const r = await sender.notify('mattermost-webhook', { hostname: 'mm.test', token: 't0k', channels: ['a', 'b'], port: 8065 }, { body: 'B', idempotencyKey: 'k' });
    assert.equal(r.ok, true);
    assert.deepEqual(seen.map((s) => [s.url, json(s).channel, s.headers['idempotency-key']]), [
      ['http://mm.test:8065/hooks/t0k', 'a', 'k/0'],
      ['http://mm.test:8065/hooks/t0k', 'b', 'k/1'],
    ]);
  });

  it('pager-duty, opsgenie, sendgrid and twilio reach their APIs with their credentials', async () => {
    const { sender, seen } = recorder();
    await sender.notify('pager-duty-webhook', { integration_key: 'ik', api_key: 'ak', notify_type: 'failure' }, { subject: 'S', body: 'B' });
    await sender.notify('opsgenie-webhook', { apikey: 'gk', target_team: ['ops'], priority: 2 }, { subject: 'S', body: 'B' });
    await sender.notify('sendgrid-email', { api_key: 'sk', sender_email: 'p@x.test', to_emails: ['a@x.test'] }, { subject: 'S', body: 'B' });
    await sender.notify('twilio-sms', { account_sid: 'AC1', auth_token: 'tt', from_phone_number: '+1', to_phone_numbers: ['+2', '+3'] }, { subject: 'S', body: 'B' });
    assert.deepEqual(seen.map((s) => s.url), [
      'http://pd.test/v2/enqueue',
      'http://og.test/v2/alerts',
      'http://sg.test/v3/mail/send',
      'http://tw.test/2010-04-01/Accounts/AC1/Messages.json',
      'http://tw.test/2010-04-01/Accounts/AC1/Messages.json',
    ]);
    assert.equal((json(seen[0]) as { routing_key: string }).routing_key, 'ik');
    assert.equal((json(seen[0]).payload as { severity: string }).severity, 'critical');
    assert.equal(seen[1].headers.authorization, 'GenieKey gk');
    assert.deepEqual(json(seen[1]).responders, [{ type: 'team', name: 'ops' }]);
    assert.equal(seen[2].headers.authorization, 'Bearer sk');
    assert.equal(seen[3].headers.authorization, `Basic ${Buffer.from('AC1:tt').toString('base64')}`);
    assert.equal(new URLSearchParams(seen[4].body).get('To'), '+3');
  });

  it('returns a failure (not a throw) for missing fields, unknown block types and HTTP errors', async () => {
    const { sender } = recorder(500);
    const missing = await sender.notify('slack-webhook', {}, { body: 'B' });
    assert.deepEqual([missing.ok, missing.error], [false, 'block data is missing "url"']);
    const unknown = await sender.notify('secret-block', { url: 'http://x.test' }, { body: 'B' });
    assert.match(unknown.error ?? '', /not supported/);
    const http = await sender.notify('slack-webhook', { url: 'http://x.test' }, { body: 'B' });
    assert.deepEqual([http.ok, http.retryable, http.error], [false, true, 'HTTP 500']);
    const scheme = await sender.notify('slack-webhook', { url: 'file:///etc/passwd' }, { body: 'B' });
    assert.equal(scheme.ok, false);
    assert.ok(SUPPORTED_NOTIFICATION_BLOCK_TYPES.includes('custom-webhook'));
  });

  it('call-webhook sends the rendered payload with the block method and headers', async () => {
    const { sender, seen } = recorder();
    const r = await sender.callWebhook({ url: 'http://hook.test/in', method: 'PUT', headers: { Authorization: 'Bearer s3cret' } }, '{"run": "brave-fox"}', 'k9');
    assert.equal(r.ok, true);
    assert.deepEqual([seen[0].method, seen[0].body, seen[0].headers['content-type'], seen[0].headers.authorization, seen[0].headers['idempotency-key']], [
      'PUT',
      '{"run": "brave-fox"}',
      'application/json',
      'Bearer s3cret',
      'k9',
    ]);
  });
});

describe('custom-webhook (CustomWebhookNotificationBlock) templating', () => {
  const block = {
    name: 'ops-hook',
    url: 'https://hook.test/{{ name }}',
    method: 'PATCH',
    params: { q: '{{subject}}' },
    json_data: { text: '{{subject}}\n{{body}}', token: '{{ tokenFromSecrets }}', nested: { whole: '{{ count }}' } },
    headers: { 'X-Token': '{{tokenFromSecrets}}' },
    cookies: { session: '{{ tokenFromSecrets }}' },
    timeout: 2.5,
    secrets: { tokenFromSecrets: 'T0K', count: 7 },
  };

  it('substitutes subject, body, name and secrets in every field', () => {
    const req = customWebhookRequest(block, { subject: 'S', body: 'B' });
    assert.equal(req.url, 'https://hook.test/ops-hook');
    assert.equal(req.method, 'PATCH');
    assert.deepEqual(req.query, { q: 'S' });
    assert.deepEqual(req.body, { text: 'S\nB', token: 'T0K', nested: { whole: 7 } });
    assert.equal(req.headers?.['X-Token'], 'T0K');
    assert.equal(req.headers?.cookie, 'session=T0K');
    assert.equal(req.timeoutMs, 2500);
  });

  it('uses "null" for a missing subject and form data as form encoding or raw content', () => {
    const form = customWebhookRequest({ name: 'n', url: 'http://h.test', form_data: { t: '{{subject}}:{{body}}' } }, { body: 'B' });
    assert.deepEqual([form.body, form.contentType], ['t=null%3AB', 'application/x-www-form-urlencoded']);
    const raw = customWebhookRequest({ name: 'n', url: 'http://h.test', form_data: '<x>{{body}}</x>' }, { body: 'B' });
    assert.equal(raw.body, '<x>B</x>');
  });

  it('rejects both json and form data, unknown placeholders and non-http URLs', () => {
    assert.throws(() => customWebhookRequest({ name: 'n', url: 'http://h.test', json_data: {}, form_data: {} }, { body: 'B' }), /both/);
    assert.throws(() => customWebhookRequest({ name: 'n', url: 'http://h.test/{{ who }}' }, { body: 'B' }), /unknown placeholder/);
    assert.throws(() => customWebhookRequest({ name: 'n', url: '{{ body }}' }, { body: 'file:///etc/passwd' }), /http or https/);
  });

  it('a whole-value placeholder keeps the value’s type; a missing one drops the key or item', () => {
    assert.deepEqual(applyValues({ n: '{{ n }}', gone: '{{ missing }}', list: ['{{ missing }}', 'x{{ missing }}y'] }, { n: 7 }), { n: 7, list: ['xy'] });
  });

  it('never substitutes server environment variables', () => {
    process.env.PRAETOR_TEST_SECRET_ENV = 'leak';
    assert.deepEqual(applyValues({ a: 'x {{ $PRAETOR_TEST_SECRET_ENV }}', b: '{{ $PRAETOR_TEST_SECRET_ENV }}' }, {}), {
      a: 'x {{ $PRAETOR_TEST_SECRET_ENV }}',
      b: '{{ $PRAETOR_TEST_SECRET_ENV }}',
    });
    delete process.env.PRAETOR_TEST_SECRET_ENV;
  });
});
