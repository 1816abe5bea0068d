import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRunner, nameBasedUuid, type Principal, type RequestContext, type Scope } from '../../../../shared/application';
import { microIso, streamName, toMicroIso } from '../../../../shared/ddd';
import { NotFoundError, ValidationError } from '../../../../shared/errors';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import { apiKeyDecider } from '../../domain/api-key/api-key.decide';
import { serviceAccountDecider, serviceAccountNameDecider, SERVICE_ACCOUNT_ROLE } from '../../domain/service-account/service-account.decide';
import { API_KEYS, SERVICE_ACCOUNTS, type ApiKeyDoc, type ServiceAccountDoc } from '../../read-models';
import { apiKeyHint, generateApiKey, hashApiKey } from '../create-api-key/api-key-secret';
import { AddServiceAccountMemberCommand, RemoveServiceAccountAccessCommand } from './service-account-tenancy.commands';

/** Prefect Cloud's bot API key object; `key` only in the answer that created it. */
export interface BotApiKey {
  id: string;
  created: string;
  name: string;
  expiration: string | null;
  key?: string;
}

/** Prefect Cloud's bot (service account) object. */
export interface Bot {
  id: string;
  actor_id: string;
  account_id: string;
  name: string;
  account_role_name: string;
  created: string;
  updated: string;
  api_key: BotApiKey | null;
}

export const BOT_PERMISSIONS = { create: 'create:bot', read: 'read:bot', update: 'update:bot', delete: 'delete:bot' } as const;

const NAMESPACE = 'praetor:service-account-name';
const nameStream = (accountId: string, name: string) => streamName('serviceAccountName', nameBasedUuid(`${NAMESPACE}:${accountId}`, name));
const botStream = (botId: string) => streamName('serviceAccount', botId);
const keyStream = (keyId: string) => streamName('apiKey', keyId);

/**
 * Service accounts ("bots"): account-level actors managed by account Owners and Admins. A bot has
 * one current `pnb_` key (shown once; only its SHA-256 is stored); rotation issues a new one and
 * lets the old one live on for a grace period. Each step is its own stream's decision, recorded
 * with the caller as actor: the name's claim (unique per account), the key, the bot.
 */
