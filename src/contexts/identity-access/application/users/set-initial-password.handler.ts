import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { NotFoundError } from '../../../../shared/errors';
import { userDecider } from '../../domain/user/user.decide';
import { PasswordHasher } from './password-hasher';
import { SetInitialPasswordCommand } from './set-initial-password.command';

@CommandHandler(SetInitialPasswordCommand)
export class SetInitialPasswordHandler implements ICommandHandler<SetInitialPasswordCommand> {
  static readonly permission = 'update:user';

  constructor(
    private readonly runner: CommandRunner,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(cmd: SetInitialPasswordCommand): Promise<{ position: number | undefined }> {
    const stream = streamName('user', cmd.userId);
    const { state } = await this.runner.deciders.load(userDecider, stream);
    if (state.status !== 'registered') throw new NotFoundError('User not found');
    if (state.passwordHash !== null) return { position: undefined };
    const passwordHash = await this.hasher.hash(PasswordHasher.check(cmd.password, 'password'));
    const r = await this.runner.run({
      principal: cmd.principal,
      request: cmd.request,
      permission: SetInitialPasswordHandler.permission,
      scope: { kind: 'user', userId: cmd.userId },
      decider: userDecider,
      stream,
      command: (now) => ({ type: 'SetUserPassword' as const, data: { userId: cmd.userId, passwordHash, now } }),
    });
    return { position: r.position };
  }
}
