import { Inject, Injectable } from '@nestjs/common';
import * as client from 'openid-client';
import { APP_CONFIG, type AppConfig } from '../../../../config/config';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { SecretsService } from '../../../../infrastructure/secrets';
import { CLOCK, type Clock, type Principal, type RequestContext } from '../../../../shared/application';
import { ForbiddenError, NotFoundError, UnavailableError } from '../../../../shared/errors';
import { OIDC_CONNECTIONS, type OidcConnectionDoc } from '../../read-models';
import type { IssuedSession } from '../sessions/session-issuer';
import { SessionService } from '../sessions/session.service';
import { SSO_SIGN_IN, type SsoSignIn } from '../sso/sso-sign-in';
import { clientSecretAad, oidcRedirectUri } from './oidc-connections.use-cases';
import { LOGIN_TRANSACTION_SECONDS, OidcLoginTransactions } from './oidc-login-transactions';
import { OidcRefusal, refusalFromClientError } from './oidc-refusal';

/** How long a discovered provider configuration (metadata, and the JWKS openid-client caches on it) is reused. */
const DISCOVERY_CACHE_MS = 5 * 60_000;
const IDP_TIMEOUT_SECONDS = 10;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

interface Discovered {
  readonly config: client.Configuration;
  readonly until: number;
}

/**
 * OIDC sign-in for an account (authorization code flow with PKCE S256, state and nonce) through openid-client, which
 * checks the authorization response (state, RFC 9207 `iss`), and the ID token's signature, `alg` (never `none`), `iss`,
 * `aud`, `exp` and `nonce`. The redirect URI is always exactly `${publicUrl}/auth/oidc/{account}/callback`. The login
 * transaction (verifier, nonce, issuer) stays server-side and is consumed once; once every check passed, SsoSignIn
 * checks the domain, provisions the user and starts the session.
 */
@Injectable()
export class OidcSignInService {
  private readonly discovered = new Map<string, Discovered>();

  constructor(
    private readonly transactions: OidcLoginTransactions,
    private readonly secrets: SecretsService,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(APP_CONFIG) private readonly appConfig: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly sessions: SessionService,
    @Inject(SSO_SIGN_IN) private readonly signIn: SsoSignIn,
  ) {}

  /** The IdP authorization URL to redirect the browser to. Unknown or disabled connection: 404. */
  async login(accountId: string): Promise<string> {
    const connection = await this.enabledConnection(accountId);
    if (!connection) throw new NotFoundError('This account has no enabled OIDC connection');
    const config = await this.configuration(connection).catch((err: unknown) => {
      throw new UnavailableError(`The identity provider cannot be used: ${refusalFromClientError(err).reason}`);
    });
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const redirectUri = oidcRedirectUri(this.appConfig.publicUrl, accountId);
    const now = this.clock.now();
    await this.transactions.save(
      state,
      { accountId, codeVerifier, nonce, issuer: connection.issuer, redirectUri, expiresAt: new Date(now.getTime() + LOGIN_TRANSACTION_SECONDS * 1000).toISOString() },
      now,
    );
    return client.buildAuthorizationUrl(config, {
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: connection.scopes.join(' '),
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    }).href;
  }

