import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Document } from '../../../../shared/ddd';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { SecretsService } from '../../../../infrastructure/secrets';
import { OidcRefusal } from './oidc-refusal';

/**
 * Login transactions live in a read-store collection of their own, not in the event store: they are short-lived
 * protocol state (a PKCE verifier and a nonce that must stay server-side for ten minutes and be used once), not
 * facts about the account; recording them as events would keep one-time secrets forever and add nothing to replay.
 * The sign-in itself is recorded by the session it starts.
 */
export const OIDC_LOGIN_TRANSACTIONS = 'oidc_login_transactions';

export const LOGIN_TRANSACTION_SECONDS = 600;

export interface OidcLoginTransaction {
  readonly accountId: string;
  readonly codeVerifier: string;
  readonly nonce: string;
  readonly issuer: string;
  readonly redirectUri: string;
  readonly expiresAt: string;
}

interface TransactionDoc extends Document {
  kind: 'pending' | 'used';
  account_id: string;
  code_verifier?: string;
  nonce?: string;
  issuer?: string;
  redirect_uri?: string;
  expires_at: string;
}

/** Only the SHA-256 of the state keys a transaction: the state travels through the browser, the store never holds it. */
export const stateKey = (state: string) => createHash('sha256').update(state, 'utf8').digest('base64url');
const usedKey = (key: string) => `used.${key}`;

@Injectable()
export class OidcLoginTransactions {
  private ready: Promise<void> | undefined;

  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly secrets: SecretsService,
  ) {}

  async save(state: string, tx: OidcLoginTransaction, now: Date): Promise<void> {
    await this.ensure();
    await this.purgeExpired(now);
    const key = stateKey(state);
    await this.store.put(OIDC_LOGIN_TRANSACTIONS, {
      _id: key,
      kind: 'pending',
      account_id: tx.accountId,
      // The PKCE verifier is the one secret here: sealed like every secret at rest, bound to this transaction.
      code_verifier: this.secrets.seal(tx.codeVerifier, `oidc-login:${key}`),
      nonce: tx.nonce,
      issuer: tx.issuer,
      redirect_uri: tx.redirectUri,
      expires_at: tx.expiresAt,
    } satisfies TransactionDoc);
  }

  /**
   * Takes the transaction out of the store, once. The delete is the arbiter: of two callbacks racing with the same
   * state both may read it, but the store deletes it for only one, and the other is refused as a reuse. A marker
   * (under another id, so a late delete cannot remove it) tells a later reuse from a state never issued.
   */
  async consume(state: string, now: Date): Promise<OidcLoginTransaction> {
    await this.ensure();
    const key = stateKey(state);
    const doc = await this.store.get<TransactionDoc>(OIDC_LOGIN_TRANSACTIONS, key);
    if (!doc || doc.kind !== 'pending') {
      const used = await this.store.get<TransactionDoc>(OIDC_LOGIN_TRANSACTIONS, usedKey(key));
      if (used) throw new OidcRefusal('state_reused', 'This sign-in was already completed or abandoned; start again');
      throw new OidcRefusal('state_unknown', 'This sign-in is unknown; start again');
    }
    if (!(await this.store.delete(OIDC_LOGIN_TRANSACTIONS, key))) throw new OidcRefusal('state_reused', 'This sign-in was already completed or abandoned; start again');
    await this.store.put(OIDC_LOGIN_TRANSACTIONS, { _id: usedKey(key), kind: 'used', account_id: doc.account_id, expires_at: doc.expires_at } satisfies TransactionDoc);
    if (doc.expires_at <= now.toISOString()) throw new OidcRefusal('state_expired', 'This sign-in took too long; start again');
    return {
      accountId: doc.account_id,
      codeVerifier: this.open(doc.code_verifier, key),
      nonce: doc.nonce ?? '',
      issuer: doc.issuer ?? '',
      redirectUri: doc.redirect_uri ?? '',
      expiresAt: doc.expires_at,
    };
  }

  private open(sealed: string | undefined, key: string): string {
    try {
      return this.secrets.open(sealed ?? '', `oidc-login:${key}`);
    } catch {
      throw new OidcRefusal('state_unknown', 'This sign-in is unknown; start again');
    }
  }

  /** Drops transactions and reuse markers past their expiry (a bounded batch per login, so the collection stays small). */
  private async purgeExpired(now: Date): Promise<void> {
    const old = await this.store.find<TransactionDoc>(OIDC_LOGIN_TRANSACTIONS, { expires_at: { $lt: now.toISOString() } }, { limit: 100 });
    for (const d of old) await this.store.delete(OIDC_LOGIN_TRANSACTIONS, d._id);
  }

  private ensure(): Promise<void> {
    this.ready ??= this.store.ensureCollection(OIDC_LOGIN_TRANSACTIONS, [{ name: 'oidc_login_transactions_expiry', fields: [{ field: 'expires_at' }] }]);
    return this.ready;
  }
}
