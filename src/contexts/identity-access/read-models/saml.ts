import type { Document } from '../../../shared/ddd';

/** One document per account that has a SAML connection (`_id` = account id). */
export const SAML_CONNECTIONS = 'saml_connections';

export interface SamlConnectionDoc extends Document {
  account_id: string;
  idp_entity_id: string;
  sso_url: string;
  idp_certificates: string[];
  enabled: boolean;
  created: string;
  updated: string;
}
