/**
 * Account permission strings (prefect-cloud.md §B.2) held by the built-in account roles (§B.1).
 * Owner holds every account permission; Admin every one but `bypass:sso`; Member only reads what
 * §B.1 lets it view: the account's settings, its workspaces, its members with their roles (so the
 * account and workspace roles), its service accounts and its teams. Members do not read
 * invitations, audit events, billing or SSO settings.
 */
export const MEMBER_ACCOUNT_PERMISSIONS: ReadonlySet<string> = new Set([
  'read:account',
  'read:account_membership',
  'read:account_role',
  'read:workspace_role',
  'read:workspace',
  'read:bot',
  'read:team',
]);

export function accountRoleHolds(role: string, permission: string): boolean {
  switch (role) {
    case 'owner':
      return true;
    case 'admin':
      return permission !== 'bypass:sso';
    case 'member':
      return MEMBER_ACCOUNT_PERMISSIONS.has(permission);
    default:
      return false;
  }
}
