import type { Document } from '../../../shared/ddd';

export const SSO_IDENTITIES = 'sso_identities';

/** An IdP subject of an account, linked at its first SSO sign-in to the user it signs in as. */
export interface SsoIdentityDoc extends Document {
  account_id: string;
  protocol: 'oidc' | 'saml';
  subject: string;
  user_id: string;
  linked: string;
}
