import type { Principal } from '../../../../shared/application';
import { ValidationError } from '../../../../shared/errors';
import type { EventDoc } from '../../read-models';
import { toMicroIso } from '../../../../shared/ddd/micro-time';

/**
 * Prefect's Event (reference/prefect-api.md §3.3) as the server validates it, and its stored form.
 * Limits follow the Prefect server's defaults.
 */
export const MAX_EVENT_BYTES = 1_500_000;
export const MAX_EVENT_NAME_LENGTH = 1024;
export const MAX_LABELS_PER_RESOURCE = 500;
export const MAX_RELATED_RESOURCES = 500;

export type Resource = Readonly<Record<string, string>>;

export interface PrefectEvent {
  readonly id: string;
  /** UTC, microseconds (`micro-time.ts`). */
  readonly occurred: string;
  readonly event: string;
  readonly resource: Resource;
  readonly related: readonly Resource[];
  readonly payload: Readonly<Record<string, unknown>>;
  readonly follows: string | null;
}

/** What subscribers and `/events/filter` see: the event plus when the server received it. */
export interface ReceivedEvent extends PrefectEvent {
  readonly received: string;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** A UUID in canonical lowercase form, or undefined. */
export function canonicalUuid(v: unknown): string | undefined {
  if (typeof v !== 'string' || !UUID.test(v)) return undefined;
  const x = v.replaceAll('-', '').toLowerCase();
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function resource(v: unknown, where: string, related: boolean): Resource {
  if (!isObject(v)) throw new ValidationError(`${where} must be an object of string labels`);
  const entries = Object.entries(v);
  if (entries.length > MAX_LABELS_PER_RESOURCE) throw new ValidationError(`${where}: the maximum number of labels per resource is ${MAX_LABELS_PER_RESOURCE}`);
  for (const [k, value] of entries) if (typeof value !== 'string') throw new ValidationError(`${where}: label ${JSON.stringify(k)} must be a string`);
  const labels = v as Record<string, string>;
  if (!labels['prefect.resource.id']) throw new ValidationError(`${where} must include a non-empty prefect.resource.id label`);
  if (related && !labels['prefect.resource.role']) throw new ValidationError(`${where} must include a non-empty prefect.resource.role label`);
  return labels;
}

/** Validates one event as Prefect's server does; throws a ValidationError naming the problem. */
export function parsePrefectEvent(raw: unknown): PrefectEvent {
  if (!isObject(raw)) throw new ValidationError('an event must be a JSON object');
  const id = canonicalUuid(raw.id);
  if (!id) throw new ValidationError('id must be a UUID');
  const occurred = toMicroIso(raw.occurred);
  if (!occurred) throw new ValidationError('occurred must be an ISO-8601 datetime');
  if (typeof raw.event !== 'string' || raw.event.length === 0) throw new ValidationError('event must be a non-empty string');
  if (raw.event.length > MAX_EVENT_NAME_LENGTH) throw new ValidationError(`event name must be at most ${MAX_EVENT_NAME_LENGTH} characters`);
  const res = resource(raw.resource, 'resource', false);
  const relatedRaw = raw.related ?? [];
  if (!Array.isArray(relatedRaw)) throw new ValidationError('related must be a list of resources');
  if (relatedRaw.length > MAX_RELATED_RESOURCES) throw new ValidationError(`the maximum number of related resources is ${MAX_RELATED_RESOURCES}`);
  const related = relatedRaw.map((r, i) => resource(r, `related[${i}]`, true));
  const payload = raw.payload ?? {};
  if (!isObject(payload)) throw new ValidationError('payload must be an object');
  let follows: string | null = null;
  if (raw.follows !== null && raw.follows !== undefined) {
    const f = canonicalUuid(raw.follows);
    if (!f) throw new ValidationError('follows must be a UUID or null');
    follows = f;
  }
  return { id, occurred, event: raw.event, resource: res, related, payload, follows };
}

/** The document id: ids are the client's, so they are unique only within a workspace. */
export const eventDocId = (workspaceId: string, eventId: string) => `${workspaceId}:${eventId}`;

/**
 * The stored form. The event itself is kept as JSON text (`json`): labels have dotted keys and
 * payloads arbitrary ones, which not every document store accepts as field names. What filters
 * need is flattened beside it into fields both read-store adapters can query:
 *  - `resource_id`, `resource_name`;
 *  - `_resource_labels`: `label=value` for every label of the primary resource;
 *  - `_related_ids`, `_related_roles`, `_related_id_roles` (`role|id`);
 *  - `_related_labels` (`label=value`) and `_related_role_labels` (`role|label=value`), so that a
 *    label test can be tied to the role of the resource carrying it.
 */
export function toEventDoc(
  scope: { accountId: string; workspaceId: string },
  e: PrefectEvent,
  received: string,
  seq: number,
  from: { readonly origin: 'client' | 'server'; readonly principal: Principal },
): EventDoc {
  const resourceLabels = Object.entries(e.resource).map(([k, v]) => `${k}=${v}`);
  const relatedIds: string[] = [];
  const relatedRoles: string[] = [];
  const idRoles: string[] = [];
  const relatedLabels: string[] = [];
  const roleLabels: string[] = [];
  for (const r of e.related) {
    const id = r['prefect.resource.id']!;
    const role = r['prefect.resource.role']!;
    relatedIds.push(id);
    relatedRoles.push(role);
    idRoles.push(`${role}|${id}`);
    for (const [k, v] of Object.entries(r)) {
      relatedLabels.push(`${k}=${v}`);
      roleLabels.push(`${role}|${k}=${v}`);
    }
  }
  const name = e.resource['prefect.resource.name'] ?? e.resource['prefect.name'] ?? null;
  const event: PrefectEvent = { occurred: e.occurred, event: e.event, resource: e.resource, related: e.related, payload: e.payload, id: e.id, follows: e.follows };
  return {
    _id: eventDocId(scope.workspaceId, e.id),
    // Insert-only: a later put of the same id finds `_pos` 0 and is refused (de-duplication).
    _pos: 0,
    _account: scope.accountId,
    _workspace: scope.workspaceId,
    _seq: seq,
    _origin: from.origin,
    _sender: { type: from.principal.actor.type, id: from.principal.actor.id, name: from.principal.actor.name, api_key_id: from.principal.apiKeyId },
    id: e.id,
    event: e.event,
    occurred: e.occurred,
    received,
    follows: e.follows,
    resource_id: e.resource['prefect.resource.id']!,
    resource_name: name,
    _resource_labels: unique(resourceLabels),
    _related_ids: unique(relatedIds),
    _related_roles: unique(relatedRoles),
    _related_id_roles: unique(idRoles),
    _related_labels: unique(relatedLabels),
    _related_role_labels: unique(roleLabels),
    json: JSON.stringify(event),
  };
}

export function fromEventDoc(doc: EventDoc): ReceivedEvent {
  return { ...(JSON.parse(doc.json) as PrefectEvent), received: doc.received };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