@Injectable()
export class ServiceAccountUseCases {
  constructor(
    private readonly runner: CommandRunner,
    private readonly bus: CommandBus,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async create(principal: Principal, request: RequestContext, accountId: string, input: { name: string; expiration: string | null }): Promise<Bot> {
    const scope: Scope = { kind: 'account', accountId };
    await this.runner.authorize(principal, BOT_PERMISSIONS.create, scope);
    const name = input.name.trim();
    if (name === '') throw new ValidationError('a bot needs a name');
    this.checkFuture(input.expiration);
    const botId = this.runner.uuid();
    const base = { principal, request, scope, permission: BOT_PERMISSIONS.create };
    await this.runner.runAuthorized({
      ...base,
      decider: serviceAccountNameDecider,
      stream: nameStream(accountId, name),
      command: () => ({ type: 'ClaimServiceAccountName' as const, data: { accountId, name, botId } }),
    });
    const { keyId, key, created } = await this.issueKey(base, botId, name, input.expiration);
    const r = await this.runner.runAuthorized({
      ...base,
      decider: serviceAccountDecider,
      stream: botStream(botId),
      command: (now) => ({ type: 'CreateServiceAccount' as const, data: { botId, accountId, name, apiKeyId: keyId, now } }),
    });
    const member = await this.bus.execute(new AddServiceAccountMemberCommand(principal, request, accountId, botId));
    await this.wait(Math.max(r.position ?? 0, member.position ?? 0));
    const bot = await this.load(accountId, botId);
    return { ...bot, api_key: { id: keyId, created, name, expiration: input.expiration, key } };
  }

  async get(principal: Principal, accountId: string, botId: string): Promise<Bot> {
    await this.runner.authorize(principal, BOT_PERMISSIONS.read, { kind: 'account', accountId });
    return this.load(accountId, botId);
  }

  async filter(principal: Principal, accountId: string, options: { limit: number; offset: number; names?: readonly string[] }): Promise<Bot[]> {
    await this.runner.authorize(principal, BOT_PERMISSIONS.read, { kind: 'account', accountId });
    const filter = options.names ? { _account: accountId, name: { $in: [...options.names] } } : { _account: accountId };
    const docs = await this.readStore.find<ServiceAccountDoc>(SERVICE_ACCOUNTS, filter, { sort: [{ field: 'name', direction: 'asc' }], limit: options.limit, offset: options.offset });
    const keys = new Map((await this.readStore.getMany<ApiKeyDoc>(API_KEYS, docs.map((d) => d.api_key_id))).map((k) => [k._id, k]));
    return docs.map((d) => present(d, keys.get(d.api_key_id)));
  }

  async rename(principal: Principal, request: RequestContext, accountId: string, botId: string, newName: string): Promise<void> {
    const scope: Scope = { kind: 'account', accountId };
    await this.runner.authorize(principal, BOT_PERMISSIONS.update, scope);
    const name = newName.trim();
    if (name === '') throw new ValidationError('a bot needs a name');
    const current = await this.load(accountId, botId);
    if (current.name === name) return;
    const base = { principal, request, scope, permission: BOT_PERMISSIONS.update };
    await this.runner.runAuthorized({
      ...base,
      decider: serviceAccountNameDecider,
      stream: nameStream(accountId, name),
      command: () => ({ type: 'ClaimServiceAccountName' as const, data: { accountId, name, botId } }),
    });
    const r = await this.runner.runAuthorized({
      ...base,
      decider: serviceAccountDecider,
      stream: botStream(botId),
      command: (now) => ({ type: 'RenameServiceAccount' as const, data: { botId, accountId, name, now } }),
    });
    await this.runner.runAuthorized({
      ...base,
      decider: serviceAccountNameDecider,
      stream: nameStream(accountId, current.name),
      command: () => ({ type: 'ReleaseServiceAccountName' as const, data: { accountId, name: current.name, botId } }),
    });
    await this.wait(r.position);
  }

  /** Deletes the bot, revokes every key it ever had and its workspace access, and frees its name. */
  async delete(principal: Principal, request: RequestContext, accountId: string, botId: string): Promise<void> {
    const scope: Scope = { kind: 'account', accountId };
    await this.runner.authorize(principal, BOT_PERMISSIONS.delete, scope);
    const base = { principal, request, scope, permission: BOT_PERMISSIONS.delete };
    const r = await this.runner.runAuthorized({
      ...base,
      decider: serviceAccountDecider,
      stream: botStream(botId),
      command: (now) => ({ type: 'DeleteServiceAccount' as const, data: { botId, accountId, now } }),
    });
    let position = r.position ?? 0;
    const deleted = r.events.find((e) => e.type === 'ServiceAccountDeleted');
    if (deleted?.type === 'ServiceAccountDeleted') {
      for (const keyId of deleted.data.apiKeyIds) {
        const k = await this.runner.runAuthorized({ ...base, decider: apiKeyDecider, stream: keyStream(keyId), command: (now) => ({ type: 'RevokeApiKey' as const, data: { keyId, now } }) });
        position = Math.max(position, k.position ?? 0);
      }
      const name = deleted.data.name;
      await this.runner.runAuthorized({
        ...base,
        decider: serviceAccountNameDecider,
        stream: nameStream(accountId, name),
        command: () => ({ type: 'ReleaseServiceAccountName' as const, data: { accountId, name, botId } }),
      });
      const access = await this.bus.execute(new RemoveServiceAccountAccessCommand(principal, request, accountId, botId));
      position = Math.max(position, access.position ?? 0);
    }
    await this.wait(position);
  }

  /** A new `pnb_` key for the bot: only its hash and hint are recorded; the key itself is returned once. */
  private async issueKey(base: { principal: Principal; request: RequestContext; scope: Scope; permission: string }, botId: string, name: string, expiration: string | null) {
    const keyId = this.runner.uuid();
    const key = generateApiKey('pnb_');
    let created = '';
    await this.runner.runAuthorized({
      ...base,
      decider: apiKeyDecider,
      stream: keyStream(keyId),
      command: (now) => {
        created = now;
        return {
          type: 'CreateApiKey' as const,
          data: { keyId, owner: { type: 'service_account' as const, id: botId }, name, keyHash: hashApiKey(key), keyHint: apiKeyHint(key), expiresAt: expiration, now },
        };
      },
    });
    return { keyId, key, created };
  }

  /**
   * Issues a new key; the old one keeps working until now + `oldKeyExpiresInSeconds` (0 or none:
   * revoked at once). The authenticator compares expirations with the clock, so nothing has to run later.
   */
  async rotate(principal: Principal, request: RequestContext, accountId: string, botId: string, input: { expiration: string | null; oldKeyExpiresInSeconds: number }): Promise<Bot> {
    const scope: Scope = { kind: 'account', accountId };
    await this.runner.authorize(principal, BOT_PERMISSIONS.update, scope);
    this.checkFuture(input.expiration);
    const current = await this.load(accountId, botId);
    const oldKeyId = current.api_key?.id;
    const base = { principal, request, scope, permission: BOT_PERMISSIONS.update };
    const { keyId, key, created } = await this.issueKey(base, botId, current.name, input.expiration);
    const graceUntil = (now: string) => microIso(new Date(Date.parse(now) + input.oldKeyExpiresInSeconds * 1000));
    let position = (
      await this.runner.runAuthorized({
        ...base,
        decider: serviceAccountDecider,
        stream: botStream(botId),
        command: (now) => ({ type: 'RotateServiceAccountKey' as const, data: { botId, accountId, apiKeyId: keyId, oldKeyExpiresAt: input.oldKeyExpiresInSeconds > 0 ? graceUntil(now) : null, now } }),
      })
    ).position ?? 0;
    if (oldKeyId !== undefined) {
      const r = await this.runner.runAuthorized({
        ...base,
        decider: apiKeyDecider,
        stream: keyStream(oldKeyId),
        command: (now) => ({ type: 'ShortenApiKeyExpiration' as const, data: { keyId: oldKeyId, expiresAt: graceUntil(now), now } }),
      });
      position = Math.max(position, r.position ?? 0);
    }
    await this.wait(position);
    return { ...(await this.load(accountId, botId)), api_key: { id: keyId, created, name: current.name, expiration: input.expiration, key } };
  }

  private async load(accountId: string, botId: string): Promise<Bot> {
    const doc = await this.readStore.get<ServiceAccountDoc>(SERVICE_ACCOUNTS, botId);
    if (!doc || doc.account_id !== accountId) throw new NotFoundError('Bot not found');
    return present(doc, await this.readStore.get<ApiKeyDoc>(API_KEYS, doc.api_key_id));
  }

  private async wait(position: number | undefined): Promise<void> {
    if (position !== undefined && position > 0) await this.projections.wait(position);
  }

  private checkFuture(expiration: string | null): void {
    if (expiration !== null && expiration <= microIso(this.runner.now())) throw new ValidationError('api_key_expiration must be in the future');
  }
}

function present(doc: ServiceAccountDoc, key: ApiKeyDoc | undefined): Bot {
  return {
    id: doc._id,
    actor_id: doc.actor_id,
    account_id: doc.account_id,
    name: doc.name,
    account_role_name: SERVICE_ACCOUNT_ROLE,
    created: doc.created,
    updated: doc.updated,
    api_key: key ? { id: key._id, created: key.created, name: key.name, expiration: key.expiration } : null,
  };
}

/** A Cloud datetime in a body: ISO-8601, normalised; null or absent means "never expires". */
export function expirationFrom(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  const iso = toMicroIso(value);
  if (iso === undefined) throw new ValidationError(`${field} must be an ISO-8601 datetime`);
  return iso;
}
