import { applyValues, findPlaceholders } from './placeholders';
import { HTTP_METHODS, isHttpUrl, type HttpMethod, type WebhookClient, type WebhookRequest, type WebhookResult } from './webhook-client';

/**
 * Senders for the notification block types the Prefect client registers (prefect/blocks/notifications.py) and for the
 * `webhook` block of `call-webhook`. Each takes the block document's data, with secrets already unsealed by the
 * caller, and posts the payload the service expects. Results, never throws.
 */

export const SUPPORTED_NOTIFICATION_BLOCK_TYPES = [
  'slack-webhook',
  'custom-webhook',
  'ms-teams-webhook',
  'discord-webhook',
  'mattermost-webhook',
  'pager-duty-webhook',
  'opsgenie-webhook',
  'sendgrid-email',
  'twilio-sms',
] as const;
export type NotificationBlockType = (typeof SUPPORTED_NOTIFICATION_BLOCK_TYPES)[number];

export interface NotificationContent {
  readonly subject?: string | null;
  readonly body: string;
  readonly idempotencyKey?: string;
}

export interface NotificationResult {
  readonly ok: boolean;
  readonly blockType: string;
  readonly error?: string;
  /** Whether trying again later could succeed (5xx, 429, network). */
  readonly retryable: boolean;
  /** One per HTTP request made (several for Twilio numbers or Mattermost channels). */
  readonly calls: readonly WebhookResult[];
}

/** Service endpoints; overridable so tests (and proxies) can point them elsewhere. */
export interface NotificationEndpoints {
  readonly discord: string;
  readonly pagerDuty: string;
  readonly pagerDutyEu: string;
  readonly opsgenie: string;
  readonly opsgenieEu: string;
  readonly sendgrid: string;
  readonly twilio: string;
}

export const DEFAULT_ENDPOINTS: NotificationEndpoints = {
  discord: 'https://discord.com',
  pagerDuty: 'https://events.pagerduty.com',
  pagerDutyEu: 'https://events.eu.pagerduty.com',
  opsgenie: 'https://api.opsgenie.com',
  opsgenieEu: 'https://api.eu.opsgenie.com',
  sendgrid: 'https://api.sendgrid.com',
  twilio: 'https://api.twilio.com',
};

type Data = Readonly<Record<string, unknown>>;

class BlockDataError extends Error {}

