import { X509Certificate } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../../config/config';
import { CommandRunner, type Principal, type RequestContext, type Scope } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { NotFoundError, ValidationError } from '../../../../shared/errors';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import { samlConnectionDecider } from '../../domain/saml-connection/saml-connection.decide';
import { SAML_CONNECTIONS, type SamlConnectionDoc } from '../../read-models/saml';

export const SAML_PERMISSIONS = { administrate: 'administrate:sso', read: 'read:sso' } as const;

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
    const scope: Scope = { kind: 'account', accountId };
    await this.runner.authorize(principal, SAML_PERMISSIONS.administrate, scope);
    const idpCertificates = normaliseCertificates(input.idpCertificates);
    const r = await this.runner.runAuthorized({
      principal,
      request,
      scope,
      permission: SAML_PERMISSIONS.administrate,
      decider: samlConnectionDecider,
      stream: samlConnectionStream(accountId),
      command: (now) => ({ type: 'ConfigureSamlConnection' as const, data: { accountId, ...input, idpCertificates, now } }),
    });
    if (r.position !== undefined) await this.projections.wait(r.position);
    return this.present(await this.require(accountId));
  }

  async get(principal: Principal, accountId: string): Promise<SamlConnection> {
    await this.runner.authorize(principal, SAML_PERMISSIONS.read, { kind: 'account', accountId });
    return this.present(await this.require(accountId));
  }

  async remove(principal: Principal, request: RequestContext, accountId: string): Promise<void> {
    const scope: Scope = { kind: 'account', accountId };
    await this.runner.authorize(principal, SAML_PERMISSIONS.administrate, scope);
    const r = await this.runner.runAuthorized({
      principal,
      request,
      scope,
      permission: SAML_PERMISSIONS.administrate,
      decider: samlConnectionDecider,
      stream: samlConnectionStream(accountId),
      command: (now) => ({ type: 'RemoveSamlConnection' as const, data: { accountId, now } }),
    });
    if (r.position !== undefined) await this.projections.wait(r.position);
  }

  /** The enabled connection of an account, for the public sign-in routes; unknown or disabled is 404. */
  async enabled(accountId: string): Promise<SamlConnectionDoc> {
    const doc = await this.readStore.get<SamlConnectionDoc>(SAML_CONNECTIONS, accountId);
    if (!doc || !doc.enabled) throw new NotFoundError('SAML sign-in is not configured for this account');
    return doc;
  }

  private async require(accountId: string): Promise<SamlConnectionDoc> {
    const doc = await this.readStore.get<SamlConnectionDoc>(SAML_CONNECTIONS, accountId);
    if (!doc) throw new NotFoundError('SAML connection not found');
    return doc;
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
