import type { Projection } from '../../src/shared/ddd';
import { OIDC_CONNECTIONS, type OidcConnectionDoc, type OidcConnectionEvent } from '../../src/contexts/identity-access';
import { ssoConnectionProjection } from './sso-connection.projection';

type Configured = Extract<OidcConnectionEvent, { type: 'OidcConnectionConfigured' }>['data'];

const oidcConnectionsProjection = ssoConnectionProjection<OidcConnectionDoc, Configured>({
  name: 'oidc_connections',
  collection: OIDC_CONNECTIONS,
  configured: 'OidcConnectionConfigured',
  removed: 'OidcConnectionRemoved',
  document: (d, common) => ({ ...common, issuer: d.issuer, client_id: d.clientId, sealed_client_secret: d.sealedClientSecret, scopes: [...d.scopes] }),
});

/** The OIDC read models. */
export const oidcConnectionsProjections: readonly Projection[] = [oidcConnectionsProjection] as readonly Projection[];
