export type BuiltInWorkspaceRoleName = 'owner' | 'developer' | 'runner' | 'viewer' | 'worker';
export const BUILT_IN_WORKSPACE_ROLE_NAMES: readonly BuiltInWorkspaceRoleName[] = ['owner', 'developer', 'runner', 'viewer', 'worker'];
/** A built-in role's name, or the id of a custom workspace role of the workspace's account. */
export type WorkspaceRole = BuiltInWorkspaceRoleName | (string & {});
export type WorkspaceActorType = 'user' | 'service_account';

/** Editable workspace fields; only the changed ones travel on WorkspaceUpdated. */
export interface WorkspaceChanges {
  readonly name?: string;
  readonly handle?: string;
  readonly description?: string | null;
  /** The role every account member without explicit access holds here; null: none. */
  readonly defaultWorkspaceRole?: WorkspaceRole | null;
  readonly isPublic?: boolean;
}

export type WorkspaceEvent =
  | {
      readonly type: 'WorkspaceCreated';
      readonly data: {
        readonly workspaceId: string;
        readonly accountId: string;
        readonly name: string;
        readonly handle: string;
        readonly description: string | null;
        /** Absent in events recorded before default roles existed (= null). */
        readonly defaultWorkspaceRole?: WorkspaceRole | null;
        /** Absent in events recorded before (= false). */
        readonly isPublic?: boolean;
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
    }
  | {
      /** Only the changed fields; `previousHandle` is set when the handle changed (its reservation is released in reaction). */
      readonly type: 'WorkspaceUpdated';
      readonly data: { readonly workspaceId: string; readonly accountId: string; readonly changes: WorkspaceChanges; readonly previousHandle?: string; readonly updatedAt: string };
    }
  | {
      /** The workspace and everything in it is gone; its events stay (audit), its read models are purged in reaction. */
      readonly type: 'WorkspaceDeleted';
      readonly data: { readonly workspaceId: string; readonly accountId: string; readonly handle: string; readonly deletedAt: string };
    };
