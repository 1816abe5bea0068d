import type { Document } from '../../../shared/ddd';

export const USERS = 'users';
export const API_KEYS = 'api_keys';

export interface UserDoc extends Document {
  handle: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  /** The avatar URL (Prefect Cloud's name for it); null when none was set. */
  image_location: string | null;
  created: string;
  updated: string;
}

export interface ApiKeyDoc extends Document {
  owner_type: 'user' | 'service_account';
  owner_id: string;
  name: string;
  key_hash: string;
  key_hint: string;
  expiration: string | null;
  created: string;
  revoked_at: string | null;
}
export * from './service-accounts';
export * from './workspace-roles';
export * from './sessions';
export * from './sso';
export * from './oidc';
export * from './saml';
