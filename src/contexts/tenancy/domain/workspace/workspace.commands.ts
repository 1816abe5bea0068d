import type { WorkspaceActorType, WorkspaceRole } from './workspace.events';

export type WorkspaceCommand =
  | {
      readonly type: 'CreateWorkspace';
      readonly data: { readonly workspaceId: string; readonly accountId: string; readonly name: string; readonly handle: string; readonly description: string | null; readonly owner: { readonly actorType: WorkspaceActorType; readonly actorId: string } | null; readonly now: string };
    }
  | {
      readonly type: 'GrantWorkspaceAccess';
      readonly data: { readonly actorType: WorkspaceActorType; readonly actorId: string; readonly role: WorkspaceRole;
        /** For a custom role: the account the role belongs to (it must be the workspace's). */
        readonly customRoleAccountId?: string;
        readonly now: string;
      };
    }
  | { readonly type: 'RevokeWorkspaceAccess'; readonly data: { readonly actorId: string; readonly now: string } };
