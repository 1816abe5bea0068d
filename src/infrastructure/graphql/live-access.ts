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

/**
 * Events (of tenancy and identity-access, matched by name: the feed knows no context) after which a cached
 * authorization decision may be wrong: membership, account roles, workspace access, roles, credentials.
 */
export const ACCESS_EVENTS: ReadonlySet<string> = new Set([
  'AccountMemberAdded',
  'AccountMemberRemoved',
  'AccountMemberRoleChanged',
  'AccountSettingsUpdated',
  'WorkspaceAccessGranted',
  'WorkspaceAccessRevoked',
  'WorkspaceUpdated',
  'WorkspaceDeleted',
  'WorkspaceRoleCreated',
  'WorkspaceRoleUpdated',
  'WorkspaceRoleDeleted',
  'ApiKeyRevoked',
  'ApiKeyExpirationShortened',
  'SessionRevoked',
  'ServiceAccountKeyRotated',
  'ServiceAccountDeleted',
  'OidcConnectionRemoved',
  'SamlConnectionRemoved',
]);

/** `LiveAccessOptions.changesAccess` for every subscription: any event of ACCESS_EVENTS. */
export function changesAccess(event: RecordedEvent): boolean {
  return ACCESS_EVENTS.has(event.type);
}

type EventData = Record<string, unknown>;

/** Whether `event` revoked the credential `principal` authenticated with (its API key, its session, its service account). */
export function revokesCredential(event: RecordedEvent, principal: Principal): boolean {
  const d = (event.data ?? {}) as EventData;
  const keyId = principal.apiKeyId;
  switch (event.type) {
    case 'ApiKeyRevoked':
      return keyId !== null && d.keyId === keyId;
    case 'ApiKeyExpirationShortened':
      return keyId !== null && d.keyId === keyId && typeof d.expiresAt === 'string' && Date.parse(d.expiresAt) <= Date.parse(event.recordedAt);
    case 'SessionRevoked':
      return principal.session !== undefined && d.sessionId === principal.session.id;
    case 'ServiceAccountKeyRotated':
      return keyId !== null && d.oldApiKeyId === keyId && d.oldKeyExpiresAt === null;
    case 'ServiceAccountDeleted':
      return d.botId === principal.actor.id || (keyId !== null && Array.isArray(d.apiKeyIds) && d.apiKeyIds.includes(keyId));
    default:
      return false;
  }
}

/**
 * Whether `event` took the caller out of the account: final for a subscription opened before (its explicit
 * workspace access is revoked in reaction, later; nothing may be delivered in between).
 */
export function removesFromAccount(event: RecordedEvent, principal: Principal, accountId: string): boolean {
  if (event.type !== 'AccountMemberRemoved') return false;
  const d = (event.data ?? {}) as EventData;
  return d.accountId === accountId && d.userId === principal.actor.id;
}
