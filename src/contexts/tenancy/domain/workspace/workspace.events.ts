export type BuiltInWorkspaceRoleName = 'owner' | 'developer' | 'runner' | 'viewer' | 'worker';
export const BUILT_IN_WORKSPACE_ROLE_NAMES: readonly BuiltInWorkspaceRoleName[] = ['owner', 'developer', 'runner', 'viewer', 'worker'];
/** A built-in role's name, or the id of a custom workspace role of the workspace's account. */
export type WorkspaceRole = BuiltInWorkspaceRoleName | (string & {});
export type WorkspaceActorType = 'user' | 'service_account';

export type WorkspaceEvent =
  | {
      readonly type: 'WorkspaceCreated';
      readonly data: {
        readonly workspaceId: string;
        readonly accountId: string;
        readonly name: string;
        readonly handle: string;
        readonly description: string | null;
        readonly createdAt: string;
      };
    }
  | {
      readonly type: 'WorkspaceAccessGranted';
      readonly data: {
        readonly workspaceId: string;
        readonly accountId: string;
        readonly actorType: WorkspaceActorType;
        readonly actorId: string;
        readonly role: WorkspaceRole;
        readonly grantedAt: string;
      };
    }
  | {
      readonly type: 'WorkspaceAccessRevoked';
      readonly data: { readonly workspaceId: string; readonly accountId: string; readonly actorId: string; readonly revokedAt: string };
    };
