import type { Document } from '../../../shared/ddd';
import type { AccountRole } from '../domain/account/account.events';
import type { WorkspaceActorType, WorkspaceRole } from '../domain/workspace/workspace.events';

export const ACCOUNTS = 'accounts';
export const ACCOUNT_MEMBERSHIPS = 'account_memberships';
export const WORKSPACES = 'workspaces';
export const WORKSPACE_ACCESS = 'workspace_access';
export const INVITATIONS = 'invitations';

export interface AccountDoc extends Document {
  name: string;
  handle: string;
  created: string;
  updated: string;
  /** Profile fields set by `PATCH /accounts/{id}/` (absent until first set). */
  location?: string | null;
  link?: string | null;
  image_location?: string | null;
  auth_expiration_seconds?: number | null;
  /** Days audit entries stay readable; absent or null: 365. */
  audit_log_retention_days?: number | null;
  /** Account settings switches set so far (`/accounts/{id}/settings`). */
  settings?: Record<string, boolean>;
  /** The account's domain names (`/accounts/{id}/domains`), verified or not. */
  domain_names?: string[];
  /** Each domain name with its verification state (absent before the first `AccountDomainsSet`). */
  domains?: AccountDomainDoc[];
}

export interface AccountDomainDoc {
  name: string;
  /** The token the `_praetor-verification.<name>` TXT record must carry (not a secret: it is published in DNS). */
  verification_token: string | null;
  verified_at: string | null;
}

export interface AccountMembershipDoc extends Document {
  account_id: string;
  user_id: string;
  account_role_name: AccountRole;
  created: string;
}

export interface WorkspaceDoc extends Document {
  account_id: string;
  name: string;
  handle: string;
  description: string | null;
  /** A built-in role's name or a custom role id; null (or absent, in documents built before): no default role. */
  default_workspace_role?: WorkspaceRole | null;
  is_public?: boolean;
  created: string;
  updated: string;
}

export interface WorkspaceAccessDoc extends Document {
  workspace_id: string;
  account_id: string;
  actor_type: WorkspaceActorType;
  actor_id: string;
  workspace_role_name: WorkspaceRole;
  created: string;
}

export const membershipId = (accountId: string, userId: string) => `${accountId}:${userId}`;
export const workspaceAccessId = (workspaceId: string, actorId: string) => `${workspaceId}:${actorId}`;

/** An account invitation; `_account` is the inviting account. Revoked ones are removed. */
export interface InvitationDoc extends Document {
  account_id: string;
  /** Lower case. */
  email: string;
  account_role_name: AccountRole;
  /** `workspace_role` is a built-in role's name or a custom role id. */
  workspace_access: { workspace_id: string; workspace_role: WorkspaceRole }[];
  status: 'pending' | 'accepted' | 'rejected';
  expires_at: string;
  invited_by: { id: string; type: string; display_value: string };
  /** The user who accepted or rejected it. */
  answered_by: string | null;
  created: string;
  updated: string;
}
