import type { Decider } from '../../../../shared/ddd';
import { AlreadyExistsError, NotFoundError, ValidationError } from '../../../../shared/errors';
import type { ServiceAccountCommand, ServiceAccountNameCommand } from './service-account.commands';
import type { ServiceAccountEvent } from './service-account.events';
import {
  evolveServiceAccount,
  evolveServiceAccountName,
  initialServiceAccountNameState,
  initialServiceAccountState,
  type ServiceAccountNameState,
  type ServiceAccountState,
} from './service-account.state';

/** Every service account holds exactly this account role (prefect-cloud.md §B.1). */
export const SERVICE_ACCOUNT_ROLE = 'Member';

function validName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new ValidationError('a service account needs a name');
  if (trimmed.length > 100) throw new ValidationError('a service account name has at most 100 characters');
  return trimmed;
}

function active(state: ServiceAccountState, botId: string, accountId: string) {
  if (state.status !== 'active' || state.accountId !== accountId) throw new NotFoundError(`Bot ${botId} not found`);
  return state;
}

export function decideServiceAccount(command: ServiceAccountCommand, state: ServiceAccountState): ServiceAccountEvent[] {
  switch (command.type) {
    case 'CreateServiceAccount': {
      const c = command.data;
      const name = validName(c.name);
      if (state.status !== 'absent') {
        if (state.status === 'active' && state.accountId === c.accountId && state.name === name && state.apiKeyId === c.apiKeyId) return [];
        throw new AlreadyExistsError(`bot ${c.botId} already exists`);
      }
      return [{ type: 'ServiceAccountCreated', data: { botId: c.botId, accountId: c.accountId, name, apiKeyId: c.apiKeyId, createdAt: c.now } }];
    }
    case 'RenameServiceAccount': {
      const c = command.data;
      const s = active(state, c.botId, c.accountId);
      const name = validName(c.name);
      if (s.name === name) return [];
      return [{ type: 'ServiceAccountRenamed', data: { botId: s.botId, accountId: s.accountId, name, renamedAt: c.now } }];
    }
    case 'RotateServiceAccountKey': {
      const c = command.data;
      const s = active(state, c.botId, c.accountId);
      if (s.apiKeyIds.includes(c.apiKeyId)) {
        if (s.apiKeyId === c.apiKeyId) return [];
        throw new AlreadyExistsError(`API key ${c.apiKeyId} was already used by this bot`);
      }
      const oldKeyExpiresAt = c.oldKeyExpiresAt !== null && c.oldKeyExpiresAt > c.now ? c.oldKeyExpiresAt : null;
      return [
        { type: 'ServiceAccountKeyRotated', data: { botId: s.botId, accountId: s.accountId, apiKeyId: c.apiKeyId, oldApiKeyId: s.apiKeyId, oldKeyExpiresAt, rotatedAt: c.now } },
      ];
    }
    case 'DeleteServiceAccount': {
      const c = command.data;
      const s = active(state, c.botId, c.accountId);
      return [{ type: 'ServiceAccountDeleted', data: { botId: s.botId, accountId: s.accountId, name: s.name, apiKeyIds: s.apiKeyIds, deletedAt: c.now } }];
    }
    default: {
      const never: never = command;
      return never;
    }
  }
}

export function decideServiceAccountName(command: ServiceAccountNameCommand, state: ServiceAccountNameState): ServiceAccountEvent[] {
  switch (command.type) {
    case 'ClaimServiceAccountName': {
      const c = command.data;
      if (state.holder === c.botId) return [];
      if (state.holder !== null) throw new AlreadyExistsError(`A bot named "${c.name}" already exists in this account`);
      return [{ type: 'ServiceAccountNameClaimed', data: { accountId: c.accountId, name: c.name, botId: c.botId } }];
    }
    case 'ReleaseServiceAccountName': {
      const c = command.data;
      if (state.holder !== c.botId) return [];
      return [{ type: 'ServiceAccountNameReleased', data: { accountId: c.accountId, name: c.name, botId: c.botId } }];
    }
    default: {
      const never: never = command;
      return never;
    }
  }
}

export const serviceAccountDecider: Decider<ServiceAccountState, ServiceAccountCommand, ServiceAccountEvent> = {
  initialState: initialServiceAccountState,
  evolve: evolveServiceAccount,
  decide: decideServiceAccount,
};

export const serviceAccountNameDecider: Decider<ServiceAccountNameState, ServiceAccountNameCommand, ServiceAccountEvent> = {
  initialState: initialServiceAccountNameState,
  evolve: evolveServiceAccountName,
  decide: decideServiceAccountName,
};
