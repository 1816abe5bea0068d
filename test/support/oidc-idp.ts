import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The user a test IdP signs in. */
export interface IdpUser {
  readonly sub: string;
  readonly email: string;
  readonly email_verified: boolean;
  readonly given_name: string;
  readonly family_name: string;
}

export interface TestIdp {
  /** `http://127.0.0.1:PORT` (http is allowed for loopback issuers only). */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  stop(): Promise<void>;
}

/** Loads an ESM-only package from this CommonJS build (the name in a variable keeps the compiler from typing or rewriting it). */
async function esm<T = any>(name: string): Promise<T> {
  return (await import(name)) as T;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * A real OpenID Provider (the `oidc-provider` package) on a random port: one confidential client with exactly
 * `redirectUris`, PKCE required (the provider accepts S256 only), and one user. Its login and consent interaction is
 * minimal: opening the interaction URL signs the user in, and the next one grants the requested scopes.
 */
export async function startOidcProvider(options: { redirectUris: readonly string[]; user: IdpUser; clientId?: string }): Promise<TestIdp> {
  const { default: Provider } = await esm('oidc-provider');
  const jose = await esm<typeof import('jose')>('jose');
  const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await jose.exportJWK(privateKey)), kid: 'test-rs256', alg: 'RS256', use: 'sig' };
  const clientId = options.clientId ?? 'praetor-test';
  const clientSecret = randomBytes(24).toString('base64url');
  let provider: any;
  const { server, url } = await listen((req, res) => {
    if (req.url?.startsWith('/interaction/')) void interaction(req, res);
    else provider.callback()(req, res);
  });
  const user = options.user;
  provider = new Provider(url, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [...options.redirectUris],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    pkce: { required: () => true },
    // Put the requested claims (email, names) in the ID token itself, as most enterprise IdPs do.
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name'] },
    findAccount: async (_ctx: unknown, id: string) => (id === user.sub ? { accountId: id, claims: async () => ({ ...user }) } : undefined),
    interactions: { url: (_ctx: unknown, i: { uid: string }) => `/interaction/${i.uid}` },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    renderError: async (ctx: any, out: Record<string, unknown>) => {
      ctx.type = 'json';
      ctx.body = out;
    },
  });

  async function interaction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
        return;
      }
      const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, details.grantId ? {} : { consent: { grantId } }, { mergeWithLastSubmission: true });
    } catch (err) {
      res.statusCode = 400;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ error: 'interaction_failed', message: (err as Error).message }));
    }
  }

  return { issuer: url, clientId, clientSecret, stop: () => close(server) };
}

/** What the rogue IdP puts in the next ID token: the claims it would normally sign, changed by the test. */
export type IdTokenTamper = (claims: Record<string, unknown>) => Record<string, unknown>;

export interface RogueIdp extends TestIdp {
  /** How the next ID tokens are made: the claims to sign and the algorithm (`none`: unsigned). */
  tamper: IdTokenTamper;
  alg: 'RS256' | 'none';
  /** The parameters of the last authorization request it received. */
  lastAuthorization: URLSearchParams | undefined;
}

/**
 * A deliberately misbehaving OpenID Provider for the cases a real one will not produce (an expired or wrong-audience ID
 * token, a wrong nonce, `alg: none`): discovery, JWKS, an authorization endpoint that answers at once with a code, and
 * a token endpoint that checks the client, the redirect URI and the PKCE verifier like a real one, then signs an ID
 * token with the claims the test chose.
 */
