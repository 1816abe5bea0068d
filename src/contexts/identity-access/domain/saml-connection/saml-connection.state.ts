import type { SamlConnectionEvent } from './saml-connection.events';

export interface SamlConnectionConfig {
  readonly idpEntityId: string;
  readonly ssoUrl: string;
  readonly idpCertificates: readonly string[];
  readonly enabled: boolean;
}

export type SamlConnectionState =
  | { readonly status: 'absent' }
  | ({ readonly status: 'configured'; readonly accountId: string } & SamlConnectionConfig)
  | { readonly status: 'removed'; readonly accountId: string };

export const initialSamlConnectionState = (): SamlConnectionState => ({ status: 'absent' });

export function evolveSamlConnection(state: SamlConnectionState, event: SamlConnectionEvent): SamlConnectionState {
  switch (event.type) {
    case 'SamlConnectionConfigured': {
      const d = event.data;
      return { status: 'configured', accountId: d.accountId, idpEntityId: d.idpEntityId, ssoUrl: d.ssoUrl, idpCertificates: d.idpCertificates, enabled: d.enabled };
    }
    case 'SamlConnectionRemoved':
      return { status: 'removed', accountId: event.data.accountId };
    default: {
      const never: never = event;
      return never;
    }
  }
}
