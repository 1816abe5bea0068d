import type { Projection, RecordedEvent } from '../../src/shared/ddd';
import { OIDC_CONNECTIONS, type OidcConnectionDoc, type OidcConnectionEvent } from '../../src/contexts/identity-access';

const oidcConnectionsProjection: Projection<OidcConnectionDoc> = {
  name: 'oidc_connections',
  version: 1,
  collection: OIDC_CONNECTIONS,
  eventTypes: ['OidcConnectionConfigured', 'OidcConnectionRemoved'],
  keys: (e) => [(e.data as { accountId: string }).accountId],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as OidcConnectionEvent;
    switch (e.type) {
      case 'OidcConnectionConfigured': {
        const d = e.data;
        return {
          _id: d.accountId,
          _account: d.accountId,
          account_id: d.accountId,
          issuer: d.issuer,
          client_id: d.clientId,
          sealed_client_secret: d.sealedClientSecret,
          scopes: [...d.scopes],
          enabled: d.enabled,
          created: doc?.created ?? d.configuredAt,
          updated: d.configuredAt,
        };
      }
      case 'OidcConnectionRemoved':
        return undefined;
      default:
        return doc;
    }
  },
};

/** The OIDC read models. */
export const oidcConnectionsProjections: readonly Projection[] = [oidcConnectionsProjection] as readonly Projection[];
