import { ValidationError } from '../../../../shared/errors';
import { ACCOUNT_ROLES, type AccountRole } from '../../domain/account/account.events';
import { accountRoleHolds } from '../authorization/account-permissions';

/** Every account permission string (prefect-cloud.md §B.2). */
export const ACCOUNT_PERMISSIONS: readonly string[] = [
  'administrate:sso',
  'administrate:workspace',
  'bypass:sso',
  'read:sso',
  'create:audit_event',
  'read:audit_event',
  ...['create', 'read', 'update', 'delete'].map((v) => `${v}:account_role`),
  ...['create', 'read', 'update', 'delete'].map((v) => `${v}:bot`),
  ...['create', 'read', 'update'].map((v) => `${v}:invitation`),
  ...['create', 'read', 'update', 'delete'].map((v) => `${v}:team`),
  ...['create', 'read', 'update'].map((v) => `${v}:workspace_invitation`),
  ...['create', 'read', 'update', 'delete'].map((v) => `${v}:workspace_role`),
  ...['create', 'read', 'delete'].map((v) => `${v}:workspace`),
  ...['read', 'update', 'delete'].map((v) => `${v}:account_membership`),
  ...['read', 'update', 'delete'].map((v) => `${v}:account`),
  ...['read', 'update'].map((v) => `${v}:billing`),
];

/** Fixed ids of the three built-in account roles (the same in every account and installation). */
export const ACCOUNT_ROLE_IDS: Readonly<Record<AccountRole, string>> = {
  owner: '6b1c7e0a-5c4e-4c1f-9a51-0a7f3b1d2e01',
  admin: '6b1c7e0a-5c4e-4c1f-9a51-0a7f3b1d2e02',
  member: '6b1c7e0a-5c4e-4c1f-9a51-0a7f3b1d2e03',
};

const DISPLAY_NAMES: Readonly<Record<AccountRole, string>> = { owner: 'Owner', admin: 'Admin', member: 'Member' };

/** Prefect Cloud's account role object. */
export interface AccountRoleView {
  id: string;
  name: string;
  permissions: string[];
  account_id: string | null;
  is_system_role: boolean;
}

export function accountRoleView(role: AccountRole): AccountRoleView {
  return { id: ACCOUNT_ROLE_IDS[role], name: DISPLAY_NAMES[role], permissions: ACCOUNT_PERMISSIONS.filter((p) => accountRoleHolds(role, p)), account_id: null, is_system_role: true };
}

export const allAccountRoles = (): AccountRoleView[] => ACCOUNT_ROLES.map(accountRoleView);

/** A built-in account role by id or by name (any case); undefined when it is neither. */
export function accountRoleRef(ref: string): AccountRole | undefined {
  const lower = ref.toLowerCase();
  return ACCOUNT_ROLES.find((r) => r === lower || ACCOUNT_ROLE_IDS[r] === lower);
}

/** The role a PATCH body names with `account_role_id` or `account_role_name`. */
export function accountRoleFromBody(body: Record<string, unknown>): AccountRole {
  const ref = body.account_role_id ?? body.account_role_name;
  if (typeof ref !== 'string') throw new ValidationError('account_role_id or account_role_name is required');
  const role = accountRoleRef(ref);
  if (!role) throw new ValidationError(`unknown account role: ${ref}`);
  return role;
}
