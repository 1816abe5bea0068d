// The public surface of this feature, re-exported by index.ts.
import type { UserDoc } from '../read-models';

/** Prefect Cloud's user object (`/api/users/{id}`, `/api/me/`). */
export interface UserView {
  id: string;
  actor_id: string;
  handle: string;
  first_name: string | null;
  last_name: string | null;
  email: string;
  image_location: string | null;
  created: string;
  updated: string;
}

export function presentUser(doc: UserDoc): UserView {
  return {
    id: doc._id,
    actor_id: doc._id,
    handle: doc.handle,
    first_name: doc.first_name,
    last_name: doc.last_name,
    email: doc.email,
    image_location: doc.image_location ?? null,
    created: doc.created,
    updated: doc.updated,
  };
}
