import type { UserEvent } from './user.events';

export type UserState =
  | { readonly status: 'unregistered' }
  | { readonly status: 'registered'; readonly userId: string; readonly handle: string; readonly email: string };

export const initialUserState = (): UserState => ({ status: 'unregistered' });

export function evolveUser(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserRegistered':
      return { status: 'registered', userId: event.data.userId, handle: event.data.handle, email: event.data.email };
    default: {
      const never: never = event.type;
      return never;
    }
  }
}
