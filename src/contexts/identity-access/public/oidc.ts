// The public surface of this feature, re-exported by index.ts.
export type { OidcConnectionEvent } from '../domain/oidc-connection/oidc-connection.events';
export { oidcConnectionDecider } from '../domain/oidc-connection/oidc-connection.decide';
