import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { CommandRunner } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { workspaceDecider } from '../../domain/workspace/workspace.decide';
import { CreateWorkspaceCommand, type CreateWorkspaceResult } from './create-workspace.command';
import { reserveWorkspaceHandle } from '../workspaces/workspace-handles.service';

/**
 * Reserves the handle in the account's handle registry first (handles are unique per account), then
 * creates the workspace with its first owner. A crash between the two leaves a reserved handle and
 * no workspace; retrying with the same id completes it.
 */
@CommandHandler(CreateWorkspaceCommand)
export class CreateWorkspaceHandler implements ICommandHandler<CreateWorkspaceCommand> {
  static readonly permission = 'create:workspace';

  constructor(
    private readonly runner: CommandRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async execute(cmd: CreateWorkspaceCommand): Promise<CreateWorkspaceResult> {
    const workspaceId = cmd.input.workspaceId ?? this.runner.uuid();
    const { name, handle, description } = cmd.input;
    const accountId = cmd.accountId;
    const common = {
      principal: cmd.principal,
      request: cmd.request,
      permission: CreateWorkspaceHandler.permission,
      scope: { kind: 'account', accountId } as const,
      recordedScope: { kind: 'workspace', accountId, workspaceId } as const,
    };
    await this.runner.authorize(cmd.principal, CreateWorkspaceHandler.permission, common.scope);
    await reserveWorkspaceHandle(this.runner, this.readStore, { ...common, workspaceId, handle });
    const actor = cmd.principal.actor;
    const owner =
      cmd.input.owner !== undefined ? cmd.input.owner : actor.type === 'user' || actor.type === 'service_account' ? { actorType: actor.type, actorId: actor.id } : null;
    const defaultRole = cmd.input.defaultWorkspaceRole ?? null;
    const result = await this.runner.runAuthorized({
      ...common,
      decider: workspaceDecider,
      stream: streamName('workspace', workspaceId),
      command: (now) => ({
        type: 'CreateWorkspace' as const,
        data: {
          workspaceId,
          accountId,
          name,
          handle,
          description,
          owner,
          defaultWorkspaceRole: defaultRole?.role ?? null,
          customRoleAccountId: defaultRole?.customRoleAccountId,
          isPublic: cmd.input.isPublic ?? false,
          now,
        },
      }),
    });
    return { workspaceId, position: result.position };
  }
}
