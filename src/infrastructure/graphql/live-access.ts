import type { Authorizer, Principal, Scope } from '../../shared/application';
import type { RecordedEvent } from '../../shared/ddd';
import type { LiveFeed } from './live-feed';

export interface LiveAccessOptions {
  /** Whether an event may change who has access to what (drops every cached decision at once). */
  readonly changesAccess: (event: RecordedEvent) => boolean;
  /** How long an "allowed" decision is trusted (ms); at most 1 s. */
  readonly maxAgeMs?: number;
  /** A monotonic clock in ms. */
  readonly now?: () => number;
}

interface Decision {
  readonly at: number;
  readonly generation: number;
}

/**
 * Per-event authorization of subscriptions: the authorizer's decision for (caller, permission, scope) is
 * cached for at most `maxAgeMs`, shared by every subscription of that caller, and every cached decision is
 * dropped the moment the feed carries an event that changes access (the gate observes the feed before any
 * subscriber gets the batch, and the read models already hold it). A decision started before such an event
 * is not cached. Refusals are never cached: the authorizer's error is thrown to the caller.
 */
export class LiveAccessGate {
  private readonly decisions = new Map<string, Decision>();
  private readonly pending = new Map<string, { generation: number; promise: Promise<void> }>();
  private generation = 0;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private readonly stopObserving: () => void;

  constructor(
    private readonly authorizer: Authorizer,
    feed: LiveFeed,
    private readonly options: LiveAccessOptions,
  ) {
    this.maxAgeMs = Math.min(options.maxAgeMs ?? 1000, 1000);
    this.now = options.now ?? (() => performance.now());
    this.stopObserving = feed.observe((batch) => {
      if (batch.some((e) => this.options.changesAccess(e))) this.invalidate();
    });
  }

  /** Drops every cached decision. */
  invalidate(): void {
    this.generation++;
    this.decisions.clear();
    this.pending.clear();
  }

  /** Whether a fresh cached decision allows it (no authorizer call, synchronous). */
  allowedNow(principal: Principal, permission: string, scope: Scope): boolean {
    const cached = this.decisions.get(cacheKey(principal, permission, scope));
    return cached !== undefined && cached.generation === this.generation && this.now() - cached.at < this.maxAgeMs;
  }

  /** Resolves when `principal` still holds `permission` in `scope`; throws the authorizer's error otherwise. */
  check(principal: Principal, permission: string, scope: Scope): Promise<void> {
    const key = cacheKey(principal, permission, scope);
    const cached = this.decisions.get(key);
    if (cached && cached.generation === this.generation && this.now() - cached.at < this.maxAgeMs) return Promise.resolve();
    const inFlight = this.pending.get(key);
    if (inFlight && inFlight.generation === this.generation) return inFlight.promise;
    const generation = this.generation;
    const promise = this.authorizer.authorize(principal, permission, scope).then(
      () => {
        if (this.pending.get(key)?.promise === promise) this.pending.delete(key);
        if (generation === this.generation) this.decisions.set(key, { at: this.now(), generation });
      },
      (err: unknown) => {
        if (this.pending.get(key)?.promise === promise) this.pending.delete(key);
        throw err;
      },
    );
    this.pending.set(key, { generation, promise });
    return promise;
  }

  close(): void {
    this.stopObserving();
    this.invalidate();
  }
}

function cacheKey(principal: Principal, permission: string, scope: Scope): string {
  const a = principal.actor;
  const credential = principal.session?.id ?? principal.apiKeyId ?? '';
  const where = scope.kind === 'workspace' ? `${scope.accountId}/${scope.workspaceId}` : scope.kind === 'account' ? scope.accountId : scope.kind === 'user' ? `user:${scope.userId}` : 'installation';
  return `${a.type}:${a.id}|${credential}|${permission}|${where}`;
}
