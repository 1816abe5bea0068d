import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { accountDecider } from '../../domain/account/account.decide';
import { workspaceDecider } from '../../domain/workspace/workspace.decide';
import { CreateWorkspaceCommand, type CreateWorkspaceResult } from './create-workspace.command';

/**
 * Reserves the handle on the account stream first (handles are unique per account), then creates
 * the workspace with its first owner. A crash between the two leaves a reserved handle and no
 * workspace; retrying with the same id completes it.
 */
@CommandHandler(CreateWorkspaceCommand)
export class CreateWorkspaceHandler implements ICommandHandler<CreateWorkspaceCommand> {
  static readonly permission = 'create:workspace';

  constructor(private readonly runner: CommandRunner) {}

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
    await this.runner.run({
      ...common,
      decider: accountDecider,
      stream: streamName('account', accountId),
      command: () => ({ type: 'ReserveWorkspaceHandle' as const, data: { workspaceId, handle } }),
    });
    const actor = cmd.principal.actor;
    const owner =
      cmd.input.owner !== undefined ? cmd.input.owner : actor.type === 'user' || actor.type === 'service_account' ? { actorType: actor.type, actorId: actor.id } : null;
    const result = await this.runner.run({
      ...common,
      decider: workspaceDecider,
      stream: streamName('workspace', workspaceId),
      command: (now) => ({ type: 'CreateWorkspace' as const, data: { workspaceId, accountId, name, handle, description, owner, now } }),
    });
    return { workspaceId, position: result.position };
  }
}