function str(data: Data, key: string, required = true): string | undefined {
  const v = data[key];
  if (typeof v === 'string' && v.length > 0) return v;
  if (v === undefined || v === null || v === '') {
    if (required) throw new BlockDataError(`block data is missing "${key}"`);
    return undefined;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new BlockDataError(`block field "${key}" must be text`);
}

function strList(data: Data, key: string): string[] {
  const v = data[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new BlockDataError(`block field "${key}" must be a list of text`);
  return v as string[];
}

function dict(data: Data, key: string): Record<string, unknown> | undefined {
  const v = data[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new BlockDataError(`block field "${key}" must be an object`);
  return v as Record<string, unknown>;
}

function withSubject(subject: string | null | undefined, body: string, sep = '\n'): string {
  return subject ? `${subject}${sep}${body}` : body;
}

function method(value: unknown): HttpMethod {
  const m = typeof value === 'string' ? value.toUpperCase() : 'POST';
  if (!HTTP_METHODS.includes(m as HttpMethod)) throw new BlockDataError(`unsupported method ${JSON.stringify(value)}`);
  return m as HttpMethod;
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

export class NotificationBlockSender {
  private readonly endpoints: NotificationEndpoints;

  constructor(
    private readonly http: WebhookClient,
    endpoints: Partial<NotificationEndpoints> = {},
  ) {
    this.endpoints = { ...DEFAULT_ENDPOINTS, ...endpoints };
  }

  supports(blockType: string): blockType is NotificationBlockType {
    return (SUPPORTED_NOTIFICATION_BLOCK_TYPES as readonly string[]).includes(blockType);
  }

  /** `send-notification`: the notification block `blockType` (its slug) with document data `data`. */
  async notify(blockType: string, data: Data, content: NotificationContent): Promise<NotificationResult> {
    try {
      if (!this.supports(blockType)) {
        return { ok: false, blockType, error: `notification block type "${blockType}" is not supported`, retryable: false, calls: [] };
      }
      const requests = this.requests(blockType, data ?? {}, content);
      const calls: WebhookResult[] = [];
      for (const [i, request] of requests.entries()) {
        const key = content.idempotencyKey && requests.length > 1 ? `${content.idempotencyKey}/${i}` : content.idempotencyKey;
        const result = await this.http.call(request, key);
        calls.push(result);
        if (!result.ok) return { ok: false, blockType, error: result.error, retryable: result.retryable, calls };
      }
      return { ok: true, blockType, retryable: false, calls };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      return { ok: false, blockType, error, retryable: false, calls: [] };
    }
  }

  /**
   * `call-webhook`: Prefect's `Webhook` block (`method`, `url`, `headers`) with the rendered payload, sent as the
   * request body as is (Prefect sends the string as content). It is labelled JSON when it parses as JSON.
   */
  async callWebhook(data: Data, payload: string | undefined, idempotencyKey?: string): Promise<WebhookResult> {
    try {
      const headers = (dict(data, 'headers') ?? {}) as Record<string, unknown>;
      const stringHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(headers)) stringHeaders[k] = String(v);
      const body = payload === undefined || payload === '' ? undefined : payload;
      return await this.http.call(
        { url: str(data, 'url') as string, method: method(data.method), headers: stringHeaders, body, contentType: body && looksLikeJson(body) ? 'application/json' : 'text/plain; charset=utf-8' },
        idempotencyKey,
      );
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err), retryable: false, attempts: [] };
    }
  }

  private requests(type: NotificationBlockType, data: Data, c: NotificationContent): WebhookRequest[] {
    const subject = c.subject ?? undefined;
    switch (type) {
      case 'slack-webhook':
        return [{ url: str(data, 'url') as string, body: { text: withSubject(subject, c.body) } }];
      case 'ms-teams-webhook':
        return [{ url: str(data, 'url') as string, body: teamsCard(subject, c.body, data.wrap !== false) }];
      case 'discord-webhook': {
        const id = encodeURIComponent(str(data, 'webhook_id') as string);
        const token = encodeURIComponent(str(data, 'webhook_token') as string);
        const body: Record<string, unknown> = { content: withSubject(subject ? `**${subject}**` : undefined, c.body, '\r\n'), tts: data.tts === true };
        const botname = str(data, 'botname', false);
        if (botname) body.username = botname;
        const avatar = str(data, 'avatar_url', false);
        if (avatar) body.avatar_url = avatar;
        return [{ url: `${this.endpoints.discord}/api/webhooks/${id}/${token}`, body }];
      }
      case 'mattermost-webhook': {
        const scheme = data.secure === true ? 'https' : 'http';
        const port = data.port === undefined || data.port === null ? 8065 : Number(data.port);
        const path = (str(data, 'path', false) ?? '').replace(/\/+$/, '');
        const url = `${scheme}://${str(data, 'hostname')}:${port}${path}/hooks/${encodeURIComponent(str(data, 'token') as string)}`;
        const base: Record<string, unknown> = { text: withSubject(subject, c.body) };
        const botname = str(data, 'botname', false);
        if (botname) base.username = botname;
        const channels = strList(data, 'channels');
        return channels.length === 0 ? [{ url, body: base }] : channels.map((channel) => ({ url, body: { ...base, channel } }));
      }
      case 'pager-duty-webhook': {
        const eu = data.region_name === 'eu';
        const severity = { info: 'info', success: 'info', warning: 'warning', failure: 'critical' }[String(data.notify_type ?? 'info')] ?? 'info';
        const payload: Record<string, unknown> = {
          summary: withSubject(subject, c.body).slice(0, 1024),
          severity,
          source: str(data, 'source', false) ?? 'Prefect',
          component: str(data, 'component', false) ?? 'Notification',
        };
        const group = str(data, 'group', false);
        if (group) payload.group = group;
        const cls = str(data, 'class_id', false);
        if (cls) payload.class = cls;
        payload.custom_details = { ...(dict(data, 'custom_details') ?? {}), body: c.body };
        const body: Record<string, unknown> = { routing_key: str(data, 'integration_key'), event_action: 'trigger', payload };
        if (data.clickable_url) body.links = [{ href: String(data.clickable_url) }];
        return [{ url: `${eu ? this.endpoints.pagerDutyEu : this.endpoints.pagerDuty}/v2/enqueue`, body, headers: { authorization: `Token token=${str(data, 'api_key')}` } }];
      }
      case 'opsgenie-webhook': {
        const eu = data.region_name === 'eu';
        const responders = [
          ...strList(data, 'target_user').map((username) => ({ type: 'user', username })),
          ...strList(data, 'target_team').map((name) => ({ type: 'team', name })),
          ...strList(data, 'target_schedule').map((name) => ({ type: 'schedule', name })),
          ...strList(data, 'target_escalation').map((name) => ({ type: 'escalation', name })),
        ];
        const body: Record<string, unknown> = { message: (subject || c.body).slice(0, 130), description: c.body, source: 'Prefect' };
        if (responders.length) body.responders = responders;
        const priority = Number(data.priority ?? 3);
        body.priority = `P${Math.min(5, Math.max(1, Number.isFinite(priority) ? Math.trunc(priority) : 3))}`;
        const tags = strList(data, 'tags');
        if (tags.length) body.tags = tags;
        for (const k of ['alias', 'entity'] as const) {
          const v = str(data, k, false);
          if (v) body[k] = v;
        }
        const details = dict(data, 'details');
        if (details) body.details = details;
        return [{ url: `${eu ? this.endpoints.opsgenieEu : this.endpoints.opsgenie}/v2/alerts`, body, headers: { authorization: `GenieKey ${str(data, 'apikey')}` } }];
      }
      case 'sendgrid-email': {
        const to = strList(data, 'to_emails');
        if (to.length === 0) throw new BlockDataError('block data is missing "to_emails"');
        return [
          {
            url: `${this.endpoints.sendgrid}/v3/mail/send`,
            headers: { authorization: `Bearer ${str(data, 'api_key')}` },
            body: {
              personalizations: [{ to: to.map((email) => ({ email })) }],
              from: { email: str(data, 'sender_email') },
              subject: subject || 'Prefect Notification',
              content: [{ type: 'text/plain', value: c.body }],
            },
          },
        ];
      }
      case 'twilio-sms': {
        const sid = str(data, 'account_sid') as string;
        const numbers = strList(data, 'to_phone_numbers');
        if (numbers.length === 0) throw new BlockDataError('block data is missing "to_phone_numbers"');
        const from = str(data, 'from_phone_number') as string;
        return numbers.map((to) => ({
          url: `${this.endpoints.twilio}/2010-04-01/Accounts/${encodeURIComponent(sid)}/Messages.json`,
          headers: { authorization: basic(sid, str(data, 'auth_token') as string) },
          contentType: 'application/x-www-form-urlencoded',
          body: new URLSearchParams({ From: from, To: to, Body: withSubject(subject, c.body) }).toString(),
        }));
      }
      case 'custom-webhook':
        return [customWebhookRequest(data, c)];
      default: {
        const never: never = type;
        throw new BlockDataError(`unsupported block type ${String(never)}`);
      }
    }
  }
}

function looksLikeJson(text: string): boolean {
  const t = text.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

/** An Adaptive Card message, the shape Teams Workflows (Power Automate) webhooks accept. */
function teamsCard(subject: string | undefined, body: string, wrap: boolean): unknown {
  const blocks: unknown[] = [];
  if (subject) blocks.push({ type: 'TextBlock', text: subject, style: 'heading', weight: 'Bolder', size: 'Large', wrap });
  blocks.push({ type: 'TextBlock', text: body, wrap });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body: blocks, msteams: { width: 'full' } },
      },
    ],
  };
}