export async function startRogueIdp(options: { user: IdpUser; clientId?: string }): Promise<RogueIdp> {
  const jose = await esm<typeof import('jose')>('jose');
  const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await jose.exportJWK(publicKey)), kid: 'rogue-rs256', alg: 'RS256', use: 'sig' };
  const clientId = options.clientId ?? 'praetor-rogue';
  const clientSecret = randomBytes(24).toString('base64url');
  const codes = new Map<string, URLSearchParams>();

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.setHeader('cache-control', 'no-store');
    res.end(JSON.stringify(body));
  };
  const body = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const { server, url } = await listen((req, res) => void handle(req, res));
  const idp: RogueIdp = {
    issuer: url,
    clientId,
    clientSecret,
    tamper: (c) => c,
    alg: 'RS256',
    lastAuthorization: undefined,
    stop: () => close(server),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', url);
    if (u.pathname === '/.well-known/openid-configuration') {
      return json(res, 200, {
        issuer: url,
        authorization_endpoint: `${url}/authorize`,
        token_endpoint: `${url}/token`,
        jwks_uri: `${url}/jwks`,
        end_session_endpoint: `${url}/logout`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (u.pathname === '/jwks') return json(res, 200, { keys: [publicJwk] });
    if (u.pathname === '/authorize') {
      idp.lastAuthorization = u.searchParams;
      const redirect = u.searchParams.get('redirect_uri') ?? '';
      if (u.searchParams.get('client_id') !== clientId || !redirect) return json(res, 400, { error: 'invalid_request' });
      const code = randomBytes(16).toString('base64url');
      codes.set(code, u.searchParams);
      const back = new URL(redirect);
      back.searchParams.set('code', code);
      if (u.searchParams.has('state')) back.searchParams.set('state', u.searchParams.get('state')!);
      res.statusCode = 302;
      res.setHeader('location', back.href);
      return void res.end();
    }
    if (u.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(await body(req));
      const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');
      const [id, secret] = basic.split(':').map((s) => decodeURIComponent(s));
      if (id !== clientId || secret !== clientSecret) return json(res, 401, { error: 'invalid_client' });
      const auth = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!auth) return json(res, 400, { error: 'invalid_grant' });
      const challenge = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
      if (auth.get('code_challenge_method') !== 'S256' || challenge !== auth.get('code_challenge')) return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
      if (form.get('redirect_uri') !== auth.get('redirect_uri')) return json(res, 400, { error: 'invalid_grant', error_description: 'redirect_uri mismatch' });
      const now = Math.floor(Date.now() / 1000);
      const claims = idp.tamper({ iss: url, aud: clientId, iat: now, exp: now + 300, nonce: auth.get('nonce') ?? undefined, ...options.user });
      const idToken =
        idp.alg === 'none'
          ? `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`
          : await new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: publicJwk.kid, typ: 'JWT' }).sign(privateKey);
      return json(res, 200, { access_token: randomBytes(16).toString('base64url'), token_type: 'Bearer', expires_in: 300, id_token: idToken });
    }
    return json(res, 404, { error: 'not_found' });
  }

  return idp;
}

/**
 * The browser part of a sign-in, with `fetch`: follows redirects by hand (manual mode) keeping a cookie jar per host,
 * and stops before fetching a URL `stopAt` accepts (Praetor's callback), so the test decides what to send there.
 */
export class TestBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  async get(url: string): Promise<Response> {
    const u = new URL(url);
    const cookies = this.jar.get(u.host);
    const headers: Record<string, string> = {};
    if (cookies && cookies.size > 0) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { redirect: 'manual', headers });
    this.store(u.host, res.headers.getSetCookie());
    return res;
  }

  /** Follows redirects from `url` until the next one is a URL `stopAt` accepts; returns that URL. Fails on anything else. */
  async follow(url: string, stopAt: (u: URL) => boolean, maxHops = 15): Promise<URL> {
    let next = new URL(url);
    for (let hop = 0; hop < maxHops; hop++) {
      if (stopAt(next)) return next;
      const res = await this.get(next.href);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) {
        throw new Error(`expected a redirect from ${next.origin}${next.pathname}, got ${res.status}: ${(await res.text()).slice(0, 300)}`);
      }
      await res.arrayBuffer().catch(() => undefined);
      next = new URL(location, next);
    }
    throw new Error('too many redirects');
  }

  private store(host: string, setCookies: string[]): void {
    const jar = this.jar.get(host) ?? new Map<string, string>();
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      if (eq < 0) continue;
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k, v] = a.trim().split('=');
        return (k?.toLowerCase() === 'max-age' && Number(v) <= 0) || (k?.toLowerCase() === 'expires' && Date.parse(v ?? '') < Date.now());
      });
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    this.jar.set(host, jar);
  }
}
