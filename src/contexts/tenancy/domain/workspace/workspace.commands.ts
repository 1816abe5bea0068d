import type { WorkspaceActorType, WorkspaceChanges, WorkspaceRole } from './workspace.events';

export type WorkspaceCommand =
  | {
      readonly type: 'CreateWorkspace';
      readonly data: {
        readonly workspaceId: string;
        readonly accountId: string;
        readonly name: string;
        readonly handle: string;
        readonly description: string | null;
        readonly owner: { readonly actorType: WorkspaceActorType; readonly actorId: string } | null;
        /** Absent or null: no default role. A custom role needs `customRoleAccountId`. */
        readonly defaultWorkspaceRole?: WorkspaceRole | null;
        readonly isPublic?: boolean;
        /** For a custom default role: the account the role belongs to (it must be the workspace's). */
        readonly customRoleAccountId?: string;
        readonly now: string;
      };
    }
  | {
      readonly type: 'GrantWorkspaceAccess';
      readonly data: { readonly actorType: WorkspaceActorType; readonly actorId: string; readonly role: WorkspaceRole;
        /** For a custom role: the account the role belongs to (it must be the workspace's). */
        readonly customRoleAccountId?: string;
        readonly now: string;
      };
    }
  | { readonly type: 'RevokeWorkspaceAccess'; readonly data: { readonly actorId: string; readonly now: string } }
  | {
      /** A handle change must have been reserved in the account's handle registry first. */
      readonly type: 'UpdateWorkspace';
      readonly data: { readonly changes: WorkspaceChanges; readonly customRoleAccountId?: string; readonly now: string };
    }
  /** Deleting a deleted workspace decides nothing; a workspace that never existed is not found. */
  | { readonly type: 'DeleteWorkspace'; readonly data: { readonly now: string } };
