import { WebSocket } from 'ws';

export interface Closed {
  readonly code: number;
  readonly reason: string;
}

/** A websocket client for tests: messages are queued and read with `next`, the close is a promise. */
export class TestSocket {
  readonly ws: WebSocket;
  readonly closed: Promise<Closed>;
  readonly opened: Promise<void>;
  private readonly messages: unknown[] = [];
  private waiters: ((m: unknown) => void)[] = [];
  private closeInfo: Closed | undefined;

  constructor(url: string, options: { protocols?: string[]; headers?: Record<string, string> } = {}) {
    this.ws = new WebSocket(url, options.protocols ?? [], { headers: options.headers });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)));
      this.ws.once('error', reject);
    });
    this.opened.catch(() => undefined);
    this.ws.on('error', () => undefined);
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString('utf8') };
        for (const w of this.waiters.splice(0)) w(undefined);
        resolve(this.closeInfo);
      });
    });
    this.ws.on('message', (data) => {
      const parsed = JSON.parse(data.toString('utf8')) as unknown;
      const w = this.waiters.shift();
      if (w) w(parsed);
      else this.messages.push(parsed);
    });
  }

  static async open(url: string, options: { protocols?: string[]; headers?: Record<string, string> } = {}): Promise<TestSocket> {
    const s = new TestSocket(url, options);
    await s.opened;
    return s;
  }

  get protocol(): string {
    return this.ws.protocol;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next JSON message; fails after `timeoutMs` or when the socket closes first. */
  next<T = Record<string, unknown>>(timeoutMs = 5000): Promise<T> {
    const queued = this.messages.shift();
    if (queued !== undefined) return Promise.resolve(queued as T);
    if (this.closeInfo) return Promise.reject(new Error(`socket closed (${this.closeInfo.code} ${this.closeInfo.reason}) before a message arrived`));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no message within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (m: unknown) => {
        clearTimeout(timer);
        if (m === undefined) reject(new Error(`socket closed (${this.closeInfo?.code} ${this.closeInfo?.reason}) before a message arrived`));
        else resolve(m as T);
      };
      this.waiters.push(waiter);
    });
  }

  /** Messages already received and not read. */
  drain(): unknown[] {
    return this.messages.splice(0);
  }

  /**
   * Sends a ping and resolves on its pong. On `/events/in` the pong is the server's
   * acknowledgement: every message sent before the ping has been stored (or dropped as invalid).
   */
  ping(timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const data = Buffer.from(String(Math.random()));
      const timer = setTimeout(() => {
        this.ws.off('pong', onPong);
        reject(new Error(`no pong within ${timeoutMs} ms`));
      }, timeoutMs);
      const onPong = (d: Buffer) => {
        if (!d.equals(data)) return;
        clearTimeout(timer);
        this.ws.off('pong', onPong);
        resolve();
      };
      this.ws.on('pong', onPong);
      this.ws.ping(data);
    });
  }

  /** The close, or a failure when the socket is still open after `timeoutMs`. */
  async expectClose(timeoutMs = 5000): Promise<Closed> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`socket still open after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.closed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<Closed> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(1000);
    return this.closed;
  }
}

export const toWs = (httpUrl: string) => httpUrl.replace(/^http/, 'ws');

/** Polls `check` until it returns a value other than undefined, for at most `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 10_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
