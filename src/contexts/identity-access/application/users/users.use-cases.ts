import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRunner, type Principal, type RequestContext, type Scope } from '../../../../shared/application';
import { microIso, streamName } from '../../../../shared/ddd';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../../shared/errors';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import { apiKeyDecider } from '../../domain/api-key/api-key.decide';
import type { UserProfileChanges } from '../../domain/user/user.commands';
import { decideUser, userDecider } from '../../domain/user/user.decide';
import { API_KEYS, USERS, type ApiKeyDoc, type UserDoc } from '../../read-models';
import { CreateUserApiKeyCommand } from '../create-api-key/create-api-key.command';
import { SessionService } from '../sessions/session.service';
import { LoginThrottle } from '../sessions/login-throttle';
import { PasswordHasher } from './password-hasher';
import { claimUserNames, releaseUserNames, type UserName } from './user-names';
import { presentUser, type UserView } from '../../public/users';

/** Prefect Cloud's user API key object; `key` only in the answer that created it. */
export interface UserApiKeyView {
  id: string;
  created: string;
  name: string;
  expiration: string | null;
  key?: string;
}

export const USER_PERMISSIONS = {
  read: 'read:user',
  update: 'update:user',
  createKey: 'create:api_key',
  readKey: 'read:api_key',
  deleteKey: 'delete:api_key',
} as const;

const userStream = (userId: string) => streamName('user', userId);

/**
 * A user's own profile, password and API keys (`/api/users/{id}/...`): only the user themselves
 * (another user's id is "not found"; a service account has no profile: 403, as on `/api/me/`).
 */
@Injectable()
export class UserUseCases {
  constructor(
    private readonly runner: CommandRunner,
    private readonly bus: CommandBus,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottle,
  ) {}

  async get(principal: Principal, userId: string): Promise<UserView> {
    await this.self(principal, userId, USER_PERMISSIONS.read);
    return presentUser(await this.load(userId));
  }

  /**
   * Changes the given profile fields. A new handle or email is claimed before the change and the old
   * one released after it, so uniqueness holds at every moment (a failed change frees the new claim).
   */
  async update(principal: Principal, request: RequestContext, userId: string, changes: UserProfileChanges): Promise<UserView> {
    const scope = await this.self(principal, userId, USER_PERMISSIONS.update);
    const { state } = await this.runner.deciders.load(userDecider, userStream(userId));
    // Decided once without appending: invalid input is refused before any name is claimed.
    const [dry] = decideUser({ type: 'UpdateUserProfile', data: { userId, changes, now: microIso(this.runner.now()) } }, state);
    if (!dry || dry.type !== 'UserProfileUpdated' || state.status !== 'registered') return presentUser(await this.load(userId));
    const base = { principal, request, scope, permission: USER_PERMISSIONS.update };
    const claims: UserName[] = [];
    const releases: UserName[] = [];
    if (dry.data.changes.handle !== undefined) {
      claims.push({ kind: 'handle', value: dry.data.changes.handle });
      releases.push({ kind: 'handle', value: state.handle });
    }
    if (dry.data.changes.email !== undefined) {
      claims.push({ kind: 'email', value: dry.data.changes.email });
      releases.push({ kind: 'email', value: state.email });
    }
    const undo = await claimUserNames(this.runner, base, userId, claims);
    let position: number;
    try {
      const r = await this.runner.runAuthorized({
        ...base,
        decider: userDecider,
        stream: userStream(userId),
        command: (now) => ({ type: 'UpdateUserProfile' as const, data: { userId, changes, now } }),
      });
      position = r.position ?? 0;
    } catch (err) {
      await undo();
      throw err;
    }
    position = Math.max(position, await releaseUserNames(this.runner, base, userId, releases));
    await this.wait(position);
    return presentUser(await this.load(userId));
  }

