import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type ApiKeyAuthenticator, type Clock, type Principal } from '../../../../shared/application';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import {
  API_KEYS,
  SERVICE_ACCOUNTS,
  SESSIONS,
  SESSION_ACCESS_TOKENS,
  USERS,
  type ApiKeyDoc,
  type ServiceAccountDoc,
  type SessionDoc,
  type SessionTokenDoc,
  type UserDoc,
} from '../../read-models';
import { hashApiKey, looksLikeApiKey } from '../create-api-key/api-key-secret';
import { hashSessionToken, looksLikeSessionToken } from '../sessions/session-tokens';

/**
 * Looks a presented key up by its SHA-256. Reads the projection on every request, so revocation
 * and expiry take effect on the next request. The prefix must match the owner (`pnu_` user, `pnb_` bot);
 * a bot's key works only while the bot exists (deleting it revokes its keys too). Expiry — including a
 * rotated key's grace period — is compared with the clock here, so no job has to expire keys.
 * A session access token (`pns_`) authenticates the same way: refused once its session is revoked,
 * once it or its session has expired, or when the user is gone.
 */
@Injectable()
export class ReadModelApiKeyAuthenticator implements ApiKeyAuthenticator {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async authenticate(apiKey: string): Promise<Principal | undefined> {
    if (looksLikeSessionToken(apiKey, 'pns_')) return this.session(apiKey);
    if (!looksLikeApiKey(apiKey)) return undefined;
    const [key] = await this.readStore.find<ApiKeyDoc>(API_KEYS, { key_hash: hashApiKey(apiKey) }, { limit: 1 });
    if (!key || key.revoked_at !== null) return undefined;
    if (key.expiration !== null && Date.parse(key.expiration) <= this.clock.now().getTime()) return undefined;
    if (key.owner_type === 'user') {
      if (!apiKey.startsWith('pnu_')) return undefined;
      const user = await this.readStore.get<UserDoc>(USERS, key.owner_id);
      if (!user) return undefined;
      return { actor: { type: 'user', id: user._id, name: user.handle }, apiKeyId: key._id };
    }
    if (!apiKey.startsWith('pnb_')) return undefined;
    const bot = await this.readStore.get<ServiceAccountDoc>(SERVICE_ACCOUNTS, key.owner_id);
    if (!bot) return undefined;
    return { actor: { type: 'service_account', id: bot._id, name: bot.name }, apiKeyId: key._id };
  }

  private async session(accessToken: string): Promise<Principal | undefined> {
    const token = await this.readStore.get<SessionTokenDoc>(SESSION_ACCESS_TOKENS, hashSessionToken(accessToken));
    const now = this.clock.now().getTime();
    if (!token || token.expires_at === null || Date.parse(token.expires_at) <= now) return undefined;
    const session = await this.readStore.get<SessionDoc>(SESSIONS, token.session_id);
    if (!session || session.revoked_at !== null || Date.parse(session.expires_at) <= now) return undefined;
    const user = await this.readStore.get<UserDoc>(USERS, session.user_id);
    if (!user) return undefined;
    return {
      actor: { type: 'user', id: user._id, name: user.handle },
      apiKeyId: null,
      session: { id: session._id, method: session.method, accountId: session.account_id },
    };
  }
}
