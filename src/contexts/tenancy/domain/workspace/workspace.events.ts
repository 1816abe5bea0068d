export type WorkspaceRole = 'owner' | 'developer' | 'runner' | 'viewer' | 'worker';
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
    };
