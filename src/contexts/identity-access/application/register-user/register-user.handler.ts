import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { userDecider } from '../../domain/user/user.decide';
import { RegisterUserCommand, type RegisterUserResult } from './register-user.command';

@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand> {
  static readonly permission = 'create:user';

  constructor(private readonly runner: CommandRunner) {}

  async execute(cmd: RegisterUserCommand): Promise<RegisterUserResult> {
    const userId = cmd.input.userId ?? this.runner.uuid();
    const { handle, email, firstName, lastName } = cmd.input;
    const result = await this.runner.run({
      principal: cmd.principal,
      request: cmd.request,
      permission: RegisterUserHandler.permission,
      scope: { kind: 'installation' },
      decider: userDecider,
      stream: streamName('user', userId),
      command: (now) => ({ type: 'RegisterUser' as const, data: { userId, handle, email, firstName, lastName, now } }),
    });
    return { userId, position: result.position };
  }
}
