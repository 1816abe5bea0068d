import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { ValidationError } from '../../../../shared/errors';
import { apiKeyDecider } from '../../domain/api-key/api-key.decide';
import { apiKeyHint, generateApiKey, hashApiKey, looksLikeApiKey } from './api-key-secret';
import { CreateUserApiKeyCommand, type CreatedApiKey } from './create-api-key.command';

@CommandHandler(CreateUserApiKeyCommand)
export class CreateUserApiKeyHandler implements ICommandHandler<CreateUserApiKeyCommand> {
  static readonly permission = 'create:api_key';

  constructor(private readonly runner: CommandRunner) {}

  async execute(cmd: CreateUserApiKeyCommand): Promise<CreatedApiKey> {
    const { name, expiration } = cmd.input;
    if (cmd.input.key !== undefined && !(looksLikeApiKey(cmd.input.key) && cmd.input.key.startsWith('pnu_'))) {
      throw new ValidationError('a user API key must be pnu_ followed by 36 letters or digits');
    }
    const keyId = cmd.input.keyId ?? this.runner.uuid();
    const key = cmd.input.key ?? generateApiKey('pnu_');
    let created = '';
    const result = await this.runner.run({
      principal: cmd.principal,
      request: cmd.request,
      permission: CreateUserApiKeyHandler.permission,
      scope: { kind: 'user', userId: cmd.userId },
      decider: apiKeyDecider,
      stream: streamName('apiKey', keyId),
      command: (now) => {
        created = now;
        const owner = { type: 'user' as const, id: cmd.userId };
        return { type: 'CreateApiKey' as const, data: { keyId, owner, name, keyHash: hashApiKey(key), keyHint: apiKeyHint(key), expiresAt: expiration, now } };
      },
    });
    return { id: keyId, name, created, expiration, key, position: result.position };
  }
}
