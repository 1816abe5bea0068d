import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { WS_CLOSE } from '../../../infrastructure/http/websockets';
import type { Metrics } from '../../../infrastructure/observability/metrics';
import type { EventsService } from '../application/events/events.service';
import { MAX_EVENT_BYTES, parsePrefectEvent, type PrefectEvent } from '../application/events/prefect-event';
import { closeSocket, frameBytes, frameText, type AccessCheck, type Frame, type SocketSession } from './socket-session';

/** Frames gathered before a write (a few ms, or this many, whichever first). */
const LINGER_MS = 5;
const BATCH = 500;
/** Events received but not yet stored beyond which the socket stops being read (backpressure). */
const HIGH_WATER = 2000;
const LOW_WATER = 500;
/** Warnings logged per connection for dropped frames; the rest are only counted. */
const LOGGED_DROPS = 20;

/**
 * One `/events/in` connection. Every text message is one event: a valid one is queued, written in
 * small batches through EventsService, and a bad one is dropped (warning log, counter), never
 * failing the socket. Ping frames are answered only once every message sent before them has been
 * stored or dropped: the client takes a pong as the acknowledgement of all earlier events and
 * resends unacknowledged ones after a reconnect, so nothing acknowledged is ever lost. When the
 * writes fall behind, the socket is paused (TCP backpressure) rather than anything dropped.
 */
export class EventsInSession {
  private received = 0;
  private completed = 0;
  private pending: { event: PrefectEvent; index: number }[] = [];
  private pendingUpTo = 0;
  private inflight: Promise<void> | undefined;
  private inflightCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly pongs: { upTo: number; data: Buffer }[] = [];
  private session: SocketSession | undefined;
  /** Re-checked before each batch is stored: a caller who lost access has nothing more stored. */
  private access: AccessCheck | undefined;
  private readonly beforeAuth: { index: number; frame: Frame }[] = [];
  private drops = 0;
  private paused = false;
  private failed = false;
  private refused = false;
  /** In a `prefect` handshake the first message is the auth message, not an event. */
  private authFrame: Frame | 'none' | 'taken';
  private authWaiter: ((f: Frame | undefined) => void) | undefined;

