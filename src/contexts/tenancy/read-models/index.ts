import type { Document } from '../../../shared/ddd';
import type { AccountRole } from '../domain/account/account.events';
import type { WorkspaceActorType, WorkspaceRole } from '../domain/workspace/workspace.events';

export const ACCOUNTS = 'accounts';
export const ACCOUNT_MEMBERSHIPS = 'account_memberships';
export const WORKSPACES = 'workspaces';
export const WORKSPACE_ACCESS = 'workspace_access';

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
  /** Account settings switches set so far (`/accounts/{id}/settings`). */
  settings?: Record<string, boolean>;
  /** Verified domain names (`/accounts/{id}/domains`). */
  domain_names?: string[];
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
