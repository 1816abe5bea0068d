import type { FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { closeReason, PREFECT_SUBPROTOCOL, WS_CLOSE } from '../../../infrastructure/http/websockets';
import type { WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import type { ApiKeyAuthenticator, Authorizer, Principal } from '../../../shared/application';
import { ForbiddenError, NotFoundError } from '../../../shared/errors';

export interface Frame {
  readonly data: RawData;
  readonly isBinary: boolean;
}

const frameBuffer = (f: Frame): Buffer => (Array.isArray(f.data) ? Buffer.concat(f.data) : Buffer.isBuffer(f.data) ? f.data : Buffer.from(new Uint8Array(f.data)));
export const frameText = (f: Frame): string => frameBuffer(f).toString('utf8');
export const frameBytes = (f: Frame): number => (Array.isArray(f.data) ? f.data.reduce((n, b) => n + b.length, 0) : (f.data as Buffer | ArrayBuffer).byteLength);

/**
 * The messages of one socket, caught from the moment it opens (a client may send before the
 * server has finished authenticating it): read them one by one with `next`, or hand them all over
 * with `drainTo`.
 */
export class Inbox {
  private readonly frames: Frame[] = [];
  private waiter: ((f: Frame | undefined) => void) | undefined;
  private handler: ((f: Frame) => void) | undefined;
  private closed = false;

  constructor(socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      const frame = { data, isBinary };
      if (this.handler) this.handler(frame);
      else if (this.waiter) {
        const w = this.waiter;
        this.waiter = undefined;
        w(frame);
      } else this.frames.push(frame);
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiter?.(undefined);
      this.waiter = undefined;
    });
  }

  /** The next message; undefined when the socket closed or `timeoutMs` passed. */
  next(timeoutMs: number): Promise<Frame | undefined> {
    const queued = this.frames.shift();
    if (queued) return Promise.resolve(queued);
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve(undefined);
      }, timeoutMs);
      this.waiter = (f) => {
        clearTimeout(timer);
        resolve(f);
      };
    });
  }

  /** From now on every message (the queued ones first) goes to `handler`. */
  drainTo(handler: (f: Frame) => void): void {
    this.handler = handler;
    for (const f of this.frames.splice(0)) handler(f);
  }

  /** Messages after the ones a route cares about are read and dropped. */
  ignoreRest(): void {
    this.drainTo(() => undefined);
  }
}

export interface SocketSession {
  readonly scope: WorkspaceScope;
  readonly principal: Principal;
  /** The key the socket authenticated with: re-checked while it stays open. */
  readonly apiKey: string;
  readonly permission: string;
  /** Whether the client spoke the `prefect` subprotocol (auth message, auth_success reply). */
  readonly handshake: boolean;
}

export interface AcceptOptions {
  readonly socket: WebSocket;
  readonly req: FastifyRequest;
  /** The next message of the socket (the first one is the auth message in a handshake). */
  readonly next: (timeoutMs: number) => Promise<Frame | undefined>;
  readonly permission: string;
  readonly authenticator: ApiKeyAuthenticator;
  readonly authorizer: Authorizer;
  readonly authTimeoutMs: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function closeSocket(socket: WebSocket, code: number, reason: string): void {
  if (socket.readyState === socket.CLOSED || socket.readyState === socket.CLOSING) return;
  socket.close(code, closeReason(reason));
}

/** The API key in an upgrade request's `Authorization` header: `Bearer <key>` or Basic with the key as password. */
export function keyFromHeader(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const bearer = /^bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^basic\s+(\S+)\s*$/i.exec(header);
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : decoded;
}

/**
 * Prefect's websocket handshake (reference/prefect-api.md §3.1, §3.2, §1.7), with our rule that a
 * socket is always authenticated by an API key:
 *  - subprotocol `prefect`: the first message must be `{"type":"auth","token":...}`; the token is
 *    the key (Cloud), or the auth string `<user>:<key>` (OSS); a null token falls back to the
 *    upgrade's Authorization header. Success is answered with `{"type":"auth_success"}`.
 *  - no subprotocol (Cloud-mode `/events/in`, clients before 3.7): the key must be on the upgrade's
 *    Authorization header; nothing is sent back.
 * Every failure closes the socket with 1008 and a reason; undefined is returned then.
 */
export async function acceptPrefectSocket(o: AcceptOptions): Promise<SocketSession | undefined> {
  const { socket, req } = o;
  const handshake = socket.protocol === PREFECT_SUBPROTOCOL;
  let candidates: string[] = [];
  if (handshake) {
    const first = await o.next(o.authTimeoutMs);
    if (!first) {
      closeSocket(socket, WS_CLOSE.policyViolation, "Expected 'auth' message");
      return undefined;
    }
    let message: unknown;
    try {
      message = JSON.parse(frameText(first));
    } catch {
      message = undefined;
    }
    if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== 'auth') {
      closeSocket(socket, WS_CLOSE.policyViolation, "Expected 'auth' message");
      return undefined;
    }
    const token = (message as { token?: unknown }).token;
    if (typeof token === 'string' && token.length > 0) {
      candidates = [token];
      const colon = token.indexOf(':');
      if (colon >= 0) candidates.push(token.slice(colon + 1));
    }
  }
  if (candidates.length === 0) {
    const fromHeader = keyFromHeader(req);
    if (fromHeader) candidates = [fromHeader];
  }
  if (candidates.length === 0) {
    closeSocket(socket, WS_CLOSE.policyViolation, handshake ? 'Auth required but no token provided' : 'Unauthorized: send an API key in the Authorization header');
    return undefined;
  }
  let principal: Principal | undefined;
  let apiKey = '';
  for (const candidate of candidates) {
    principal = await o.authenticator.authenticate(candidate);
    if (principal) {
      apiKey = candidate;
      break;
    }
  }
  if (!principal) {
    closeSocket(socket, WS_CLOSE.policyViolation, 'Invalid token');
    return undefined;
  }
  const params = (req.params ?? {}) as { accountId?: string; workspaceId?: string };
  if (!params.accountId || !params.workspaceId || !UUID.test(params.accountId) || !UUID.test(params.workspaceId)) {
    closeSocket(socket, WS_CLOSE.policyViolation, 'Workspace not found');
    return undefined;
  }
  const scope: WorkspaceScope = { kind: 'workspace', accountId: params.accountId.toLowerCase(), workspaceId: params.workspaceId.toLowerCase() };
  const refusal = await authorizationRefusal(o.authorizer, principal, o.permission, scope);
  if (refusal) {
    closeSocket(socket, WS_CLOSE.policyViolation, refusal);
    return undefined;
  }
  if (socket.readyState !== socket.OPEN) return undefined;
  if (handshake) socket.send(JSON.stringify({ type: 'auth_success' }));
  return { scope, principal, apiKey, permission: o.permission, handshake };
}

