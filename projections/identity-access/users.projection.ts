import type { Projection, RecordedEvent } from '../../src/shared/ddd';
import { USERS, type UserDoc, type UserEvent } from '../../src/contexts/identity-access';

export const usersProjection: Projection<UserDoc> = {
  name: 'users',
  version: 1,
  collection: USERS,
  indexes: [
    { name: 'users_email', fields: [{ field: 'email' }] },
    { name: 'users_handle', fields: [{ field: 'handle' }] },
  ],
  eventTypes: ['UserRegistered'],
  keys: (e) => [(e.data as UserEvent['data']).userId],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as UserEvent;
    switch (e.type) {
      case 'UserRegistered':
        return {
          _id: e.data.userId,
          handle: e.data.handle,
          email: e.data.email,
          first_name: e.data.firstName,
          last_name: e.data.lastName,
          created: e.data.registeredAt,
          updated: e.data.registeredAt,
        };
      default:
        return doc;
    }
  },
};
