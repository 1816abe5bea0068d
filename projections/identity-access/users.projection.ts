import type { Projection, RecordedEvent } from '../../src/shared/ddd';
import { USERS, type UserDoc, type UserEvent } from '../../src/contexts/identity-access';

export const usersProjection: Projection<UserDoc> = {
  name: 'users',
  version: 2,
  collection: USERS,
  indexes: [
    { name: 'users_email', fields: [{ field: 'email' }] },
    { name: 'users_handle', fields: [{ field: 'handle' }] },
  ],
  // UserPasswordSet is left out on purpose: the password hash never reaches a read model.
  eventTypes: ['UserRegistered', 'UserProfileUpdated'],
  keys: (e) => [(e.data as { userId: string }).userId],
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
          image_location: null,
          created: e.data.registeredAt,
          updated: e.data.registeredAt,
        };
      case 'UserProfileUpdated': {
        if (!doc) return doc;
        const c = e.data.changes;
        return {
          ...doc,
          ...(c.handle !== undefined ? { handle: c.handle } : {}),
          ...(c.email !== undefined ? { email: c.email } : {}),
          ...(c.firstName !== undefined ? { first_name: c.firstName } : {}),
          ...(c.lastName !== undefined ? { last_name: c.lastName } : {}),
          ...(c.imageLocation !== undefined ? { image_location: c.imageLocation } : {}),
          updated: e.data.updatedAt,
        };
      }
      default:
        return doc;
    }
  },
};
