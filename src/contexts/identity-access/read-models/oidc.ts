import type { Document } from '../../../shared/ddd';

/** One document per account (`_id` = account id): its OIDC connection. */
export const OIDC_CONNECTIONS = 'oidc_connections';

export interface OidcConnectionDoc extends Document {
  account_id: string;
  issuer: string;
  client_id: string;
  /** Sealed with SecretsService (AAD `oidc-client-secret:<account id>`); never the plain secret. */
  sealed_client_secret: string;
  scopes: string[];
  enabled: boolean;
  created: string;
  updated: string;
}