  constructor(
    private readonly socket: WebSocket,
    handshake: boolean,
    private readonly events: EventsService,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {
    this.authFrame = handshake ? 'none' : 'taken';
    // Listening from the first moment: every message counts for the ping acknowledgements.
    socket.on('message', (data, isBinary) => this.onFrame({ data, isBinary }));
    socket.on('ping', (data) => {
      this.pongs.push({ upTo: this.received, data });
      this.answerPings();
    });
    socket.on('close', () => {
      this.authWaiter?.(undefined);
      this.authWaiter = undefined;
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      // Store what arrived: the client may not have its pong, but the events are real.
      this.flush();
    });
  }

  private onFrame(frame: Frame): void {
    const index = ++this.received;
    if (this.authFrame === 'none') {
      this.complete(index);
      if (this.authWaiter) {
        this.authFrame = 'taken';
        const w = this.authWaiter;
        this.authWaiter = undefined;
        w(frame);
      } else this.authFrame = frame;
      return;
    }
    if (this.session) this.accept(index, frame);
    else {
      this.beforeAuth.push({ index, frame });
      if (!this.paused && this.beforeAuth.length >= HIGH_WATER) {
        this.paused = true;
        this.socket.pause();
      }
    }
  }

  /** The handshake's auth message (for `acceptPrefectSocket`). */
  nextAuthFrame(timeoutMs: number): Promise<Frame | undefined> {
    if (typeof this.authFrame === 'object') {
      const f = this.authFrame;
      this.authFrame = 'taken';
      return Promise.resolve(f);
    }
    if (this.authFrame === 'taken' || this.socket.readyState !== this.socket.OPEN) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.authWaiter = undefined;
        resolve(undefined);
      }, timeoutMs);
      this.authWaiter = (f) => {
        clearTimeout(timer);
        resolve(f);
      };
    });
  }

  /** The socket is authenticated: process what came before, then everything as it comes. */
  start(session: SocketSession, access?: AccessCheck): void {
    this.session = session;
    this.access = access;
    for (const { index, frame } of this.beforeAuth.splice(0)) this.accept(index, frame);
    if (this.paused && this.pending.length + this.inflightCount < LOW_WATER) {
      this.paused = false;
      this.socket.resume();
    }
  }

  private accept(index: number, frame: Frame): void {
    if (this.failed) return;
    let event: PrefectEvent | undefined;
    if (frame.isBinary) this.drop(index, 'binary', 'a binary message is not an event');
    else if (frameBytes(frame) > MAX_EVENT_BYTES) this.drop(index, 'too_large', `the event is larger than ${MAX_EVENT_BYTES} bytes`);
    else {
      try {
        event = parsePrefectEvent(JSON.parse(frameText(frame)));
      } catch (err) {
        this.drop(index, err instanceof SyntaxError ? 'invalid_json' : 'invalid_event', (err as Error).message);
      }
    }
    if (!event) return;
    this.pending.push({ event, index });
    this.pendingUpTo = index;
    if (!this.paused && this.pending.length + this.inflightCount >= HIGH_WATER) {
      this.paused = true;
      this.socket.pause();
    }
    this.schedule();
  }

  private drop(index: number, reason: string, message: string): void {
    this.metrics.droppedEventFrames.inc({ reason });
    if (++this.drops <= LOGGED_DROPS) this.logger.warn({ reason, message, workspaceId: this.session?.scope.workspaceId }, 'dropped a message on /events/in that is not a valid event');
    // Done once everything before it is done.
    if (this.pending.length > 0 || this.inflight) this.pendingUpTo = index;
    else this.complete(index);
  }

  private schedule(): void {
    if (this.inflight) return;
    if (this.pending.length >= BATCH) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), LINGER_MS);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inflight || this.failed || !this.session || this.pendingUpTo <= this.completed) return;
    const taken = this.pending.splice(0, BATCH);
    // Dropped messages after the last event taken are done when the next write is.
    const upTo = this.pending.length === 0 ? this.pendingUpTo : taken[taken.length - 1]!.index;
    if (taken.length === 0) {
      this.complete(upTo);
      return;
    }
    this.inflightCount = taken.length;
    const batch = taken.map((p) => p.event);
    const session = this.session;
    const access = this.access;
    const store = async (): Promise<boolean> => {
      const refusal = access ? await access.refused() : undefined;
      if (refusal !== undefined) {
        this.refuse(refusal);
        return false;
      }
      await this.events.ingest(session.scope, batch, { origin: 'client', principal: session.principal });
      return true;
    };
    this.inflight = store().then(
      (stored) => {
        this.inflight = undefined;
        if (!stored) return;
        this.inflightCount = 0;
        this.complete(upTo);
        if (this.paused && this.pending.length < LOW_WATER) {
          this.paused = false;
          this.socket.resume();
        }
        if (this.pendingUpTo > this.completed) {
          if (this.pending.length === 0) this.complete(this.pendingUpTo);
          else this.flush();
        }
      },
      (err: unknown) => {
        this.inflight = undefined;
        this.failed = true;
        this.logger.error({ err, workspaceId: this.session?.scope.workspaceId }, 'could not store events from /events/in; closing the socket so the client resends');
        closeSocket(this.socket, WS_CLOSE.internalError, 'Events could not be stored; reconnect and resend');
      },
    );
  }

  private complete(index: number): void {
    if (index > this.completed) this.completed = index;
    this.answerPings();
  }

  private answerPings(): void {
    while (this.pongs.length > 0 && this.pongs[0]!.upTo <= this.completed) {
      const { data } = this.pongs.shift()!;
      if (this.socket.readyState === this.socket.OPEN) this.socket.pong(data);
    }
  }

  /**
   * The caller lost access: nothing more is stored or acknowledged (what was received and not
   * yet stored is dropped), and the socket is closed with 1008 and `reason`.
   */
  refuse(reason: string): void {
    if (this.refused) return;
    this.refused = true;
    this.failed = true;
    this.pending = [];
    this.pongs.length = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.logger.info({ workspaceId: this.session?.scope.workspaceId, reason }, 'closing /events/in: the caller lost access');
    // Reading again lets the close handshake complete.
    if (this.paused) this.socket.resume();
    closeSocket(this.socket, WS_CLOSE.policyViolation, reason);
  }

  /**
   * Stores what was received (reading nothing more meanwhile), then closes. Later messages are not
   * acknowledged, so the client resends them wherever it reconnects.
   */
  async close(code: number, reason: string): Promise<void> {
    if (!this.paused) {
      this.paused = true;
      this.socket.pause();
    }
    for (let i = 0; i < 100 && (this.inflight || (this.pending.length > 0 && !this.failed && this.session)); i++) {
      if (this.inflight) await this.inflight.catch(() => undefined);
      else this.flush();
    }
    this.failed = true;
    // Reading again lets the close handshake complete (a paused socket would wait for its timeout).
    this.socket.resume();
    closeSocket(this.socket, code, reason);
  }
}
