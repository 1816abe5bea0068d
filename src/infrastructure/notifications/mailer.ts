import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import * as nodemailer from 'nodemailer';

/**
 * Email over SMTP with nodemailer, configured on the server. `send` never throws: it returns `{ ok, messageId }` or
 * `{ ok: false, error, retryable }`. With an idempotency key the Message-ID is derived from it, so the same action
 * retried (here, or after a crash) produces the same Message-ID and the receiver can recognise the duplicate.
 * Transient SMTP failures (4xx replies, connection errors) are retried a bounded number of times.
 */

export interface MailerOptions {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465`; unset = email disabled. */
  readonly smtpUrl?: string;
  /** The From address, e.g. `Praetor <praetor@example.com>`. */
  readonly from?: string;
  /** Domain of derived Message-IDs; defaults to the From address's domain. */
  readonly messageIdDomain?: string;
  /** Connection, greeting and socket timeout per attempt. Default 15 s. */
  readonly timeoutMs?: number;
  /** Attempts for transient failures. Default 3. */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Injected for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export interface MailMessage {
  readonly to: string | readonly string[];
  readonly subject: string;
  /** Plain-text body. */
  readonly body: string;
  /** Optional HTML alternative. */
  readonly html?: string;
  readonly idempotencyKey?: string;
}

export type MailResult =
  | { readonly ok: true; readonly messageId: string; readonly accepted: readonly string[]; readonly rejected: readonly string[]; readonly attempts: number }
  | { readonly ok: false; readonly error: string; readonly retryable: boolean; readonly attempts: number; readonly messageId?: string };

const ADDRESS = /^[^\s@,;:<>()"\\[\]]+@[^\s@,;:<>()"\\[\]]+\.[^\s@,;:<>()"\\[\]]+$|^[^\s@,;:<>()"\\[\]]+@localhost$/i;

/** The Message-ID a given idempotency key always produces. */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  const digest = createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 40);
  return `<${digest}@${domain}>`;
}

export function isEmailAddress(address: string): boolean {
  return address.length <= 254 && ADDRESS.test(address);
}

function domainOf(from: string): string {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return m ? m[1] : 'praetor.invalid';
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

export class Mailer {
  private transport: nodemailer.Transporter | undefined;
  private readonly maxAttempts: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: MailerOptions) {
    this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 3));
    this.sleep = options.sleep ?? ((ms) => delay(ms).then(() => undefined));
    this.random = options.random ?? Math.random;
  }

  get configured(): boolean {
    return Boolean(this.options.smtpUrl && this.options.from);
  }

  async send(message: MailMessage): Promise<MailResult> {
    let attempts = 0;
    try {
      if (!this.configured) {
        return { ok: false, error: 'email is not configured on this server (PRAETOR_SMTP_URL, PRAETOR_SMTP_FROM)', retryable: false, attempts };
      }
      const to = (typeof message.to === 'string' ? [message.to] : [...message.to]).map((a) => a.trim()).filter(Boolean);
      if (to.length === 0) return { ok: false, error: 'no recipient', retryable: false, attempts };
      const bad = to.find((a) => !isEmailAddress(a));
      if (bad !== undefined) return { ok: false, error: `not an email address: ${JSON.stringify(bad.slice(0, 100))}`, retryable: false, attempts };

      const from = this.options.from as string;
      const messageId = message.idempotencyKey ? messageIdFor(message.idempotencyKey, this.options.messageIdDomain ?? domainOf(from)) : undefined;
      const mail: nodemailer.SendMailOptions = {
        from,
        to,
        subject: oneLine(message.subject ?? ''),
        text: message.body ?? '',
        ...(message.html !== undefined ? { html: message.html } : {}),
        ...(messageId ? { messageId } : {}),
      };
      const transport = this.transportOrCreate();
      for (;;) {
        attempts++;
        try {
          const info = (await transport.sendMail(mail)) as { messageId: string; accepted?: unknown[]; rejected?: unknown[] };
          return {
            ok: true,
            messageId: info.messageId,
            accepted: (info.accepted ?? []).map(String),
            rejected: (info.rejected ?? []).map(String),
            attempts,
          };
        } catch (err) {
          const retryable = isTransient(err);
          if (!retryable || attempts >= this.maxAttempts) {
            return { ok: false, error: smtpError(err), retryable, attempts, ...(messageId ? { messageId } : {}) };
          }
          const ceiling = Math.min(this.options.maxDelayMs ?? 30_000, (this.options.baseDelayMs ?? 1000) * 2 ** (attempts - 1));
          await this.sleep(Math.floor(this.random() * ceiling));
        }
      }
    } catch (err) {
      return { ok: false, error: `email failed: ${smtpError(err)}`, retryable: false, attempts };
    }
  }

  /** Checks the connection and credentials (for a health check or a boot-time warning). */
  async verify(): Promise<{ ok: true } | { ok: false; error: string }> {
    if (!this.configured) return { ok: false, error: 'email is not configured' };
    try {
      await this.transportOrCreate().verify();
      return { ok: true };
    } catch (err) {
      return { ok: false, error: smtpError(err) };
    }
  }

  close(): void {
    this.transport?.close();
    this.transport = undefined;
  }

  private transportOrCreate(): nodemailer.Transporter {
    if (!this.transport) {
      const url = new URL(this.options.smtpUrl as string);
      if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('PRAETOR_SMTP_URL must be smtp:// or smtps://');
      const timeout = this.options.timeoutMs ?? 15_000;
      this.transport = nodemailer.createTransport({
        url: url.toString(),
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
      } as unknown as Parameters<typeof nodemailer.createTransport>[0]);
    }
    return this.transport;
  }
}

function isTransient(err: unknown): boolean {
  const e = err as { responseCode?: number; code?: string };
  if (typeof e?.responseCode === 'number') return e.responseCode >= 400 && e.responseCode < 500;
  return ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPROTOCOL'].includes(e?.code ?? '');
}

/** The error without credentials: nodemailer messages may echo the connection URL. */
function smtpError(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/(smtps?:\/\/)[^@\s/]*@/gi, '$1***@');
}
