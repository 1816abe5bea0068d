import { Command } from '@nestjs/cqrs';
import type { Principal, RequestContext } from '../../../../shared/application';
import type { WorkspaceActorType, WorkspaceRole } from '../../domain/workspace/workspace.events';

export interface CreateWorkspaceResult {
  readonly workspaceId: string;
  readonly position: number | undefined;
}

export class CreateWorkspaceCommand extends Command<CreateWorkspaceResult> {
  constructor(
    readonly principal: Principal,
    readonly request: RequestContext,
    readonly accountId: string,
    readonly input: {
      readonly workspaceId?: string;
      readonly name: string;
      readonly handle: string;
      readonly description: string | null;
      /** Who becomes the workspace's first owner; defaults to the caller when it is a user. */
      readonly owner?: { readonly actorType: WorkspaceActorType; readonly actorId: string } | null;
      /** The role every account member without explicit access holds; absent or null: none. */
      readonly defaultWorkspaceRole?: { readonly role: WorkspaceRole; readonly customRoleAccountId?: string } | null;
      readonly isPublic?: boolean;
    },
  ) {
    super();
  }
}
