import { Mailer, type MailerOptions } from './mailer';
import { NotificationBlockSender, type NotificationEndpoints } from './notification-blocks';
import { buildTemplateContext, type TemplateContextInput } from './template-context';
import { TemplateRenderer, type OrchestrationObjectName } from './templates';
import { WebhookClient, type WebhookClientOptions, type WebhookResult } from './webhook-client';

/**
 * What an action executor calls for `send-notification`, `call-webhook` and `send-email-notification`: render the
 * templates against the triggering context, deliver, and return one outcome. Outcomes carry `details` in the spirit
 * of Prefect's action `_result_details` (status, truncated response, template error) for the action's
 * `executed`/`failed` event, and `retryable` so the executor can decide to try again later with the same key.
 */

export interface NotificationsOptions {
  readonly mail?: MailerOptions;
  readonly webhooks?: WebhookClientOptions;
  readonly endpoints?: Partial<NotificationEndpoints>;
  /** Base URL of the UI, for the `ui_url` template filter. */
  readonly uiUrl?: string;
}

export type ActionOutcome =
  | { readonly ok: true; readonly details: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly reason: string; readonly retryable: boolean; readonly details: Readonly<Record<string, unknown>> };

export const NOTIFICATIONS = Symbol('NOTIFICATIONS');
export const DEFAULT_NOTIFICATION_SUBJECT = 'Prefect automated notification';

export class NotificationsService {
  readonly templates: TemplateRenderer;
  readonly mailer: Mailer;
  readonly webhooks: WebhookClient;
  readonly blocks: NotificationBlockSender;

  constructor(options: NotificationsOptions = {}) {
    this.templates = new TemplateRenderer({ uiUrl: options.uiUrl });
    this.mailer = new Mailer(options.mail ?? {});
    this.webhooks = new WebhookClient(options.webhooks);
    this.blocks = new NotificationBlockSender(this.webhooks, options.endpoints);
  }

  /** Which orchestration objects to fetch before rendering these templates. */
  objectsNeeded(templates: readonly string[]): OrchestrationObjectName[] {
    return this.templates.referencedObjects(templates);
  }

  /** `send-email-notification`. */
  async sendEmail(input: {
    emails: readonly string[];
    subject?: string;
    body: string;
    context: TemplateContextInput;
    idempotencyKey: string;
  }): Promise<ActionOutcome> {
    const rendered = this.render([input.subject ?? DEFAULT_NOTIFICATION_SUBJECT, input.body], input.context);
    if (!rendered.ok) return rendered.outcome;
    const [subject, body] = rendered.texts;
    const sent = await this.mailer.send({ to: input.emails, subject, body, idempotencyKey: input.idempotencyKey });
    if (sent.ok) return { ok: true, details: { message_id: sent.messageId, accepted: sent.accepted, rejected: sent.rejected } };
    return { ok: false, reason: `Email failed: ${sent.error}`, retryable: sent.retryable, details: { error: sent.error, ...(sent.messageId ? { message_id: sent.messageId } : {}) } };
  }

  /** `send-notification`: `blockType` is the block type slug, `blockData` the document's data with secrets unsealed. */
  async sendNotification(input: {
    blockType: string;
    blockData: Readonly<Record<string, unknown>>;
    subject?: string;
    body: string;
    context: TemplateContextInput;
    idempotencyKey: string;
  }): Promise<ActionOutcome> {
    if (!this.blocks.supports(input.blockType)) {
      return { ok: false, reason: 'The referenced block was not a notification block', retryable: false, details: { block_type: input.blockType } };
    }
    const rendered = this.render([input.subject ?? DEFAULT_NOTIFICATION_SUBJECT, input.body], input.context);
    if (!rendered.ok) return rendered.outcome;
    const [subject, body] = rendered.texts;
    const result = await this.blocks.notify(input.blockType, input.blockData, { subject, body, idempotencyKey: input.idempotencyKey });
    const last = result.calls[result.calls.length - 1];
    const details = { block_type: input.blockType, ...(last ? responseDetails(last) : {}) };
    if (result.ok) return { ok: true, details };
    return { ok: false, reason: `Notification failed: ${result.error}`, retryable: result.retryable, details };
  }

  /** `call-webhook`: `blockData` is a `webhook` block's data with secrets unsealed; `payload` a template. */
  async callWebhook(input: {
    blockData: Readonly<Record<string, unknown>>;
    payload?: string;
    context: TemplateContextInput;
    idempotencyKey: string;
  }): Promise<ActionOutcome> {
    const rendered = this.render([input.payload ?? ''], input.context);
    if (!rendered.ok) return rendered.outcome;
    const result = await this.blocks.callWebhook(input.blockData, rendered.texts[0], input.idempotencyKey);
    const details = responseDetails(result);
    if (result.ok) return { ok: true, details };
    return { ok: false, reason: `Webhook call failed: ${result.error}`, retryable: result.retryable, details };
  }

  close(): void {
    this.mailer.close();
  }

  private render(templates: string[], context: TemplateContextInput): { ok: true; texts: string[] } | { ok: false; outcome: ActionOutcome } {
    const result = this.templates.renderAll(templates, buildTemplateContext(context));
    if (result.ok) return result;
    return {
      ok: false,
      outcome: {
        ok: false,
        reason: `Template rendering failed: ${result.error}`,
        retryable: false,
        details: { template_error: result.error, template_source: result.template },
      },
    };
  }
}

function responseDetails(r: WebhookResult): Record<string, unknown> {
  const out: Record<string, unknown> = { attempts: r.attempts.length };
  if (r.status !== undefined) out.status_code = r.status;
  if (r.body !== undefined) out.response_body = r.body;
  if (r.ok) out.response_headers = r.headers;
  else out.error = r.error;
  return out;
}
