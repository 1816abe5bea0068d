import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner, type Scope } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { userDecider, validEmail, validHandle } from '../../domain/user/user.decide';
import { claimUserNames } from '../users/user-names';
import { RegisterUserCommand, type RegisterUserResult } from './register-user.command';

/**
 * Registers a user. The handle and the email are claimed first, each on its own name stream (as
 * service-account names are), so two users can never share either; a failed registration frees them.
 */
@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand> {
  static readonly permission = 'create:user';

  constructor(private readonly runner: CommandRunner) {}

  async execute(cmd: RegisterUserCommand): Promise<RegisterUserResult> {
    const userId = cmd.input.userId ?? this.runner.uuid();
    const { handle, email, firstName, lastName } = cmd.input;
    const scope: Scope = { kind: 'installation' };
    await this.runner.authorize(cmd.principal, RegisterUserHandler.permission, scope);
    const base = { principal: cmd.principal, request: cmd.request, scope, permission: RegisterUserHandler.permission };
    const undo = await claimUserNames(this.runner, base, userId, [
      { kind: 'handle', value: validHandle(handle) },
      { kind: 'email', value: validEmail(email) },
    ]);
    try {
      const result = await this.runner.runAuthorized({
        ...base,
        decider: userDecider,
        stream: streamName('user', userId),
        command: (now) => ({ type: 'RegisterUser' as const, data: { userId, handle, email, firstName, lastName, now } }),
      });
      return { userId, position: result.position };
    } catch (err) {
      await undo();
      throw err;
    }
  }
}
