import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AUTHORIZER, CLOCK, DeciderCommandHandler, eventMetadata, ID_GENERATOR, type Authorizer, type Clock, type IdGenerator } from '../../../../shared/application';
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

  constructor(
    @Inject(AUTHORIZER) private readonly authorizer: Authorizer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    private readonly deciders: DeciderCommandHandler,
  ) {}

  async execute(cmd: CreateWorkspaceCommand): Promise<CreateWorkspaceResult> {
    const accountScope = { kind: 'account', accountId: cmd.accountId } as const;
    await this.authorizer.authorize(cmd.principal, CreateWorkspaceHandler.permission, accountScope);
    const now = this.clock.now();
    const workspaceId = cmd.input.workspaceId ?? this.ids.uuid();
    const scope = { kind: 'workspace', accountId: cmd.accountId, workspaceId } as const;
    const metadata = eventMetadata(cmd.principal, scope, cmd.request, now);
    await this.deciders.handle({
      decider: accountDecider,
      stream: streamName('account', cmd.accountId),
      command: { type: 'ReserveWorkspaceHandle', data: { workspaceId, handle: cmd.input.handle } },
      metadata,
    });
    const owner =
      cmd.input.owner !== undefined
        ? cmd.input.owner
        : cmd.principal.actor.type === 'user' || cmd.principal.actor.type === 'service_account'
          ? { actorType: cmd.principal.actor.type, actorId: cmd.principal.actor.id }
          : null;
    const result = await this.deciders.handle({
      decider: workspaceDecider,
      stream: streamName('workspace', workspaceId),
      command: {
        type: 'CreateWorkspace',
        data: { workspaceId, accountId: cmd.accountId, name: cmd.input.name, handle: cmd.input.handle, description: cmd.input.description, owner, now: now.toISOString() },
      },
      metadata,
    });
    return { workspaceId, position: result.position };
  }
}
