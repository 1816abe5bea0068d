import type { UserEvent } from './user.events';

export type UserState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly userId: string;
      readonly handle: string;
      readonly email: string;
      readonly firstName: string | null;
      readonly lastName: string | null;
      readonly imageLocation: string | null;
      /** Null until a password is set (SSO-only users, users created with an API key only). */
      readonly passwordHash: string | null;
    };

export const initialUserState = (): UserState => ({ status: 'unregistered' });

export function evolveUser(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserRegistered': {
      const d = event.data;
      return { status: 'registered', userId: d.userId, handle: d.handle, email: d.email, firstName: d.firstName, lastName: d.lastName, imageLocation: null, passwordHash: null };
    }
    case 'UserProfileUpdated':
      return state.status === 'registered' ? { ...state, ...event.data.changes } : state;
    case 'UserPasswordSet':
      return state.status === 'registered' ? { ...state, passwordHash: event.data.passwordHash } : state;
    case 'UserNameClaimed':
    case 'UserNameReleased':
      return state;
    default: {
      const never: never = event;
      return never;
    }
  }
}

/** Who holds a handle or an email (the name stream's state). */
export type UserNameState = { readonly holder: string | null };

export const initialUserNameState = (): UserNameState => ({ holder: null });

export function evolveUserName(state: UserNameState, event: UserEvent): UserNameState {
  switch (event.type) {
    case 'UserNameClaimed':
      return { holder: event.data.userId };
    case 'UserNameReleased':
      return state.holder === event.data.userId ? { holder: null } : state;
    case 'UserRegistered':
    case 'UserProfileUpdated':
    case 'UserPasswordSet':
      return state;
    default: {
      const never: never = event;
      return never;
    }
  }
}
