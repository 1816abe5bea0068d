import type { Decider } from '../../../../shared/ddd';
import { AlreadyExistsError, ValidationError } from '../../../../shared/errors';
import type { UserCommand } from './user.commands';
import type { UserEvent } from './user.events';
import { evolveUser, initialUserState, type UserState } from './user.state';

const HANDLE = /^[a-z0-9][a-z0-9-_.]{0,62}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'RegisterUser': {
      const c = command.data;
      if (state.status === 'registered') {
        // Registering the same user again is harmless; a different one under this id is not.
        if (state.handle === c.handle && state.email === c.email) return [];
        throw new AlreadyExistsError(`user ${c.userId} already exists`);
      }
      if (!HANDLE.test(c.handle)) throw new ValidationError(`invalid handle: ${c.handle}`);
      if (!EMAIL.test(c.email)) throw new ValidationError(`invalid email: ${c.email}`);
      return [
        {
          type: 'UserRegistered',
          data: { userId: c.userId, handle: c.handle, email: c.email.toLowerCase(), firstName: c.firstName, lastName: c.lastName, registeredAt: c.now },
        },
      ];
    }
    default: {
      const never: never = command.type;
      return never;
    }
  }
}

export const userDecider: Decider<UserState, UserCommand, UserEvent> = {
  initialState: initialUserState,
  evolve: evolveUser,
  decide: decideUser,
};
