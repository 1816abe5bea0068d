/** Who caused an event. Feeds the audit log and `created_by`/`updated_by`. */
export interface Actor {
  readonly type: 'user' | 'service_account' | 'system' | 'automation';
  readonly id: string;
  readonly name: string;
}

/** Metadata every appended event carries (ARCHITECTURE.md, "A write, end to end"). */
export interface EventMetadata {
  readonly actor: Actor;
  readonly accountId: string | null;
  readonly workspaceId: string | null;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly requestId: string | null;
  readonly clientIp: string | null;
  readonly userAgent: string | null;
  readonly occurredAt: string;
  readonly schemaVersion: number;
}

/** A domain event as deciders produce it: no id, no position yet. */
export interface DomainEvent<T extends string = string, D = unknown> {
  readonly type: T;
  readonly data: D;
}

/** A command: plain data, carrying ids and `now` so deciders stay pure. */
export interface Command<T extends string = string, D = unknown> {
  readonly type: T;
  readonly data: D;
}

export const SCHEMA_VERSION = 1;
