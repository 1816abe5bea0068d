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
import { ValidationError } from '../../../../shared/errors';
import { apiKeyDecider } from '../../domain/api-key/api-key.decide';
import { apiKeyHint, generateApiKey, hashApiKey, looksLikeApiKey } from './api-key-secret';
import { CreateUserApiKeyCommand, type CreatedApiKey } from './create-api-key.command';

@CommandHandler(CreateUserApiKeyCommand)
export class CreateUserApiKeyHandler implements ICommandHandler<CreateUserApiKeyCommand> {
  static readonly permission = 'create:api_key';

  constructor(
    @Inject(AUTHORIZER) private readonly authorizer: Authorizer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    private readonly deciders: DeciderCommandHandler,
  ) {}

  async execute(cmd: CreateUserApiKeyCommand): Promise<CreatedApiKey> {
    const scope = { kind: 'user', userId: cmd.userId } as const;
    await this.authorizer.authorize(cmd.principal, CreateUserApiKeyHandler.permission, scope);
    if (cmd.input.key !== undefined && !(looksLikeApiKey(cmd.input.key) && cmd.input.key.startsWith('pnu_'))) {
      throw new ValidationError('a user API key must be pnu_ followed by 36 letters or digits');
    }
    const now = this.clock.now();
    const keyId = cmd.input.keyId ?? this.ids.uuid();
    const key = cmd.input.key ?? generateApiKey('pnu_');
    const result = await this.deciders.handle({
      decider: apiKeyDecider,
      stream: streamName('apiKey', keyId),
      command: {
        type: 'CreateApiKey',
        data: { keyId, owner: { type: 'user', id: cmd.userId }, name: cmd.input.name, keyHash: hashApiKey(key), keyHint: apiKeyHint(key), expiresAt: cmd.input.expiration, now: now.toISOString() },
      },
      metadata: eventMetadata(cmd.principal, scope, cmd.request, now),
    });
    return { id: keyId, name: cmd.input.name, created: now.toISOString(), expiration: cmd.input.expiration, key, position: result.position };
  }
}
