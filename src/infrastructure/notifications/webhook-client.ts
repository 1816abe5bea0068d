import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Outbound HTTP for notifications. One call = bounded attempts with a per-attempt timeout; 5xx, 429 and network
 * errors are retried with exponential backoff and full jitter (Retry-After honoured up to the cap); other 4xx are
 * final. Only http(s) URLs; redirects are followed only to the same host (never https → http). Never throws: the caller (an action
 * executor) records the result. `Idempotency-Key` lets a receiver recognise a retried action.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export interface WebhookRequest {
  readonly url: string;
  readonly method?: HttpMethod;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string is sent as is; anything else is sent as JSON. */
  readonly body?: string | unknown;
  readonly contentType?: string;
  /** Added to `url`'s query string. */
  readonly query?: Readonly<Record<string, string>>;
  /** Per-attempt timeout; defaults to the client's. */
  readonly timeoutMs?: number;
}

export interface WebhookAttempt {
  readonly status?: number;
  readonly error?: string;
}

export interface WebhookSuccess {
  readonly ok: true;
  readonly status: number;
  readonly body: string;
  readonly bodyTruncated: boolean;
  readonly headers: Record<string, string>;
  readonly attempts: readonly WebhookAttempt[];
}
export interface WebhookFailure {
  readonly ok: false;
  /** The last response's status, if any response arrived. */
  readonly status?: number;
  readonly body?: string;
  readonly bodyTruncated?: boolean;
  readonly error: string;
  /** Whether the last failure was of a kind that is worth retrying later (5xx, 429, network). */
  readonly retryable: boolean;
  readonly attempts: readonly WebhookAttempt[];
}
export type WebhookResult = WebhookSuccess | WebhookFailure;

export interface WebhookClientOptions {
  /** Attempts per call, ≥ 1. Default 4. */
  readonly maxAttempts?: number;
  /** First backoff ceiling; attempt n waits random(0, min(max, base·2^(n-1))). Default 500 ms. */
  readonly baseDelayMs?: number;
  /** Longest wait between attempts. Default 30 s. */
  readonly maxDelayMs?: number;
  /** Per-attempt timeout. Default 10 s (Prefect's custom webhook default). */
  readonly timeoutMs?: number;
  /** Response bytes kept in the result. Default 1000 (Prefect truncates to 1000). */
  readonly maxResponseBytes?: number;
  /** Same-origin redirects followed. Default 5. */
  readonly maxRedirects?: number;
  readonly userAgent?: string;
  /** Injected for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly fetch?: typeof fetch;
}

/** Headers whose values are secrets; they never appear in results. */
const REDACTED_HEADERS = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token)$/i;

