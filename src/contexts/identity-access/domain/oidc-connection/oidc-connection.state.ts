import type { OidcConnectionEvent } from './oidc-connection.events';

export type OidcConnectionState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'configured';
      readonly accountId: string;
      readonly issuer: string;
      readonly clientId: string;
      readonly sealedClientSecret: string;
      readonly scopes: readonly string[];
      readonly enabled: boolean;
    }
  | { readonly status: 'removed'; readonly accountId: string };

export const initialOidcConnectionState = (): OidcConnectionState => ({ status: 'absent' });

export function evolveOidcConnection(state: OidcConnectionState, event: OidcConnectionEvent): OidcConnectionState {
  switch (event.type) {
    case 'OidcConnectionConfigured': {
      const d = event.data;
      return { status: 'configured', accountId: d.accountId, issuer: d.issuer, clientId: d.clientId, sealedClientSecret: d.sealedClientSecret, scopes: d.scopes, enabled: d.enabled };
    }
    case 'OidcConnectionRemoved':
      return { status: 'removed', accountId: event.data.accountId };
    default: {
      const never: never = event;
      return never;
    }
  }
}
