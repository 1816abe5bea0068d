import type { Decider } from '../../../../shared/ddd';
import { AlreadyExistsError, NotFoundError, ValidationError } from '../../../../shared/errors';
import type { UserCommand, UserNameCommand, UserProfileChanges } from './user.commands';
import type { UserEvent, UserProfileChange } from './user.events';
import { evolveUser, evolveUserName, initialUserNameState, initialUserState, type UserNameState, type UserState } from './user.state';

const HANDLE = /^[a-z0-9][a-z0-9-_.]{0,62}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
/** What a stored password hash looks like; anything else (a plain password by mistake) is refused. */
const PASSWORD_HASH = /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/;
const MAX_NAME = 255;
const MAX_URL = 2048;

export function validHandle(handle: string): string {
  if (!HANDLE.test(handle)) throw new ValidationError(`invalid handle: ${handle}`);
  return handle;
}

/** Emails compare case-insensitively: stored lower-cased. */
export function validEmail(email: string): string {
  if (email.length > 320 || !EMAIL.test(email)) throw new ValidationError(`invalid email: ${email}`);
  return email.toLowerCase();
}

function validName(value: string | null, field: string): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (trimmed.length > MAX_NAME) throw new ValidationError(`${field} has at most ${MAX_NAME} characters`);
  return trimmed === '' ? null : trimmed;
}

function validImageLocation(value: string | null): string | null {
  if (value === null) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError('image_location must be an http(s) URL or null');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || value.length > MAX_URL) throw new ValidationError('image_location must be an http(s) URL or null');
  return value;
}

/** The validated changes that differ from the current profile. */
function changed(state: Extract<UserState, { status: 'registered' }>, c: UserProfileChanges): UserProfileChange {
  const out: { -readonly [K in keyof UserProfileChange]: UserProfileChange[K] } = {};
  if (c.handle !== undefined && validHandle(c.handle) !== state.handle) out.handle = c.handle;
  if (c.email !== undefined) {
    const email = validEmail(c.email);
    if (email !== state.email) out.email = email;
  }
  if (c.firstName !== undefined) {
    const v = validName(c.firstName, 'first_name');
    if (v !== state.firstName) out.firstName = v;
  }
  if (c.lastName !== undefined) {
    const v = validName(c.lastName, 'last_name');
    if (v !== state.lastName) out.lastName = v;
  }
  if (c.imageLocation !== undefined) {
    const v = validImageLocation(c.imageLocation);
    if (v !== state.imageLocation) out.imageLocation = v;
  }
  return out;
}

export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'RegisterUser': {
      const c = command.data;
      if (state.status === 'registered') {
        // Registering the same user again is harmless; a different one under this id is not.
        if (state.handle === c.handle && state.email === c.email.toLowerCase()) return [];
        throw new AlreadyExistsError(`user ${c.userId} already exists`);
      }
      validHandle(c.handle);
      const email = validEmail(c.email);
      return [
        {
          type: 'UserRegistered',
          data: { userId: c.userId, handle: c.handle, email, firstName: c.firstName, lastName: c.lastName, registeredAt: c.now },
        },
      ];
    }
    case 'UpdateUserProfile': {
      const c = command.data;
      if (state.status !== 'registered') throw new NotFoundError('User not found');
      const changes = changed(state, c.changes);
      if (Object.keys(changes).length === 0) return [];
      return [{ type: 'UserProfileUpdated', data: { userId: state.userId, changes, updatedAt: c.now } }];
    }
    case 'SetUserPassword': {
      const c = command.data;
      if (state.status !== 'registered') throw new NotFoundError('User not found');
      if (!PASSWORD_HASH.test(c.passwordHash)) throw new ValidationError('a password is recorded only as an scrypt hash');
      if (state.passwordHash === c.passwordHash) return [];
      return [{ type: 'UserPasswordSet', data: { userId: state.userId, passwordHash: c.passwordHash, setAt: c.now } }];
    }
    default: {
      const never: never = command;
      return never;
    }
  }
}

export function decideUserName(command: UserNameCommand, state: UserNameState): UserEvent[] {
  switch (command.type) {
    case 'ClaimUserName': {
      const c = command.data;
      if (state.holder === c.userId) return [];
      if (state.holder !== null) throw new AlreadyExistsError(c.kind === 'handle' ? `The handle "${c.value}" is taken` : 'A user with this email already exists');
      return [{ type: 'UserNameClaimed', data: { kind: c.kind, value: c.value, userId: c.userId } }];
    }
    case 'ReleaseUserName': {
      const c = command.data;
      if (state.holder !== c.userId) return [];
      return [{ type: 'UserNameReleased', data: { kind: c.kind, value: c.value, userId: c.userId } }];
    }
    default: {
      const never: never = command;
      return never;
    }
  }
}

export const userDecider: Decider<UserState, UserCommand, UserEvent> = {
  initialState: initialUserState,
  evolve: evolveUser,
  decide: decideUser,
};

export const userNameDecider: Decider<UserNameState, UserNameCommand, UserEvent> = {
  initialState: initialUserNameState,
  evolve: evolveUserName,
  decide: decideUserName,
};
