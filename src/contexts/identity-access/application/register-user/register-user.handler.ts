import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  AUTHORIZER,
  CLOCK,
  DeciderCommandHandler,
  eventMetadata,
  ID_GENERATOR,
  type Authorizer,
  type Clock,
  type IdGenerator,
} from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { userDecider } from '../../domain/user/user.decide';
import { RegisterUserCommand, type RegisterUserResult } from './register-user.command';

@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand> {
  static readonly permission = 'create:user';

  constructor(
    @Inject(AUTHORIZER) private readonly authorizer: Authorizer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    private readonly deciders: DeciderCommandHandler,
  ) {}

  async execute(cmd: RegisterUserCommand): Promise<RegisterUserResult> {
    const scope = { kind: 'installation' } as const;
    await this.authorizer.authorize(cmd.principal, RegisterUserHandler.permission, scope);
    const now = this.clock.now();
    const userId = cmd.input.userId ?? this.ids.uuid();
    const result = await this.deciders.handle({
      decider: userDecider,
      stream: streamName('user', userId),
      command: { type: 'RegisterUser', data: { userId, handle: cmd.input.handle, email: cmd.input.email, firstName: cmd.input.firstName, lastName: cmd.input.lastName, now: now.toISOString() } },
      metadata: eventMetadata(cmd.principal, scope, cmd.request, now),
    });
    return { userId, position: result.position };
  }
}