  /**
   * Sets or changes the password. Once one is set, the current one must be given (wrong: 403, and it
   * counts towards the same throttle as sign-in). Every other session of the user ends.
   */
  async setPassword(principal: Principal, request: RequestContext, userId: string, input: { current: unknown; next: unknown }): Promise<void> {
    const scope = await this.self(principal, userId, USER_PERMISSIONS.update);
    const next = PasswordHasher.check(input.next, 'new_password');
    const { state } = await this.runner.deciders.load(userDecider, userStream(userId));
    if (state.status !== 'registered') throw new NotFoundError('User not found');
    if (state.passwordHash !== null) {
      if (typeof input.current !== 'string' || input.current === '') throw new ValidationError('current_password is required to change the password');
      const throttleKey = `login:${state.email}`;
      this.throttle.check(throttleKey);
      if (!(await this.hasher.verify(input.current, state.passwordHash))) {
        this.throttle.failed(throttleKey);
        throw new ForbiddenError('current_password is incorrect');
      }
    }
    const passwordHash = await this.hasher.hash(next);
    const r = await this.runner.runAuthorized({
      principal,
      request,
      scope,
      permission: USER_PERMISSIONS.update,
      decider: userDecider,
      stream: userStream(userId),
      command: (now) => ({ type: 'SetUserPassword' as const, data: { userId, passwordHash, now } }),
    });
    const revoked = await this.sessions.revokeAll(principal, request, userId, principal.session?.id ?? null, 'password_changed');
    await this.wait(Math.max(r.position ?? 0, revoked));
  }

  async createApiKey(principal: Principal, request: RequestContext, userId: string, input: { name: string; expiration: string | null }): Promise<UserApiKeyView> {
    await this.self(principal, userId, USER_PERMISSIONS.createKey);
    const name = input.name.trim();
    if (name === '') throw new ValidationError('an API key needs a name');
    if (name.length > 100) throw new ValidationError('an API key name has at most 100 characters');
    if (input.expiration !== null && input.expiration <= microIso(this.runner.now())) throw new ValidationError('expiration must be in the future');
    await this.load(userId);
    const created = await this.bus.execute(new CreateUserApiKeyCommand(principal, request, userId, { name, expiration: input.expiration }));
    await this.wait(created.position);
    return { id: created.id, created: created.created, name: created.name, expiration: created.expiration, key: created.key };
  }

  /** The user's keys that are not revoked (expired ones too), newest first; never the key itself. */
  async listApiKeys(principal: Principal, userId: string): Promise<UserApiKeyView[]> {
    await this.self(principal, userId, USER_PERMISSIONS.readKey);
    const docs = await this.readStore.find<ApiKeyDoc>(API_KEYS, { owner_id: userId }, { sort: [{ field: 'created', direction: 'desc' }] });
    return docs.filter((k) => k.owner_type === 'user' && k.revoked_at === null).map(presentKey);
  }

  async getApiKey(principal: Principal, userId: string, keyId: string): Promise<UserApiKeyView> {
    await this.self(principal, userId, USER_PERMISSIONS.readKey);
    return presentKey(await this.loadKey(userId, keyId));
  }

  /** Revokes the key: the next request with it is refused. */
  async deleteApiKey(principal: Principal, request: RequestContext, userId: string, keyId: string): Promise<void> {
    const scope = await this.self(principal, userId, USER_PERMISSIONS.deleteKey);
    await this.loadKey(userId, keyId);
    const r = await this.runner.runAuthorized({
      principal,
      request,
      scope,
      permission: USER_PERMISSIONS.deleteKey,
      decider: apiKeyDecider,
      stream: streamName('apiKey', keyId),
      command: (now) => ({ type: 'RevokeApiKey' as const, data: { keyId, now } }),
    });
    await this.wait(r.position);
  }

  /**
   * Only users have these routes, and only for themselves: checked before the body is looked at, so a
   * stranger learns nothing from validation errors. The use cases check again (cheap).
   */
  async self(principal: Principal, userId: string, permission: string): Promise<Scope> {
    if (principal.actor.type === 'service_account') throw new ForbiddenError('Only users have a profile; this key belongs to a service account');
    const scope: Scope = { kind: 'user', userId };
    await this.runner.authorize(principal, permission, scope);
    return scope;
  }

  private async load(userId: string): Promise<UserDoc> {
    const doc = await this.readStore.get<UserDoc>(USERS, userId);
    if (!doc) throw new NotFoundError('User not found');
    return doc;
  }

  private async loadKey(userId: string, keyId: string): Promise<ApiKeyDoc> {
    const key = await this.readStore.get<ApiKeyDoc>(API_KEYS, keyId);
    if (!key || key.owner_type !== 'user' || key.owner_id !== userId || key.revoked_at !== null) throw new NotFoundError('API key not found');
    return key;
  }

  private async wait(position: number | undefined): Promise<void> {
    if (position !== undefined && position > 0) await this.projections.wait(position);
  }
}

function presentKey(k: ApiKeyDoc): UserApiKeyView {
  return { id: k._id, created: k.created, name: k.name, expiration: k.expiration };
}
