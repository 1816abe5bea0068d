import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { WS_CLOSE } from '../../../infrastructure/http/websockets';
import { WORKSPACE_PREFIX } from '../../../infrastructure/http/workspace-scope';
import { LOGGER } from '../../../infrastructure/observability/logger';
import { Metrics } from '../../../infrastructure/observability/metrics';
import { API_KEY_AUTHENTICATOR, AUTHORIZER, CLOCK, type ApiKeyAuthenticator, type Authorizer, type Clock } from '../../../shared/application';
import { EventsService } from '../application/events/events.service';
import type { ReceivedEvent } from '../application/events/prefect-event';
import { LogsService, type Log } from '../application/logs/logs.service';
import { compileEventFilter } from './event-filters';
import { EventsInSession } from './events-in.session';
import { logFilter } from './log-filters';
import { acceptPrefectSocket, AccessCheck, closeSocket, frameText, GatedSender, Inbox, type Frame, type SocketSession } from './socket-session';

/** Backfill of `/events/out`: at most this far back, in pages of this size (Prefect's defaults). */
const BACKFILL_MS = 15 * 60_000;
const BACKFILL_PAGE = 250;
/** A subscriber this far behind (bytes queued on its socket) is disconnected. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
const AUTH_TIMEOUT_MS = 60_000;
const FILTER_TIMEOUT_MS = 60_000;

interface Open {
  readonly socket: WebSocket;
  readonly session: SocketSession;
  readonly route: string;
  readonly eventsIn?: EventsInSession;
  /** Whether the caller still has access (checked before deliveries and on the access timer). */
  readonly access: AccessCheck;
  /** Closes the socket of a caller who lost access (1008, like a refusal at open). */
  readonly refuse: (reason: string) => void;
  /** Subscribers answered the last liveness ping (a vanished client would hold a subscription forever). */
  alive: boolean;
}

/**
 * Prefect's websockets (reference/prefect-api.md §3): `/events/in`, `/events/out`, `/logs/out` in
 * the workspace. They are plain Fastify routes added to Nest's Fastify instance at module init
 * (the @fastify/websocket plugin is registered by server.ts before `app.init()`), so they
 * authenticate and authorize themselves: API key from the handshake or the upgrade header, the
 * AUTHORIZER for the workspace. While open, a socket re-checks its key and access before it
 * delivers a batch to the client (`/events/out`, `/logs/out`) or stores a batch of the client's
 * events (`/events/in`), trusting an "allowed" decision for at most `accessCacheMs`, and every
 * `accessRecheckMs` while idle; a caller who lost access is closed with 1008.
 */
