import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../../config/config';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { SecretsService } from '../../../../infrastructure/secrets';
import { CommandRunner, type Principal, type RequestContext, type Scope } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import type { OidcConnectionCommand } from '../../domain/oidc-connection/oidc-connection.commands';
import { oidcConnectionDecider } from '../../domain/oidc-connection/oidc-connection.decide';
import { OIDC_CONNECTIONS, type OidcConnectionDoc } from '../../read-models';
import { authorizeSsoChange, changeSsoConnection, loadSsoConnection, SSO_PERMISSIONS } from '../sso/sso-connections';

export const oidcConnectionStream = (accountId: string) => streamName('oidcConnection', accountId);
/** Binds a sealed client secret to its account: another account's ciphertext does not open. */
export const clientSecretAad = (accountId: string) => `oidc-client-secret:${accountId}`;
/** The one redirect URI Praetor sends for an account; register exactly this at the IdP. */
export const oidcRedirectUri = (publicUrl: string, accountId: string) => `${publicUrl.replace(/\/+$/, '')}/auth/oidc/${accountId}/callback`;

export interface OidcConnectionInput {
  readonly issuer: string;
  readonly clientId: string;
  /** null: keep the connection's secret. */
  readonly clientSecret: string | null;
  readonly scopes: readonly string[] | null;
  readonly enabled: boolean;
}

/** What `GET .../sso/oidc` shows: never the secret, only that one is set. */
export interface OidcConnectionView {
  account_id: string;
  issuer: string;
  client_id: string;
  client_secret_set: true;
  scopes: string[];
  enabled: boolean;
  redirect_uri: string;
  created: string;
  updated: string;
}

/** An account's OIDC connection, managed by those who hold `administrate:sso`; each change is an event with its actor. */
@Injectable()
export class OidcConnectionUseCases {
  constructor(
    private readonly runner: CommandRunner,
    private readonly projections: ProjectionRunner,
    private readonly secrets: SecretsService,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async configure(principal: Principal, request: RequestContext, accountId: string, input: OidcConnectionInput): Promise<OidcConnectionView> {
    const scope = await authorizeSsoChange(this.runner, principal, accountId);
    const sealedClientSecret = input.clientSecret === null ? null : await this.seal(accountId, input.clientSecret);
    await this.change(principal, request, scope, accountId, (now) => ({
      type: 'ConfigureOidcConnection',
      data: { accountId, issuer: input.issuer, clientId: input.clientId, sealedClientSecret, scopes: input.scopes, enabled: input.enabled, now },
    }));
    return this.load(accountId);
  }

  async get(principal: Principal, accountId: string): Promise<OidcConnectionView> {
    await this.runner.authorize(principal, SSO_PERMISSIONS.read, { kind: 'account', accountId });
    return this.load(accountId);
  }

  async remove(principal: Principal, request: RequestContext, accountId: string): Promise<void> {
    const scope = await authorizeSsoChange(this.runner, principal, accountId);
    await this.change(principal, request, scope, accountId, (now) => ({ type: 'RemoveOidcConnection', data: { accountId, now } }));
  }

  /**
   * Seals the secret; the same secret as the stored one keeps the stored ciphertext (sealing is randomised), so a
   * repeated PUT decides no event.
   */
  private async seal(accountId: string, secret: string): Promise<string> {
    const current = await this.readStore.get<OidcConnectionDoc>(OIDC_CONNECTIONS, accountId);
    if (current) {
      try {
        if (this.secrets.open(current.sealed_client_secret, clientSecretAad(accountId)) === secret) return current.sealed_client_secret;
      } catch {
        // A secret sealed under another key: replace it.
      }
    }
    return this.secrets.seal(secret, clientSecretAad(accountId));
  }

  private change(principal: Principal, request: RequestContext, scope: Scope, accountId: string, command: (now: string) => OidcConnectionCommand): Promise<void> {
    return changeSsoConnection(this.runner, this.projections, { principal, request, scope, decider: oidcConnectionDecider, stream: oidcConnectionStream(accountId), command });
  }

  private async load(accountId: string): Promise<OidcConnectionView> {
    const doc = await loadSsoConnection<OidcConnectionDoc>(this.readStore, OIDC_CONNECTIONS, accountId, 'This account has no OIDC connection');
    return {
      account_id: doc.account_id,
      issuer: doc.issuer,
      client_id: doc.client_id,
      client_secret_set: true,
      scopes: doc.scopes,
      enabled: doc.enabled,
      redirect_uri: oidcRedirectUri(this.config.publicUrl, accountId),
      created: doc.created,
      updated: doc.updated,
    };
  }
}
