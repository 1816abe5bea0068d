import type { Decider } from '../../../../shared/ddd';
import { AlreadyExistsError, NotFoundError, ValidationError } from '../../../../shared/errors';
import type { ApiKeyCommand } from './api-key.commands';
import type { ApiKeyEvent } from './api-key.events';
import { evolveApiKey, initialApiKeyState, type ApiKeyState } from './api-key.state';

export function decideApiKey(command: ApiKeyCommand, state: ApiKeyState): ApiKeyEvent[] {
  switch (command.type) {
    case 'CreateApiKey': {
      const c = command.data;
      if (state.status !== 'absent') {
        if (state.status === 'active' && state.keyHash === c.keyHash) return [];
        throw new AlreadyExistsError(`API key ${c.keyId} already exists`);
      }
      if (c.name.trim() === '') throw new ValidationError('an API key needs a name');
      if (c.expiresAt !== null && c.expiresAt <= c.now) throw new ValidationError('expiration must be in the future');
      return [{ type: 'ApiKeyCreated', data: { keyId: c.keyId, owner: c.owner, name: c.name, keyHash: c.keyHash, keyHint: c.keyHint, expiresAt: c.expiresAt, createdAt: c.now } }];
    }
    case 'RevokeApiKey': {
      if (state.status === 'absent') throw new NotFoundError(`API key ${command.data.keyId} not found`);
      if (state.status === 'revoked') return [];
      return [{ type: 'ApiKeyRevoked', data: { keyId: state.keyId, revokedAt: command.data.now } }];
    }
    case 'ShortenApiKeyExpiration': {
      const c = command.data;
      if (state.status === 'absent') throw new NotFoundError(`API key ${c.keyId} not found`);
      if (state.status === 'revoked') return [];
      if (c.expiresAt <= c.now) return [{ type: 'ApiKeyRevoked', data: { keyId: state.keyId, revokedAt: c.now } }];
      if (state.expiresAt !== null && state.expiresAt <= c.expiresAt) return [];
      return [{ type: 'ApiKeyExpirationShortened', data: { keyId: state.keyId, expiresAt: c.expiresAt, shortenedAt: c.now } }];
    }
    default: {
      const never: never = command;
      return never;
    }
  }
}

export const apiKeyDecider: Decider<ApiKeyState, ApiKeyCommand, ApiKeyEvent> = {
  initialState: initialApiKeyState,
  evolve: evolveApiKey,
  decide: decideApiKey,
};
