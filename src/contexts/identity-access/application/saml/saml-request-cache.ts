import type { CacheItem, CacheProvider } from '@node-saml/passport-saml';
import type { ReadStore } from '../../../../infrastructure/read-store/read-store.port';

/**
 * AuthnRequest ids waiting for their Response, and assertion ids already used. Both are ephemeral
 * protocol state, not facts of the domain: they live in read-store collections of their own (shared
 * by every process, unlike node-saml's in-memory cache) and are never event-sourced: replaying the
 * log must not resurrect a pending request, nothing else reacts to them, and they expire in minutes.
 */
export const SAML_PENDING_REQUESTS = 'saml_pending_requests';
export const SAML_USED_ASSERTIONS = 'saml_used_assertions';
export const SAML_EPHEMERAL_INDEXES = [{ name: 'saml_expiry', fields: [{ field: 'expires_at' }] }] as const;

interface PendingRequestDoc {
  _id: string;
  account_id: string;
  created_at: string;
  expires_at: string;
  [key: string]: unknown;
}

/** node-saml's cache interface over the read store, keyed per account so a request id of one account never answers another's. */
export class ReadStoreSamlRequestCache implements CacheProvider {
  constructor(
    private readonly store: ReadStore,
    private readonly accountId: string,
    private readonly now: () => Date,
    private readonly ttlMs: number,
  ) {}

  private key(id: string): string {
    return `${this.accountId}:${id}`;
  }

  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    const now = this.now();
    const doc: PendingRequestDoc = { _id: this.key(key), account_id: this.accountId, created_at: value, expires_at: new Date(now.getTime() + this.ttlMs).toISOString() };
    await this.store.put(SAML_PENDING_REQUESTS, doc);
    return { value, createdAt: now.getTime() };
  }

  async getAsync(key: string): Promise<string | null> {
    const doc = await this.store.get<PendingRequestDoc>(SAML_PENDING_REQUESTS, this.key(key));
    if (!doc || doc.expires_at <= this.now().toISOString()) return null;
    return doc.created_at;
  }

  async removeAsync(key: string | null): Promise<string | null> {
    if (key === null) return null;
    const doc = await this.store.get<PendingRequestDoc>(SAML_PENDING_REQUESTS, this.key(key));
    await this.store.delete(SAML_PENDING_REQUESTS, this.key(key));
    return doc?.created_at ?? null;
  }
}

/**
 * Records an assertion id as used until `expiresAt`; false when it was already used. Insert-once
 * through the read store's position guard: every document is written with `_pos: 1`, and `put`
 * refuses (atomically, in both adapters) a document whose stored `_pos` is already >= 1.
 */
export async function markAssertionUsed(store: ReadStore, accountId: string, assertionId: string, expiresAt: string): Promise<boolean> {
  return store.put(SAML_USED_ASSERTIONS, { _id: `${accountId}:${assertionId}`, _pos: 1, account_id: accountId, expires_at: expiresAt });
}

/** Drops expired entries (a few per call, so the collections stay small without a background job). */
export async function pruneExpired(store: ReadStore, now: Date): Promise<void> {
  const cutoff = now.toISOString();
  for (const collection of [SAML_PENDING_REQUESTS, SAML_USED_ASSERTIONS]) {
    const stale = await store.find(collection, { expires_at: { $lt: cutoff } }, { limit: 50 });
    for (const d of stale) await store.delete(collection, d._id);
  }
}