/** Prefect's `CustomWebhookNotificationBlock`: every field may hold `{{subject}}`, `{{body}}`, `{{name}}` or a secret's key. */
export function customWebhookRequest(data: Data, c: NotificationContent): WebhookRequest {
  const secrets = dict(data, 'secrets') ?? {};
  const name = str(data, 'name', false) ?? '';
  const formData = data.form_data;
  const jsonData = data.json_data;
  if (formData !== undefined && formData !== null && jsonData !== undefined && jsonData !== null) {
    throw new BlockDataError('both `Form Data` and `JSON Data` provided');
  }
  const allowed = new Set(['subject', 'body', 'name', ...Object.keys(secrets)]);
  for (const field of ['url', 'params', 'form_data', 'json_data', 'headers', 'cookies']) {
    for (const placeholder of findPlaceholders(data[field])) {
      const root = placeholder.split(/[.[]/)[0];
      if (!allowed.has(placeholder) && !allowed.has(root) && !placeholder.startsWith('$')) {
        throw new BlockDataError(`${field}: unknown placeholder {{ ${placeholder} }}`);
      }
    }
  }
  const values = { ...secrets, subject: c.subject ?? 'null', body: c.body, name };
  const applied = applyValues(
    { url: data.url, params: data.params, form: formData, json: jsonData, headers: data.headers, cookies: data.cookies },
    values,
  ) as { url?: unknown; params?: unknown; form?: unknown; json?: unknown; headers?: unknown; cookies?: unknown };

  if (typeof applied.url !== 'string' || !isHttpUrl(applied.url)) throw new BlockDataError('the webhook URL must be an http or https URL');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries((applied.headers as Record<string, unknown>) ?? {})) headers[k] = String(v);
  const cookies = Object.entries((applied.cookies as Record<string, unknown>) ?? {});
  if (cookies.length) headers.cookie = cookies.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('; ');
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries((applied.params as Record<string, unknown>) ?? {})) query[k] = String(v);

  let body: unknown;
  let contentType: string | undefined;
  if (typeof applied.form === 'string') {
    body = applied.form;
  } else if (applied.form && typeof applied.form === 'object') {
    body = new URLSearchParams(Object.entries(applied.form).map(([k, v]) => [k, String(v)])).toString();
    contentType = 'application/x-www-form-urlencoded';
  } else if (applied.json !== undefined && applied.json !== null) {
    body = applied.json;
  }
  const timeout = Number(data.timeout ?? 10);
  return {
    url: applied.url,
    method: method(data.method),
    headers,
    query,
    body,
    contentType,
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? Math.round(timeout * 1000) : undefined,
  };
}