/** Why the principal may not use the workspace (a close reason), or undefined when it may. */
export async function authorizationRefusal(authorizer: Authorizer, principal: Principal, permission: string, scope: WorkspaceScope): Promise<string | undefined> {
  try {
    await authorizer.authorize(principal, permission, scope);
    return undefined;
  } catch (err) {
    if (err instanceof NotFoundError) return 'Workspace not found';
    if (err instanceof ForbiddenError) return `Forbidden: ${permission} is required`;
    throw err;
  }
}

export interface AccessCheckOptions {
  readonly session: SocketSession;
  readonly authenticator: ApiKeyAuthenticator;
  readonly authorizer: Authorizer;
  /** How long an "allowed" decision is trusted before the next delivery re-checks (0: every time). */
  readonly maxAgeMs: () => number;
  /** A monotonic clock in ms; `performance.now()` by default. */
  readonly now?: () => number;
}

/**
 * Whether an open socket's caller still has access: its API key still authenticates (not revoked,
 * not expired) and the Authorizer still grants the socket's permission in its workspace. An
 * "allowed" decision is cached for `maxAgeMs` (a busy stream does not hit the read store per
 * message); a refusal is final. The decision made when the socket opened counts as the first one.
 */
export class AccessCheck {
  private decidedAt: number;
  private refusal: string | undefined;
  private deciding: Promise<string | undefined> | undefined;
  private readonly now: () => number;

  constructor(private readonly o: AccessCheckOptions) {
    this.now = o.now ?? (() => performance.now());
    this.decidedAt = this.now();
  }

  /** Allowed by a decision still fresh: a message may go out without waiting. */
  get fresh(): boolean {
    return this.refusal === undefined && this.now() - this.decidedAt < this.o.maxAgeMs();
  }

  /** The refusal (a close reason), or undefined when access is still granted; `force` ignores the cache. */
  async refused(force = false): Promise<string | undefined> {
    if (this.refusal !== undefined) return this.refusal;
    if (!force && this.fresh) return undefined;
    this.deciding ??= this.decide().finally(() => (this.deciding = undefined));
    return this.deciding;
  }

  private async decide(): Promise<string | undefined> {
    const { session } = this.o;
    const principal = await this.o.authenticator.authenticate(session.apiKey);
    const refusal = principal ? await authorizationRefusal(this.o.authorizer, principal, session.permission, session.scope) : 'API key revoked or expired';
    this.decidedAt = this.now();
    if (refusal !== undefined) this.refusal = refusal;
    return refusal;
  }
}

/**
 * Sends a subscriber's messages only while its caller has access: each batch (the messages queued
 * while a decision was pending) waits for a fresh AccessCheck decision; on a refusal nothing more
 * is sent and `onRefused` closes the socket. Messages keep their order.
 */
export class GatedSender {
  private readonly queue: { message: unknown; written?: () => void }[] = [];
  private draining = false;
  private stopped = false;

  constructor(
    private readonly access: AccessCheck,
    private readonly deliver: (message: unknown, written?: () => void) => void,
    private readonly onRefused: (reason: string) => void,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Sends (or queues) a message; `written` is called once it is written or dropped. */
  send(message: unknown, written?: () => void): void {
    if (this.stopped) return written?.();
    if (!this.draining && this.queue.length === 0 && this.access.fresh) return this.deliver(message, written);
    this.queue.push({ message, written });
    if (!this.draining) void this.drain();
  }

  /** Nothing more is sent; queued messages are dropped. */
  stop(): void {
    this.stopped = true;
    for (const { written } of this.queue.splice(0)) written?.();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        let refusal: string | undefined;
        try {
          refusal = await this.access.refused();
        } catch (err) {
          this.stop();
          this.onError(err);
          return;
        }
        if (this.stopped) return;
        if (refusal !== undefined) {
          this.stop();
          this.onRefused(refusal);
          return;
        }
        for (const { message, written } of this.queue.splice(0)) this.deliver(message, written);
      }
    } finally {
      this.draining = false;
    }
  }
}
