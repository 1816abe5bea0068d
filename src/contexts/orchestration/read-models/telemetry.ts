import type { Document } from '../../../shared/ddd';

/**
 * Telemetry documents (ARCHITECTURE.md: "logs are telemetry, not state"): written straight to the
 * read store by the events and logs services, never derived from the event store, so no
 * projection rebuild drops them.
 */

/** One Prefect event in the `events` collection (see `toEventDoc` for the flattened fields). */
export interface EventDoc extends Document {
  /** Monotonic within a process (and time-based across restarts): the tail order. */
  _seq: number;
  /** Who sent it: a client (`/events/in`, `POST /events`) or the server itself (reactors). */
  _origin: 'client' | 'server';
  /** The principal that sent it (the system actor for the server's own events). */
  _sender: { type: 'user' | 'service_account' | 'system' | 'automation'; id: string; name: string; api_key_id: string | null } | null;
  id: string;
  event: string;
  /** UTC with microseconds, e.g. `2026-08-21T16:00:10.123456Z`. */
  occurred: string;
  received: string;
  follows: string | null;
  resource_id: string;
  resource_name: string | null;
  _resource_labels: string[];
  _related_ids: string[];
  _related_roles: string[];
  _related_id_roles: string[];
  _related_labels: string[];
  _related_role_labels: string[];
  /** The event as JSON text: `{occurred, event, resource, related, payload, id, follows}`. */
  json: string;
}

/** One run log line in the `logs` collection: Prefect's Log plus the reserved fields. */
export interface LogDoc extends Document {
  id: string;
  created: string;
  updated: string;
  name: string;
  level: number;
  message: string;
  /** UTC with microseconds. */
  timestamp: string;
  flow_run_id: string | null;
  task_run_id: string | null;
  worker_id: string | null;
}
