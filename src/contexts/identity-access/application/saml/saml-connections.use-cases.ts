import { X509Certificate } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../../config/config';
import { CommandRunner, type Principal, type RequestContext, type Scope } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { NotFoundError, ValidationError } from '../../../../shared/errors';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import type { SamlConnectionCommand } from '../../domain/saml-connection/saml-connection.commands';
import { samlConnectionDecider } from '../../domain/saml-connection/saml-connection.decide';
import { SAML_CONNECTIONS, type SamlConnectionDoc } from '../../read-models/saml';
import { authorizeSsoChange, changeSsoConnection, loadSsoConnection, SSO_PERMISSIONS } from '../sso/sso-connections';

/** The connection as the API shows it, with the SP values an IdP administrator needs. */
export interface SamlConnection {
  account_id: string;
  idp_entity_id: string;
  sso_url: string;
  idp_certificates: string[];
  enabled: boolean;
  sp_entity_id: string;
  acs_url: string;
  metadata_url: string;
  created: string;
  updated: string;
}

export interface SamlConnectionInput {
  readonly idpEntityId: string;
  readonly ssoUrl: string;
  readonly idpCertificates: readonly string[];
  readonly enabled: boolean;
}

export const samlConnectionStream = (accountId: string) => streamName('samlConnection', accountId);

/** The SP's URLs for an account: its entity id is its metadata URL. */
export function spUrls(publicUrl: string, accountId: string) {
  const base = `${publicUrl.replace(/\/+$/, '')}/auth/saml/${accountId}`;
  return { entityId: `${base}/metadata`, acsUrl: `${base}/acs`, loginUrl: `${base}/login` };
}

/** Parses each certificate (422 on anything that is not one X.509 PEM certificate) and re-encodes it canonically. */
export function normaliseCertificates(pems: readonly string[]): string[] {
  return pems.map((pem, i) => {
    const blocks = pem.match(/-----BEGIN CERTIFICATE-----/g) ?? [];
    if (blocks.length !== 1) throw new ValidationError(`idp_certificates[${i}] must hold exactly one PEM certificate`);
    try {
      return new X509Certificate(pem).toString();
    } catch {
      throw new ValidationError(`idp_certificates[${i}] is not a valid X.509 certificate`);
    }
  });
}

/** Configure, read and remove an account's SAML connection (one per account, its own stream). */
@Injectable()
export class SamlConnectionUseCases {
  constructor(
    private readonly runner: CommandRunner,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async configure(principal: Principal, request: RequestContext, accountId: string, input: SamlConnectionInput): Promise<SamlConnection> {
    const scope = await authorizeSsoChange(this.runner, principal, accountId);
    const idpCertificates = normaliseCertificates(input.idpCertificates);
    await this.change(principal, request, scope, accountId, (now) => ({ type: 'ConfigureSamlConnection', data: { accountId, ...input, idpCertificates, now } }));
    return this.present(await this.require(accountId));
  }

  async get(principal: Principal, accountId: string): Promise<SamlConnection> {
    await this.runner.authorize(principal, SSO_PERMISSIONS.read, { kind: 'account', accountId });
    return this.present(await this.require(accountId));
  }

  async remove(principal: Principal, request: RequestContext, accountId: string): Promise<void> {
    const scope = await authorizeSsoChange(this.runner, principal, accountId);
    await this.change(principal, request, scope, accountId, (now) => ({ type: 'RemoveSamlConnection', data: { accountId, now } }));
  }

  /** The enabled connection of an account, for the public sign-in routes; unknown or disabled is 404. */
  async enabled(accountId: string): Promise<SamlConnectionDoc> {
    const doc = await this.readStore.get<SamlConnectionDoc>(SAML_CONNECTIONS, accountId);
    if (!doc || !doc.enabled) throw new NotFoundError('SAML sign-in is not configured for this account');
    return doc;
  }

  private change(principal: Principal, request: RequestContext, scope: Scope, accountId: string, command: (now: string) => SamlConnectionCommand): Promise<void> {
    return changeSsoConnection(this.runner, this.projections, { principal, request, scope, decider: samlConnectionDecider, stream: samlConnectionStream(accountId), command });
  }

  private require(accountId: string): Promise<SamlConnectionDoc> {
    return loadSsoConnection<SamlConnectionDoc>(this.readStore, SAML_CONNECTIONS, accountId, 'SAML connection not found');
  }

  private present(doc: SamlConnectionDoc): SamlConnection {
    const urls = spUrls(this.config.publicUrl, doc.account_id);
    return {
      account_id: doc.account_id,
      idp_entity_id: doc.idp_entity_id,
      sso_url: doc.sso_url,
      idp_certificates: doc.idp_certificates,
      enabled: doc.enabled,
      sp_entity_id: urls.entityId,
      acs_url: urls.acsUrl,
      metadata_url: urls.entityId,
      created: doc.created,
      updated: doc.updated,
    };
  }
}
