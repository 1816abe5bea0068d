import type { ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { ValidationError } from '../../../../shared/errors';
import { BUILT_IN_ROLE_IDS, builtInRole, WORKSPACE_ROLES, type WorkspaceRoleDoc } from '../../../identity-access';
import type { WorkspaceRole } from '../../domain/workspace/workspace.events';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ResolvedRole {
  /** A built-in role's name or a custom role id. */
  readonly role: WorkspaceRole;
  /** For a custom role: the account it belongs to (the decider refuses one of another account). */
  readonly customRoleAccountId?: string;
}

/** A `workspace_role_id` from a request: a built-in role's id or name, or a custom role's id. */
export async function resolveWorkspaceRole(readStore: ReadStore, ref: unknown, field: string): Promise<ResolvedRole> {
  if (typeof ref !== 'string') throw new ValidationError(`${field} must be a workspace role id`);
  const builtIn = builtInRole(ref);
  if (builtIn) return { role: builtIn };
  if (!UUID.test(ref)) throw new ValidationError(`unknown workspace role: ${ref}`);
  const role = ref.toLowerCase();
  const doc = await readStore.get<WorkspaceRoleDoc>(WORKSPACE_ROLES, role);
  return { role, customRoleAccountId: doc?.account_id ?? '' };
}

/** The id clients see for a stored role: a built-in role's fixed id, or the custom role's id. */
export function workspaceRoleId(role: WorkspaceRole): string {
  const builtIn = builtInRole(role);
  return builtIn ? BUILT_IN_ROLE_IDS[builtIn] : role;
}
