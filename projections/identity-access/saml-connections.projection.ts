import type { Projection } from '../../src/shared/ddd';
import { SAML_CONNECTIONS, type SamlConnectionDoc, type SamlConnectionEvent } from '../../src/contexts/identity-access';
import { ssoConnectionProjection } from './sso-connection.projection';

type Configured = Extract<SamlConnectionEvent, { type: 'SamlConnectionConfigured' }>['data'];

const samlConnectionsProjection = ssoConnectionProjection<SamlConnectionDoc, Configured>({
  name: 'saml_connections',
  collection: SAML_CONNECTIONS,
  configured: 'SamlConnectionConfigured',
  removed: 'SamlConnectionRemoved',
  document: (d, common) => ({ ...common, idp_entity_id: d.idpEntityId, sso_url: d.ssoUrl, idp_certificates: [...d.idpCertificates] }),
});

/** The SAML connection read model (one document per account). */
export const samlConnectionsProjections: readonly Projection[] = [samlConnectionsProjection] as readonly Projection[];