@Injectable()
export class PrefectSockets implements OnModuleInit, OnModuleDestroy {
  /** How often subscribers are pinged; one that did not answer the previous ping is dropped. */
  authRecheckMs = 30_000;
  /** How often idle sockets re-check their key and access: a revoked key closes the socket. */
  accessRecheckMs = 5_000;
  /** How long an "allowed" decision is trusted before the next delivery re-checks it. */
  accessCacheMs = 1_000;
  private readonly open = new Set<Open>();
  private recheckTimer: NodeJS.Timeout | undefined;
  private rechecking: Promise<void> | undefined;
  private accessTimer: NodeJS.Timeout | undefined;
  private checkingAccess: Promise<void> | undefined;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(API_KEY_AUTHENTICATOR) private readonly authenticator: ApiKeyAuthenticator,
    @Inject(AUTHORIZER) private readonly authorizer: Authorizer,
    private readonly events: EventsService,
    private readonly logs: LogsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    if (!fastify.websocketServer) throw new Error('websockets are not set up: call registerWebsocketSupport(app) before app.init()');
    const route = (path: string, handler: (socket: WebSocket, req: FastifyRequest) => Promise<void>) =>
      fastify.route({
        method: 'GET',
        url: `/${WORKSPACE_PREFIX}${path}`,
        websocket: true,
        handler: (socket: WebSocket, req: FastifyRequest) => {
          handler(socket, req).catch((err: unknown) => {
            this.logger.error({ err, route: path }, 'websocket handler failed');
            closeSocket(socket, WS_CLOSE.internalError, 'Internal error');
          });
        },
      });
    route('/events/in', (s, r) => this.eventsIn(s, r));
    route('/events/out', (s, r) => this.eventsOut(s, r));
    route('/logs/out', (s, r) => this.logsOut(s, r));
    this.scheduleRecheck();
    this.scheduleAccessCheck();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
    this.recheckTimer = undefined;
    if (this.accessTimer) clearTimeout(this.accessTimer);
    this.accessTimer = undefined;
    await Promise.all([this.rechecking, this.checkingAccess]);
    // Store what `/events/in` sockets received, then tell every client to reconnect elsewhere.
    await Promise.all([...this.open].map((o) => (o.eventsIn ? o.eventsIn.close(WS_CLOSE.goingAway, 'Server shutting down') : closeSocket(o.socket, WS_CLOSE.goingAway, 'Server shutting down'))));
  }

  // --- routes ---------------------------------------------------------------------------------

  private async eventsIn(socket: WebSocket, req: FastifyRequest): Promise<void> {
    const session = new EventsInSession(socket, socket.protocol === 'prefect', this.events, this.logger, this.metrics);
    const accepted = await this.accept(socket, req, 'run_flows', (ms) => session.nextAuthFrame(ms));
    if (!accepted) return;
    const open = this.track(socket, accepted, '/events/in', (reason) => session.refuse(reason), session);
    session.start(accepted, open.access);
  }

  private async eventsOut(socket: WebSocket, req: FastifyRequest): Promise<void> {
    this.answerPings(socket);
    const inbox = new Inbox(socket);
    const accepted = await this.accept(socket, req, 'see_flows', (ms) => inbox.next(ms));
    if (!accepted) return;
    const message = await this.filterMessage(socket, inbox);
    if (!message) return;
    let compiled;
    try {
      // Like Prefect: backfill at most 15 minutes, oldest first; without `until`, live stays open.
      compiled = compileEventFilter(message.filter, { now: this.clock.now(), clampMs: BACKFILL_MS, openEnded: true });
    } catch (err) {
      closeSocket(socket, WS_CLOSE.protocolError, `Invalid filter: ${(err as Error).message}`);
      return;
    }
    inbox.ignoreRest();
    const sender = this.gatedSender(socket, accepted, '/events/out');
    const open = sender.open;
    const send = (event: ReceivedEvent, written?: () => void) => sender.send({ type: 'event', event }, written);
    // Subscribe before the backfill so nothing stored meanwhile is missed; hold live events back
    // until the backfill is out, then skip the ones it already sent.
    let buffered: ReceivedEvent[] | undefined = [];
    const unsubscribe = this.events.subscribe(accepted.scope, compiled.filter, (event) => (buffered ? buffered.push(event) : send(event)));
    socket.on('close', unsubscribe);
    if (socket.readyState !== socket.OPEN) return unsubscribe();
    const backfilled = new Set<string>();
    if (message.backfill !== false) {
      for (let offset = 0; this.open.has(open); offset += BACKFILL_PAGE) {
        const page = await this.events.find(accepted.scope, compiled.filter, { limit: BACKFILL_PAGE, offset, order: 'ASC' });
        for (const event of page.slice(0, -1)) {
          backfilled.add(event.id);
          send(event);
        }
        const last = page[page.length - 1];
        if (last) {
          backfilled.add(last.id);
          // Let a slow reader take each page before the next one is queued.
          await new Promise<void>((resolve) => send(last, resolve));
        }
        if (page.length < BACKFILL_PAGE) break;
      }
    }
    const held = buffered;
    buffered = undefined;
    for (const event of held) if (!backfilled.has(event.id)) send(event);
  }

  private async logsOut(socket: WebSocket, req: FastifyRequest): Promise<void> {
    this.answerPings(socket);
    const inbox = new Inbox(socket);
    const accepted = await this.accept(socket, req, 'see_flows', (ms) => inbox.next(ms));
    if (!accepted) return;
    const message = await this.filterMessage(socket, inbox);
    if (!message) return;
    let filter;
    try {
      filter = logFilter(message.filter);
    } catch (err) {
      closeSocket(socket, WS_CLOSE.protocolError, `Invalid filter: ${(err as Error).message}`);
      return;
    }
    inbox.ignoreRest();
    const sender = this.gatedSender(socket, accepted, '/logs/out');
    // Like Prefect: live lines only, no backfill.
    const unsubscribe = this.logs.subscribe(accepted.scope, filter, (log: Log) => sender.send({ type: 'log', log }));
    socket.on('close', unsubscribe);
    if (socket.readyState !== socket.OPEN) unsubscribe();
  }

  // --- helpers --------------------------------------------------------------------------------

  private accept(socket: WebSocket, req: FastifyRequest, permission: string, next: (ms: number) => Promise<Frame | undefined>) {
    return acceptPrefectSocket({ socket, req, next, permission, authenticator: this.authenticator, authorizer: this.authorizer, authTimeoutMs: AUTH_TIMEOUT_MS });
  }

  /** The `{"type": "filter", ...}` message; anything else closes the socket with 1002. */
  private async filterMessage(socket: WebSocket, inbox: Inbox): Promise<{ filter: unknown; backfill?: unknown } | undefined> {
    const frame = await inbox.next(FILTER_TIMEOUT_MS);
    if (!frame) {
      closeSocket(socket, WS_CLOSE.protocolError, "Expected 'filter' message");
      return undefined;
    }
    let message: unknown;
    try {
      message = JSON.parse(frameText(frame));
    } catch {
      message = undefined;
    }
    if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== 'filter') {
      closeSocket(socket, WS_CLOSE.protocolError, "Expected 'filter' message");
      return undefined;
    }
    return message as { filter: unknown; backfill?: unknown };
  }

  private answerPings(socket: WebSocket): void {
    socket.on('ping', (data) => {
      if (socket.readyState === socket.OPEN) socket.pong(data);
    });
  }

  /** Sends unless the socket is gone or too far behind (then it is closed); `written` is called either way. */
  private send(socket: WebSocket, message: unknown, written?: () => void): void {
    if (socket.readyState !== socket.OPEN) return written?.();
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      closeSocket(socket, WS_CLOSE.tryAgainLater, 'Subscriber too slow; reconnect');
      return written?.();
    }
    socket.send(JSON.stringify(message), written ? () => written() : undefined);
  }

  /** A subscriber's sender: every batch waits for the caller's access to be confirmed. */
  private gatedSender(socket: WebSocket, session: SocketSession, route: string): { open: Open; send: (message: unknown, written?: () => void) => void } {
    const open = this.track(socket, session, route, (reason) => {
      this.logger.info({ route, workspaceId: session.scope.workspaceId, reason }, 'closing a websocket that lost access');
      sender.stop();
      closeSocket(socket, WS_CLOSE.policyViolation, reason);
    });
    const sender = new GatedSender(
      open.access,
      (message, written) => this.send(socket, message, written),
      (reason) => open.refuse(reason),
      (err) => {
        this.logger.error({ err, route }, 'could not re-check a websocket’s access before a delivery; closing it');
        closeSocket(socket, WS_CLOSE.internalError, 'Internal error');
      },
    );
    socket.on('close', () => sender.stop());
    return { open, send: (message, written) => sender.send(message, written) };
  }

  private track(socket: WebSocket, session: SocketSession, route: string, refuse: (reason: string) => void, eventsIn?: EventsInSession): Open {
    const access = new AccessCheck({ session, authenticator: this.authenticator, authorizer: this.authorizer, maxAgeMs: () => this.accessCacheMs });
    const open: Open = { socket, session, route, eventsIn, access, refuse, alive: true };
    this.open.add(open);
    if (!eventsIn) socket.on('pong', () => (open.alive = true));
    this.metrics.websockets.inc({ route });
    const forget = () => {
      if (this.open.delete(open)) this.metrics.websockets.dec({ route });
    };
    socket.on('close', forget);
    if (socket.readyState === socket.CLOSED) forget();
    return open;
  }

  private scheduleRecheck(): void {
    this.recheckTimer = setTimeout(() => {
      this.rechecking = this.recheck().finally(() => {
        this.rechecking = undefined;
        if (this.recheckTimer) this.scheduleRecheck();
      });
    }, this.authRecheckMs);
    this.recheckTimer.unref();
  }

  private scheduleAccessCheck(): void {
    this.accessTimer = setTimeout(() => {
      this.checkingAccess = this.recheckAccess().finally(() => {
        this.checkingAccess = undefined;
        if (this.accessTimer) this.scheduleAccessCheck();
      });
    }, this.accessRecheckMs);
    this.accessTimer.unref();
  }

  /**
   * Drops subscribers that did not answer the previous round's ping (and pings the others), then
   * re-checks every socket's access like `recheckAccess`. Runs every `authRecheckMs`; tests may
   * call it directly.
   */
  async recheck(): Promise<void> {
    for (const o of [...this.open]) {
      if (o.eventsIn) continue;
      if (!o.alive) {
        o.socket.terminate();
        continue;
      }
      o.alive = false;
      if (o.socket.readyState === o.socket.OPEN) o.socket.ping();
    }
    await this.recheckAccess();
  }

  /**
   * Re-authenticates the key of every open socket and re-authorizes its workspace (ignoring the
   * cached decision); closes (1008) those that lost access, so an idle subscriber is closed too.
   * Runs every `accessRecheckMs`; tests may call it directly.
   */
  async recheckAccess(): Promise<void> {
    for (const o of [...this.open]) {
      if (o.socket.readyState !== o.socket.OPEN) continue;
      try {
        const refusal = await o.access.refused(true);
        if (refusal !== undefined) o.refuse(refusal);
      } catch (err) {
        this.logger.warn({ err, route: o.route }, 'could not re-check a websocket’s access; trying again later');
      }
    }
  }
}
