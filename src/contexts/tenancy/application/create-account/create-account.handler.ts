import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AUTHORIZER, CLOCK, DeciderCommandHandler, eventMetadata, ID_GENERATOR, type Authorizer, type Clock, type IdGenerator } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { accountDecider } from '../../domain/account/account.decide';
import { CreateAccountCommand, type CreateAccountResult } from './create-account.command';

@CommandHandler(CreateAccountCommand)
export class CreateAccountHandler implements ICommandHandler<CreateAccountCommand> {
  static readonly permission = 'create:account';

  constructor(
    @Inject(AUTHORIZER) private readonly authorizer: Authorizer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    private readonly deciders: DeciderCommandHandler,
  ) {}

  async execute(cmd: CreateAccountCommand): Promise<CreateAccountResult> {
    await this.authorizer.authorize(cmd.principal, CreateAccountHandler.permission, { kind: 'installation' });
    const now = this.clock.now();
    const accountId = cmd.input.accountId ?? this.ids.uuid();
    const result = await this.deciders.handle({
      decider: accountDecider,
      stream: streamName('account', accountId),
      command: { type: 'CreateAccount', data: { accountId, name: cmd.input.name, handle: cmd.input.handle, ownerUserId: cmd.input.ownerUserId, now: now.toISOString() } },
      metadata: eventMetadata(cmd.principal, { kind: 'account', accountId }, cmd.request, now),
    });
    return { accountId, position: result.position };
  }
}
