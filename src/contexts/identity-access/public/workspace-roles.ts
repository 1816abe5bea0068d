/** What projections and other contexts may use from workspace-roles: event types and pure helpers. */
export type { WorkspaceRoleEvent } from '../domain/workspace-role/workspace-role';
export {
  BUILT_IN_ROLE_IDS,
  BUILT_IN_ROLE_DESCRIPTIONS,
  builtInRole,
  type CustomRoleGrant,
} from '../domain/roles/workspace-roles';
