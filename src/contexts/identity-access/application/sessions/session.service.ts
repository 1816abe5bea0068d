import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../../config/config';
import { CommandRunner, type Principal, type RequestContext, type Scope } from '../../../../shared/application';
import { microIso, streamName } from '../../../../shared/ddd';
import { NotFoundError, UnauthenticatedError } from '../../../../shared/errors';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import type { SessionRevocationReason } from '../../domain/session/session.commands';
import { sessionDecider } from '../../domain/session/session.decide';
import { userDecider } from '../../domain/user/user.decide';
import { SESSIONS, SESSION_REFRESH_TOKENS, USERS, type SessionDoc, type SessionTokenDoc, type UserDoc } from '../../read-models';
import { PasswordHasher } from '../users/password-hasher';
import { LoginThrottle } from './login-throttle';
import type { IssuedSession, SessionIssuer, StartSession } from './session-issuer';
import { generateSessionToken, hashSessionToken, looksLikeSessionToken } from './session-tokens';

/** `GET /auth/session`. */
export interface SessionView {
  session_id: string;
  user_id: string;
  method: 'password' | 'oidc' | 'saml';
  account_id: string | null;
  expires_at: string;
}

const sessionStream = (sessionId: string) => streamName('session', sessionId);
const seconds = (from: string, to: string) => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
const INVALID_LOGIN = 'Invalid email or password';

/**
 * UI sessions: a short-lived `pns_` access token and a rotating `pnr_` refresh token, both shown once,
 * stored only as SHA-256. The session has an absolute end; refreshing never extends it. Every step is
 * an event on the session's stream whose actor is the user the session belongs to.
 */
@Injectable()
export class SessionService implements SessionIssuer {
  constructor(
    private readonly runner: CommandRunner,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
  ) {}

  async start(input: StartSession, request: RequestContext): Promise<IssuedSession> {
    const user = await this.readStore.get<UserDoc>(USERS, input.userId);
    if (!user) throw new NotFoundError('User not found');
    const sessionId = this.runner.uuid();
    const access = generateSessionToken('pns_');
    const refresh = generateSessionToken('pnr_');
    const lifetime = input.sessionSeconds ?? this.config.sessionSeconds;
    const scope: Scope = { kind: 'user', userId: user._id };
    const r = await this.runner.runAuthorized({
      principal: { actor: { type: 'user', id: user._id, name: user.handle }, apiKeyId: null },
      request,
      permission: 'create:session',
      scope,
      recordedScope: input.accountId !== null ? { kind: 'account', accountId: input.accountId } : scope,
      decider: sessionDecider,
      stream: sessionStream(sessionId),
      command: (now) => {
        const t = Date.parse(now);
        return {
          type: 'StartSession' as const,
          data: {
            sessionId,
            userId: user._id,
            method: input.method,
            accountId: input.accountId,
            accessTokenHash: hashSessionToken(access),
            accessExpiresAt: microIso(new Date(t + this.config.accessTokenSeconds * 1000)),
            refreshTokenHash: hashSessionToken(refresh),
            expiresAt: microIso(new Date(t + lifetime * 1000)),
            now,
          },
        };
      },
    });
    const started = r.events.find((e) => e.type === 'SessionStarted');
    if (started?.type !== 'SessionStarted') throw new Error('a new session decided no SessionStarted');
    await this.wait(r.position);
    const d = started.data;
    return issued(sessionId, user._id, access, refresh, d.startedAt, d.accessExpiresAt, d.expiresAt);
  }

  /**
   * Email and password on the embedded default. An unknown email, a user without a password and a
   * wrong password answer the same 401 after the same scrypt work; failures per email are throttled.
   */
  async login(email: string, password: string, request: RequestContext): Promise<IssuedSession> {
    const normalised = email.trim().toLowerCase();
    const throttleKey = `login:${normalised}`;
    this.throttle.check(throttleKey);
    const [user] = normalised === '' ? [] : await this.readStore.find<UserDoc>(USERS, { email: normalised }, { limit: 1 });
    const state = user ? (await this.runner.deciders.load(userDecider, streamName('user', user._id))).state : undefined;
    const stored = state?.status === 'registered' ? state.passwordHash : null;
    const ok = await this.hasher.verify(password, stored);
    if (!ok || !user) {
      this.throttle.failed(throttleKey);
      throw new UnauthenticatedError(INVALID_LOGIN);
    }
    this.throttle.succeeded(throttleKey);
    return this.start({ userId: user._id, method: 'password', accountId: null, sessionSeconds: null }, request);
  }

