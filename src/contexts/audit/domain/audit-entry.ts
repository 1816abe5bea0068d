import type { RecordedEvent } from '../../../shared/ddd';
import { auditNaming } from './audit-names';

export type AuditActorType = 'user' | 'service_account' | 'automation' | 'system';

/** One audit-log entry: one recorded event that names who caused it. Field order is the export's column order. */
export interface AuditEntry {
  readonly id: string;
  readonly occurred: string;
  readonly event: string;
  readonly actor: { readonly id: string; readonly type: AuditActorType; readonly name: string };
  readonly account_id: string | null;
  readonly workspace_id: string | null;
  readonly resource: { readonly id: string; readonly type: string; readonly name?: string };
  readonly client_ip: string | null;
  readonly user_agent: string | null;
  readonly request_id: string | null;
  readonly details: unknown;
  readonly position: number;
}

const ACTOR_TYPES: ReadonlySet<string> = new Set(['user', 'service_account', 'automation', 'system']);

/**
 * Field names that hold or derive from a secret: token and password hashes, sealed values, tokens,
 * private keys. Removed with their whole value, wherever they are nested.
 */
const SECRET_FIELD = /(hash|secret|password|token|sealed|private_?key|credential)/i;
/** How SecretsService marks a sealed value; such a value is dropped even under an innocent field name. */
const SEALED_VALUE = 'praetor-sealed:';

/** The event data with every secret-looking field removed. Pure; never mutates its input. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => !isSealed(v)).map(redact);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_FIELD.test(k) || isSealed(v)) continue;
    out[k] = redact(v);
  }
  return out;
}

const isSealed = (v: unknown) => typeof v === 'string' && v.startsWith(SEALED_VALUE);

/**
 * The audit entry of a recorded event, or undefined when its metadata names no actor (nothing to
 * audit). System jobs are entries too, with actor type `system`. The account comes from the metadata,
 * else from the data (a sign-in through an account's SSO connection).
 */
export function auditEntryOf(event: RecordedEvent): AuditEntry | undefined {
  const meta = (typeof event.metadata === 'object' && event.metadata !== null ? event.metadata : {}) as Record<string, unknown>;
  const actor = meta.actor as Record<string, unknown> | undefined;
  if (!actor || typeof actor.id !== 'string' || typeof actor.type !== 'string' || !ACTOR_TYPES.has(actor.type)) return undefined;
  const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Record<string, unknown>;
  const { event: name, resource } = auditNaming(event.type, event.data, event.stream);
  return {
    id: event.id,
    occurred: event.recordedAt,
    event: name,
    actor: { id: actor.id, type: actor.type as AuditActorType, name: typeof actor.name === 'string' ? actor.name : '' },
    account_id: str(meta.accountId) ?? str(data.accountId) ?? null,
    workspace_id: str(meta.workspaceId) ?? null,
    resource,
    client_ip: str(meta.clientIp) ?? null,
    user_agent: str(meta.userAgent) ?? null,
    request_id: str(meta.requestId) ?? null,
    details: redact(event.data ?? null),
    position: event.position,
  };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
