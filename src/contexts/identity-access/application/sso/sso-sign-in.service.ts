import { Inject, Injectable } from '@nestjs/common';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import {
  ACCOUNT_SECURITY,
  CommandRunner,
  nameBasedUuid,
  type AccountSecurityPort,
  type Principal,
  type RequestContext,
  type Scope,
} from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { AlreadyExistsError, ForbiddenError } from '../../../../shared/errors';
import { userDecider } from '../../domain/user/user.decide';
import { USERS, type UserDoc } from '../../read-models';
import { SESSION_ISSUER, type IssuedSession, type SessionIssuer } from '../sessions/session-issuer';
import { claimUserNames } from '../users/user-names';
import { SSO_IDENTITY_NAMESPACE, ssoIdentityDecider, type SsoIdentityKey } from './sso-identity-link';
import type { SsoIdentity, SsoSignIn } from './sso-sign-in';

export type SsoRefusalReason = 'unknown_account' | 'email_not_verified' | 'invalid_identity' | 'domain_not_verified';

/** 403 with `details.reason`, so the protocol flows and the UI can tell why. */
export class SsoSignInRefused extends ForbiddenError {
  override readonly details: { readonly reason: SsoRefusalReason };
  constructor(message: string, reason: SsoRefusalReason) {
    super(message);
    this.details = { reason };
  }
}

export const ssoIdentityStream = (key: SsoIdentityKey) =>
  streamName('ssoIdentity', nameBasedUuid(SSO_IDENTITY_NAMESPACE, `${key.accountId}\n${key.protocol}\n${key.subject}`));

const HANDLE_CHARS = /[^a-z0-9_.-]+/g;
const MAX_HANDLE_ATTEMPTS = 20;

/**
 * The last step of an OIDC or SAML sign-in, after the protocol checks passed: the account must exist and have
 * verified the email's domain, and the IdP must vouch for the email. The user is the one linked to the IdP subject,
 * else the one with that email, else a new one (just-in-time); the user becomes an account Member (so the
 * workspaces' default role applies) and a session starts. Every event's actor is the user signing in: the IdP's
 * assertion is the authorization, so nothing here asks the authorizer.
 */
@Injectable()
export class SsoSignInService implements SsoSignIn {
  constructor(
    private readonly runner: CommandRunner,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(ACCOUNT_SECURITY) private readonly accounts: AccountSecurityPort,
    @Inject(SESSION_ISSUER) private readonly sessions: SessionIssuer,
  ) {}

  async complete(identity: SsoIdentity, request: RequestContext): Promise<IssuedSession> {
    const account = await this.accounts.get(identity.accountId);
    if (!account) throw new SsoSignInRefused('Single sign-on is not available for this account', 'unknown_account');
    if (!identity.emailVerified) throw new SsoSignInRefused('The identity provider did not verify this email address', 'email_not_verified');
    const email = identity.email.trim().toLowerCase();
    const at = email.lastIndexOf('@');
    if (at < 1 || identity.subject.trim() === '') throw new SsoSignInRefused('The identity provider sent no usable email or subject', 'invalid_identity');
    const domain = email.slice(at + 1);
    if (!account.verifiedDomains.includes(domain)) {
      throw new SsoSignInRefused(`${domain} is not a verified domain of this account`, 'domain_not_verified');
    }

    const key: SsoIdentityKey = { accountId: identity.accountId, protocol: identity.protocol, subject: identity.subject };
    const linked = (await this.runner.deciders.load(ssoIdentityDecider, ssoIdentityStream(key))).state.userId;
    const known = linked !== null ? { userId: linked, handle: await this.handleOf(linked) } : await this.userByEmail(email);
    const { userId, handle } = known ?? (await this.provision(identity, email, request));
    const principal = asUser(userId, handle);

    // Two first sign-ins of one subject at once meet on the link stream: the first link wins, both use it.
    const scope: Scope = { kind: 'account', accountId: identity.accountId };
    const link = await this.runner.runWithOutputAuthorized({
      principal,
      request,
      scope,
      permission: 'sso:sign_in',
      decider: ssoIdentityDecider,
      stream: ssoIdentityStream(key),
      command: (now) => ({ type: 'LinkSsoIdentity' as const, data: { ...key, userId, now } }),
      decideWith: (command, state) =>
        state.userId === null ? { events: ssoIdentityDecider.decide(command, state), output: userId } : { events: [], output: state.userId },
    });
    const signedIn = link.output === userId ? principal : asUser(link.output, await this.handleOf(link.output));
    if (link.position !== undefined) await this.projections.wait(link.position);

    await this.accounts.ensureMember(signedIn, request, identity.accountId, signedIn.actor.id);
    return this.sessions.start({ userId: signedIn.actor.id, method: identity.protocol, accountId: identity.accountId, sessionSeconds: account.sessionSeconds }, request);
  }

  /** The actor name recorded in events; the id if the read model has not caught up. */
  private async handleOf(userId: string): Promise<string> {
    return (await this.readStore.get<UserDoc>(USERS, userId))?.handle ?? userId;
  }

  private async userByEmail(email: string): Promise<{ userId: string; handle: string } | undefined> {
    const [doc] = await this.readStore.find<UserDoc>(USERS, { email }, { limit: 1 });
    return doc ? { userId: doc._id, handle: doc.handle } : undefined;
  }

  /**
   * Registers the user just in time, as the user (not through RegisterUserCommand, which only the installation
   * may run): the handle comes from the email's local part, with a numeric suffix when it is taken; the handle
   * and the email are claimed on their name streams first, as every registration does.
   */
  private async provision(identity: SsoIdentity, email: string, request: RequestContext): Promise<{ userId: string; handle: string }> {
    const userId = this.runner.uuid();
    const scope: Scope = { kind: 'user', userId };
    const base = handleBase(email.slice(0, email.lastIndexOf('@')));
    for (let attempt = 1; ; attempt++) {
      const handle = attempt === 1 ? base : `${base.slice(0, 56)}-${attempt}`;
      const principal = asUser(userId, handle);
      const common = { principal, request, scope, permission: 'sso:sign_in' };
      let undo: () => Promise<void>;
      try {
        undo = await claimUserNames(this.runner, common, userId, [{ kind: 'handle', value: handle }]);
      } catch (err) {
        if (err instanceof AlreadyExistsError && attempt < MAX_HANDLE_ATTEMPTS) continue;
        throw err;
      }
      try {
        const undoEmail = await claimUserNames(this.runner, common, userId, [{ kind: 'email', value: email }]);
        try {
          const r = await this.runner.runAuthorized({
            ...common,
            decider: userDecider,
            stream: streamName('user', userId),
            command: (now) => ({ type: 'RegisterUser' as const, data: { userId, handle, email, firstName: identity.firstName, lastName: identity.lastName, now } }),
          });
          if (r.position !== undefined) await this.projections.wait(r.position);
          return { userId, handle };
        } catch (err) {
          await undoEmail();
          throw err;
        }
      } catch (err) {
        await undo();
        throw err;
      }
    }
  }
}

function asUser(userId: string, handle: string): Principal {
  return { actor: { type: 'user', id: userId, name: handle }, apiKeyId: null };
}

/** A user handle (`[a-z0-9][a-z0-9-_.]{0,62}`) from an email's local part. */
export function handleBase(localPart: string): string {
  const cleaned = localPart.toLowerCase().replace(HANDLE_CHARS, '-').replace(/^[^a-z0-9]+/, '').slice(0, 60).replace(/[-_.]+$/, '');
  return cleaned === '' ? 'user' : cleaned;
}