  /**
   * Rotation: the presented refresh token must be the session's current one; it is spent, and a new
   * pair is issued. A spent token presented again revokes the whole session (someone holds a copy).
   */
  async refresh(refreshToken: string, request: RequestContext): Promise<IssuedSession> {
    if (!looksLikeSessionToken(refreshToken, 'pnr_')) throw new UnauthenticatedError('Invalid refresh token');
    const presented = hashSessionToken(refreshToken);
    const token = await this.readStore.get<SessionTokenDoc>(SESSION_REFRESH_TOKENS, presented);
    if (!token) throw new UnauthenticatedError('Invalid refresh token');
    const user = await this.readStore.get<UserDoc>(USERS, token.user_id);
    if (!user) throw new UnauthenticatedError('Invalid refresh token');
    const access = generateSessionToken('pns_');
    const refresh = generateSessionToken('pnr_');
    const r = await this.runner.runAuthorized({
      principal: { actor: { type: 'user', id: user._id, name: user.handle }, apiKeyId: null },
      request,
      permission: 'refresh:session',
      scope: { kind: 'user', userId: user._id },
      decider: sessionDecider,
      stream: sessionStream(token.session_id),
      command: (now) => ({
        type: 'RefreshSession' as const,
        data: {
          sessionId: token.session_id,
          presentedRefreshTokenHash: presented,
          accessTokenHash: hashSessionToken(access),
          accessExpiresAt: microIso(new Date(Date.parse(now) + this.config.accessTokenSeconds * 1000)),
          refreshTokenHash: hashSessionToken(refresh),
          now,
        },
      }),
    });
    await this.wait(r.position);
    const refreshed = r.events.find((e) => e.type === 'SessionRefreshed');
    if (refreshed?.type !== 'SessionRefreshed' || r.state.status !== 'active') throw new UnauthenticatedError('Refresh token already used; the session is revoked');
    const d = refreshed.data;
    return issued(token.session_id, user._id, access, refresh, d.refreshedAt, d.accessExpiresAt, r.state.expiresAt);
  }

  /** Sign-out: the caller's own session (the one whose access token made this request). */
  async signOut(principal: Principal, request: RequestContext): Promise<void> {
    const session = this.ownSession(principal);
    const position = await this.revoke(principal, request, session.id, 'signed_out');
    await this.wait(position);
  }

  async current(principal: Principal): Promise<SessionView> {
    const session = this.ownSession(principal);
    const doc = await this.readStore.get<SessionDoc>(SESSIONS, session.id);
    if (!doc || doc.revoked_at !== null) throw new UnauthenticatedError();
    return { session_id: doc._id, user_id: doc.user_id, method: doc.method, account_id: doc.account_id, expires_at: doc.expires_at };
  }

  /** Ends every live session of the user but `exceptSessionId`; returns the position to wait for. */
  async revokeAll(principal: Principal, request: RequestContext, userId: string, exceptSessionId: string | null, reason: SessionRevocationReason): Promise<number> {
    const now = this.runner.now().getTime();
    const live = (await this.readStore.find<SessionDoc>(SESSIONS, { user_id: userId })).filter(
      (s) => s.revoked_at === null && Date.parse(s.expires_at) > now && s._id !== exceptSessionId,
    );
    let position = 0;
    for (const s of live) position = Math.max(position, await this.revoke(principal, request, s._id, reason));
    return position;
  }

  private async revoke(principal: Principal, request: RequestContext, sessionId: string, reason: SessionRevocationReason): Promise<number> {
    const r = await this.runner.runAuthorized({
      principal,
      request,
      permission: 'revoke:session',
      scope: principal.actor.type === 'user' ? { kind: 'user', userId: principal.actor.id } : { kind: 'installation' },
      decider: sessionDecider,
      stream: sessionStream(sessionId),
      command: (now) => ({ type: 'RevokeSession' as const, data: { sessionId, reason, now } }),
    });
    return r.position ?? 0;
  }

  private ownSession(principal: Principal) {
    if (!principal.session) throw new NotFoundError('This request was not made with a session access token');
    return principal.session;
  }

  private async wait(position: number | undefined): Promise<void> {
    if (position !== undefined && position > 0) await this.projections.wait(position);
  }
}

function issued(sessionId: string, userId: string, access: string, refresh: string, now: string, accessExpiresAt: string, expiresAt: string): IssuedSession {
  return {
    session_id: sessionId,
    user_id: userId,
    token_type: 'bearer',
    access_token: access,
    expires_in: seconds(now, accessExpiresAt),
    refresh_token: refresh,
    refresh_expires_in: seconds(now, expiresAt),
  };
}
