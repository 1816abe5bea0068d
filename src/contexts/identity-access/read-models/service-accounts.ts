import type { Document } from '../../../shared/ddd';

/** Read-model documents of service-accounts. */
export const SERVICE_ACCOUNTS = 'service_accounts';

/** A service account (Prefect Cloud's "bot"); deleted bots have no document. */
export interface ServiceAccountDoc extends Document {
  account_id: string;
  /** Bots are actors: the actor id is the bot id. */
  actor_id: string;
  name: string;
  account_role_name: 'Member';
  /** The current key (rotation replaces it; the old one may live on for its grace period). */
  api_key_id: string;
  created: string;
  updated: string;
}
