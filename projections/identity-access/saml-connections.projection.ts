import type { Projection, RecordedEvent } from '../../src/shared/ddd';
import { SAML_CONNECTIONS, type SamlConnectionDoc, type SamlConnectionEvent } from '../../src/contexts/identity-access';

const samlConnectionsProjection: Projection<SamlConnectionDoc> = {
  name: 'saml_connections',
  version: 1,
  collection: SAML_CONNECTIONS,
  indexes: [],
  eventTypes: ['SamlConnectionConfigured', 'SamlConnectionRemoved'],
  keys: (e) => [(e.data as { accountId: string }).accountId],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as SamlConnectionEvent;
    switch (e.type) {
      case 'SamlConnectionConfigured': {
        const d = e.data;
        return {
          _id: d.accountId,
          _account: d.accountId,
          account_id: d.accountId,
          idp_entity_id: d.idpEntityId,
          sso_url: d.ssoUrl,
          idp_certificates: [...d.idpCertificates],
          enabled: d.enabled,
          created: doc?.created ?? d.configuredAt,
          updated: d.configuredAt,
        };
      }
      case 'SamlConnectionRemoved':
        return undefined;
      default:
        return doc;
    }
  },
};

/** The SAML connection read model (one document per account). */
export const samlConnectionsProjections: readonly Projection[] = [samlConnectionsProjection] as readonly Projection[];
