// The public surface of this feature, re-exported by index.ts.
export type { SamlConnectionEvent } from '../domain/saml-connection/saml-connection.events';