export function isHttpUrl(raw: string): URL | undefined {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

export class WebhookClient {
  private readonly maxAttempts: number;
  private readonly baseDelay: number;
  private readonly maxDelay: number;
  private readonly timeout: number;
  private readonly maxBytes: number;
  private readonly maxRedirects: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly fetchFn: typeof fetch;
  private readonly userAgent: string;

  constructor(options: WebhookClientOptions = {}) {
    this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 4));
    this.baseDelay = Math.max(0, options.baseDelayMs ?? 500);
    this.maxDelay = Math.max(0, options.maxDelayMs ?? 30_000);
    this.timeout = Math.max(1, options.timeoutMs ?? 10_000);
    this.maxBytes = Math.max(0, options.maxResponseBytes ?? 1000);
    this.maxRedirects = Math.max(0, options.maxRedirects ?? 5);
    this.sleep = options.sleep ?? ((ms) => delay(ms).then(() => undefined));
    this.random = options.random ?? Math.random;
    this.fetchFn = options.fetch ?? fetch;
    this.userAgent = options.userAgent ?? 'Praetor Notifications';
  }

  /** The wait before attempt `attempt + 1` (attempt counts from 1). */
  backoff(attempt: number, retryAfterMs?: number): number {
    const ceiling = Math.min(this.maxDelay, this.baseDelay * 2 ** (attempt - 1));
    const jittered = Math.floor(this.random() * ceiling);
    return retryAfterMs === undefined ? jittered : Math.min(this.maxDelay, Math.max(jittered, retryAfterMs));
  }

  async call(request: WebhookRequest, idempotencyKey?: string): Promise<WebhookResult> {
    const attempts: WebhookAttempt[] = [];
    try {
      const url = isHttpUrl(request.url);
      if (!url) return { ok: false, error: 'only http and https URLs are allowed', retryable: false, attempts };
      for (const [k, v] of Object.entries(request.query ?? {})) url.searchParams.append(k, v);
      const method = request.method ?? 'POST';
      if (!HTTP_METHODS.includes(method)) return { ok: false, error: `unsupported method ${String(method)}`, retryable: false, attempts };

      const headers: Record<string, string> = { 'user-agent': this.userAgent };
      let body: string | undefined;
      if (request.body !== undefined && request.body !== null && method !== 'GET') {
        if (typeof request.body === 'string') {
          body = request.body;
          if (request.contentType) headers['content-type'] = request.contentType;
        } else {
          body = JSON.stringify(request.body);
          headers['content-type'] = request.contentType ?? 'application/json';
        }
      }
      for (const [k, v] of Object.entries(request.headers ?? {})) headers[k.toLowerCase()] = v;
      if (idempotencyKey) headers['idempotency-key'] = headerSafeKey(idempotencyKey);
      try {
        new Headers(headers);
      } catch (err) {
        return { ok: false, error: `invalid request header: ${errorText(err)}`, retryable: false, attempts };
      }

      let last: WebhookFailure | undefined;
      for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
        const outcome = await this.once(url, method, headers, body, request.timeoutMs ?? this.timeout);
        attempts.push(outcome.ok || outcome.status !== undefined ? { status: outcome.status } : { error: outcome.error });
        if (outcome.ok) return { ...outcome, attempts };
        last = { ...outcome, attempts };
        if (!outcome.retryable || attempt === this.maxAttempts) break;
        await this.sleep(this.backoff(attempt, outcome.retryAfterMs));
      }
      return last ?? { ok: false, error: 'no attempt was made', retryable: false, attempts };
    } catch (err) {
      return { ok: false, error: `webhook call failed: ${errorText(err)}`, retryable: false, attempts };
    }
  }

  private async once(
    start: URL,
    method: HttpMethod,
    headers: Record<string, string>,
    body: string | undefined,
    timeoutMs: number,
  ): Promise<(Omit<WebhookSuccess, 'attempts'> | (Omit<WebhookFailure, 'attempts'> & { retryAfterMs?: number })) & { status?: number }> {
    const signal = AbortSignal.timeout(timeoutMs);
    let url = start;
    let currentMethod: string = method;
    let currentBody = body;
    try {
      for (let hop = 0; ; hop++) {
        const res = await this.fetchFn(url, { method: currentMethod, headers, body: currentBody, redirect: 'manual', signal });
        if (res.status >= 300 && res.status < 400 && res.headers.has('location')) {
          await res.body?.cancel().catch(() => undefined);
          const next = isHttpUrl(new URL(res.headers.get('location') as string, url).toString());
          if (!next || next.hostname !== start.hostname || (start.protocol === 'https:' && next.protocol !== 'https:')) {
            return { ok: false, status: res.status, error: 'redirect to another host refused', retryable: false };
          }
          if (hop >= this.maxRedirects) return { ok: false, status: res.status, error: 'too many redirects', retryable: false };
          if (res.status === 303 || ((res.status === 301 || res.status === 302) && currentMethod === 'POST')) {
            currentMethod = 'GET';
            currentBody = undefined;
          }
          url = next;
          continue;
        }
        const { text, truncated } = await readLimited(res, this.maxBytes);
        const kept = safeHeaders(res.headers);
        if (res.ok) return { ok: true, status: res.status, body: text, bodyTruncated: truncated, headers: kept };
        const retryable = res.status >= 500 || res.status === 429;
        return {
          ok: false,
          status: res.status,
          body: text,
          bodyTruncated: truncated,
          error: `HTTP ${res.status}`,
          retryable,
          retryAfterMs: retryable ? retryAfter(res.headers.get('retry-after')) : undefined,
        };
      }
    } catch (err) {
      const timedOut = signal.aborted;
      return { ok: false, error: timedOut ? `timed out after ${timeoutMs} ms` : `network error: ${errorText(err)}`, retryable: true };
    }
  }
}

async function readLimited(res: Response, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: '', truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > maxBytes) {
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  const all = Buffer.concat(chunks);
  // Cut on a byte budget, then drop a split multi-byte character at the end.
  const text = all.subarray(0, Math.min(all.byteLength, maxBytes)).toString('utf8').replace(/\uFFFD$/, '');
  return { text, truncated };
}

/** The key as sent: printable ASCII as is, anything else (newlines, non-ASCII, very long) as its SHA-256. */
function headerSafeKey(key: string): string {
  return /^[\x21-\x7e][\x20-\x7e]{0,199}$/.test(key) ? key : `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

function safeHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    if (!REDACTED_HEADERS.test(key)) out[key] = value;
  });
  return out;
}

function retryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
  }
  return String(err);
}
