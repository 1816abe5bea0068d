import type { Document } from '../../../shared/ddd';

/** Read-model documents of workspace-roles. */
export const WORKSPACE_ROLES = 'workspace_roles';

/** A custom workspace role (Prefect Cloud's shape; `_account` is its account). */
export interface WorkspaceRoleDoc extends Document {
  name: string;
  description: string;
  scopes: string[];
  account_id: string;
  inherited_role_id: string | null;
  created: string;
  updated: string;
}
