import type { Logger } from 'pino';
import type { ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import type { Principal } from '../../../../shared/application';
import { EVENTS, type EventDoc } from '../../read-models';
import type { ClientEventConsumer } from './client-event-consumer';
import { fromEventDoc, type ReceivedEvent } from './prefect-event';

export const CLIENT_EVENT_CONSUMERS_CHECKPOINT = 'client-event-consumers';
const CHECKPOINT_VERSION = 1;
const PAGE = 500;
const STOPPED = Symbol('stopped');

interface Waiter {
  readonly seq: number;
  readonly resolve: () => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Hands stored client events to the ClientEventConsumers by tailing the `events` collection in
 * `_seq` order from a checkpoint, so an event stored just before a crash still reaches them after
 * the restart. A failing consumer is retried with backoff (logged each time); the checkpoint
 * moves only when every consumer took the page.
 *
 * `_seq` is assigned by the one writer of this process, so it grows in commit order here; several
 * processes writing one store would need a lag window on the tail (not built: embedded is one process).
 */
export class ClientEventDispatcher {
  private position = 0;
  private dirty = true;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private stopped = false;
  private failing = false;
  private waiters: Waiter[] = [];
  private sleeper: (() => void) | undefined;

  constructor(
    private readonly readStore: ReadStore,
    private readonly consumers: readonly ClientEventConsumer[],
    private readonly logger: Logger,
    private readonly options: { readonly retryDelayMs?: number; readonly maxRetryDelayMs?: number } = {},
  ) {}

  get enabled(): boolean {
    return this.consumers.length > 0;
  }

  async start(): Promise<void> {
    if (!this.enabled) return;
    const cp = await this.readStore.getCheckpoint(CLIENT_EVENT_CONSUMERS_CHECKPOINT);
    this.position = cp && cp.version === CHECKPOINT_VERSION ? cp.position : 0;
    this.loop = this.run();
  }

  /** New events were stored. */
  notify(): void {
    this.dirty = true;
    this.wake?.();
  }

  /**
   * Resolves when every consumer has taken the events up to `seq`, or after `timeoutMs`, or at
   * once while a consumer is failing: the events are stored, so the caller need not hold on.
   */
  waitFor(seq: number, timeoutMs = 5000): Promise<void> {
    if (!this.enabled || this.stopped || this.failing || this.position >= seq) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        resolve();
      }, timeoutMs);
      this.waiters.push({ seq, resolve, timer });
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (!this.dirty) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          if (this.dirty || this.stopped) resolve();
        });
        this.wake = undefined;
        continue;
      }
      this.dirty = false;
      for (;;) {
        if (this.stopped) return;
        const page = await this.retrying('read', () => this.readStore.find<EventDoc>(EVENTS, { _seq: { $gt: this.position } }, { sort: [{ field: '_seq', direction: 'asc' }], limit: PAGE }));
        if (page === STOPPED) return;
        if (page.length === 0) break;
        if ((await this.retrying('consume', () => this.deliver(page))) === STOPPED) return;
        const last = page[page.length - 1]!._seq;
        const saved = await this.retrying('checkpoint', () => this.readStore.writeBatch([], { name: CLIENT_EVENT_CONSUMERS_CHECKPOINT, position: last, version: CHECKPOINT_VERSION }));
        if (saved === STOPPED) return;
        this.position = last;
        this.release();
        if (page.length < PAGE) break;
      }
    }
  }

  private async deliver(page: readonly EventDoc[]): Promise<void> {
    // Consecutive events of one workspace and one sender go together, in order.
    const groups: { key: string; scope: { accountId: string; workspaceId: string }; sender: Principal | undefined; events: ReceivedEvent[] }[] = [];
    for (const doc of page) {
      if (doc._origin !== 'client') continue;
      const s = doc._sender;
      const key = `${doc._account}/${doc._workspace}/${s?.type}/${s?.id}/${s?.api_key_id}`;
      const last = groups[groups.length - 1];
      if (last && last.key === key) last.events.push(fromEventDoc(doc));
      else {
        const sender: Principal | undefined = s ? { actor: { type: s.type, id: s.id, name: s.name }, apiKeyId: s.api_key_id } : undefined;
        groups.push({ key, scope: { accountId: doc._account!, workspaceId: doc._workspace! }, sender, events: [fromEventDoc(doc)] });
      }
    }
    for (const consumer of this.consumers) {
      for (const g of groups) await consumer.consume(g.scope, g.events, g.sender);
    }
  }

  /** Runs `fn` until it succeeds; STOPPED when the dispatcher stopped first. */
  private async retrying<T>(what: string, fn: () => Promise<T>): Promise<T | typeof STOPPED> {
    const initial = this.options.retryDelayMs ?? 200;
    const max = this.options.maxRetryDelayMs ?? 30_000;
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        const result = await fn();
        if (this.failing) this.logger.info({ attempt }, 'client event consumers recovered');
        this.failing = false;
        return result;
      } catch (err) {
        const delay = Math.min(max, initial * 2 ** Math.min(attempt - 1, 20));
        if (!this.failing) this.releaseAll();
        this.failing = true;
        this.logger.error({ err, step: what, attempt, retryInMs: delay, after: this.position }, 'client event consumers failed; retrying');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.sleeper = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.sleeper = undefined;
      }
    }
    return STOPPED;
  }

  private release(): void {
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.seq <= this.position) {
        clearTimeout(w.timer);
        w.resolve();
      } else still.push(w);
    }
    this.waiters = still;
  }

  private releaseAll(): void {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve();
    }
    this.waiters = [];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.sleeper?.();
    await this.loop;
    this.releaseAll();
  }
}
