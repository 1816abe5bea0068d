import type { Decider } from '../../../../shared/ddd';
import { AlreadyExistsError, NotFoundError, ValidationError } from '../../../../shared/errors';
import type { AccountCommand } from './account.commands';
import type { AccountEvent } from './account.events';
import { evolveAccount, initialAccountState, type AccountState } from './account.state';

export const HANDLE_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function decideAccount(command: AccountCommand, state: AccountState): AccountEvent[] {
  switch (command.type) {
    case 'CreateAccount': {
      const c = command.data;
      if (state.status === 'active') {
        if (state.handle === c.handle) return [];
        throw new AlreadyExistsError(`account ${c.accountId} already exists`);
      }
      if (c.name.trim() === '') throw new ValidationError('an account needs a name');
      if (!HANDLE_PATTERN.test(c.handle)) throw new ValidationError(`invalid account handle: ${c.handle}`);
      const created: AccountEvent = { type: 'AccountCreated', data: { accountId: c.accountId, name: c.name, handle: c.handle, createdAt: c.now } };
      if (c.ownerUserId === null) return [created];
      return [created, { type: 'AccountMemberAdded', data: { accountId: c.accountId, userId: c.ownerUserId, role: 'owner', addedAt: c.now } }];
    }
    case 'AddAccountMember': {
      if (state.status !== 'active') throw new NotFoundError('account not found');
      const c = command.data;
      if (state.members.get(c.userId) === c.role) return [];
      return [{ type: 'AccountMemberAdded', data: { accountId: state.accountId, userId: c.userId, role: c.role, addedAt: c.now } }];
    }
    case 'ReserveWorkspaceHandle': {
      if (state.status !== 'active') throw new NotFoundError('account not found');
      const c = command.data;
      if (!HANDLE_PATTERN.test(c.handle)) throw new ValidationError(`invalid workspace handle: ${c.handle}`);
      const holder = state.workspaceHandles.get(c.handle);
      if (holder === c.workspaceId) return [];
      if (holder !== undefined) throw new AlreadyExistsError(`a workspace with handle "${c.handle}" already exists in this account`);
      return [{ type: 'AccountWorkspaceHandleReserved', data: { accountId: state.accountId, workspaceId: c.workspaceId, handle: c.handle } }];
    }
    default: {
      const never: never = command;
      return never;
    }
  }
}

export const accountDecider: Decider<AccountState, AccountCommand, AccountEvent> = {
  initialState: initialAccountState,
  evolve: evolveAccount,
  decide: decideAccount,
};