  /**
   * Completes the sign-in from the IdP's redirect. `requestUrl` is the path and query the request arrived with; the
   * URL it names under the public URL must be exactly the redirect URI this login sent.
   */
  async callback(accountId: string, requestUrl: string, request: RequestContext): Promise<IssuedSession> {
    const currentUrl = new URL(`${this.appConfig.publicUrl.replace(/\/+$/, '')}${requestUrl.startsWith('/') ? requestUrl : `/${requestUrl}`}`);
    const state = currentUrl.searchParams.get('state');
    if (state === null || state === '') throw new OidcRefusal('state_missing', 'The sign-in response has no state');
    const tx = await this.transactions.consume(state, this.clock.now());
    // IdP mix-up: the login this state belongs to was for one account (and its IdP); it completes only there.
    if (tx.accountId !== accountId) throw new OidcRefusal('account_mismatch', 'This sign-in was started for another account');
    if (`${currentUrl.origin}${currentUrl.pathname}` !== tx.redirectUri) throw new OidcRefusal('redirect_uri_mismatch', 'The sign-in response arrived at another address than the one sent');
    const connection = await this.enabledConnection(accountId);
    if (!connection || connection.issuer !== tx.issuer) throw new OidcRefusal('connection_changed', "The account's OIDC connection changed during the sign-in");
    if (!currentUrl.searchParams.has('code') && !currentUrl.searchParams.has('error')) throw new OidcRefusal('code_missing', 'The sign-in response has no authorization code');

    let claims: client.IDToken | undefined;
    try {
      const config = await this.configuration(connection);
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: tx.codeVerifier,
        expectedState: state,
        expectedNonce: tx.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (err) {
      throw refusalFromClientError(err);
    }
    if (!claims) throw new OidcRefusal('id_token_missing', 'The identity provider returned no ID token');
    const email = typeof claims.email === 'string' ? claims.email.trim() : '';
    if (email === '') throw new OidcRefusal('email_missing', 'The ID token has no email claim; add the email scope at the identity provider');
    return this.signIn.complete(
      {
        accountId,
        protocol: 'oidc',
        subject: claims.sub,
        email,
        emailVerified: claims.email_verified === true,
        firstName: nameClaim(claims.given_name),
        lastName: nameClaim(claims.family_name),
      },
      request,
    );
  }

  /**
   * Ends the caller's OIDC session of this account (as `POST /auth/logout` does) and answers where to send the
   * browser to end the IdP session too: null when the IdP has no `end_session_endpoint`.
   */
  async logout(principal: Principal, request: RequestContext, accountId: string): Promise<string | null> {
    const session = principal.session;
    if (!session || session.method !== 'oidc' || session.accountId !== accountId) throw new ForbiddenError('Not an OIDC session of this account');
    await this.sessions.signOut(principal, request);
    const connection = await this.enabledConnection(accountId);
    if (!connection) return null;
    try {
      const config = await this.configuration(connection);
      if (!config.serverMetadata().end_session_endpoint) return null;
      return client.buildEndSessionUrl(config, { client_id: connection.client_id }).href;
    } catch {
      return null;
    }
  }

  private async enabledConnection(accountId: string): Promise<OidcConnectionDoc | undefined> {
    const doc = await this.readStore.get<OidcConnectionDoc>(OIDC_CONNECTIONS, accountId);
    return doc && doc.enabled ? doc : undefined;
  }

  /** Discovers the provider (its metadata must name exactly the configured issuer) and picks the client authentication it supports. */
  private async configuration(connection: OidcConnectionDoc): Promise<client.Configuration> {
    const key = `${connection.account_id}\n${connection.issuer}\n${connection.client_id}\n${connection.sealed_client_secret}`;
    const cached = this.discovered.get(key);
    if (cached && cached.until > Date.now()) return cached.config;
    const secret = this.secrets.open(connection.sealed_client_secret, clientSecretAad(connection.account_id));
    const issuer = new URL(connection.issuer);
    const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
    const options = { execute: insecure ? [client.allowInsecureRequests] : [], timeout: IDP_TIMEOUT_SECONDS };
    let config = await client.discovery(issuer, connection.client_id, { client_secret: secret }, client.ClientSecretBasic(secret), options);
    const methods = config.serverMetadata().token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
    if (!methods.includes('client_secret_basic') && methods.includes('client_secret_post')) {
      config = new client.Configuration(config.serverMetadata(), connection.client_id, { client_secret: secret }, client.ClientSecretPost(secret));
      if (insecure) client.allowInsecureRequests(config);
    }
    for (const [k, v] of this.discovered) if (v.until <= Date.now() || k.startsWith(`${connection.account_id}\n`)) this.discovered.delete(k);
    this.discovered.set(key, { config, until: Date.now() + DISCOVERY_CACHE_MS });
    return config;
  }
}

function nameClaim(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : null;
}
