import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { accountDecider } from '../../domain/account/account.decide';
import { CreateAccountCommand, type CreateAccountResult } from './create-account.command';

@CommandHandler(CreateAccountCommand)
export class CreateAccountHandler implements ICommandHandler<CreateAccountCommand> {
  static readonly permission = 'create:account';

  constructor(private readonly runner: CommandRunner) {}

  async execute(cmd: CreateAccountCommand): Promise<CreateAccountResult> {
    const accountId = cmd.input.accountId ?? this.runner.uuid();
    const { name, handle, ownerUserId } = cmd.input;
    const result = await this.runner.run({
      principal: cmd.principal,
      request: cmd.request,
      permission: CreateAccountHandler.permission,
      scope: { kind: 'installation' },
      recordedScope: { kind: 'account', accountId },
      decider: accountDecider,
      stream: streamName('account', accountId),
      command: (now) => ({ type: 'CreateAccount' as const, data: { accountId, name, handle, ownerUserId, now } }),
    });
    return { accountId, position: result.position };
  }
}
