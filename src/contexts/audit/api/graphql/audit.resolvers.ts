import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../../../infrastructure/event-store/event-store.port';
import { pagedConnection, type ConnectionArgs } from '../../../../infrastructure/graphql/connections';
import type { GraphqlContext } from '../../../../infrastructure/graphql/graphql-context';
import { accountOf } from '../../../../infrastructure/graphql/graphql-schema';
import { GraphqlRegistry } from '../../../../infrastructure/graphql/graphql.registry';
import { changesAccess, LiveAccessGate, removesFromAccount, revokesCredential } from '../../../../infrastructure/graphql/live-access';
import { decodeFeedCursor, encodeFeedCursor, LiveFeed } from '../../../../infrastructure/graphql/live-feed';
import { liveStream, payloadOrEnd, type LiveSubscriber } from '../../../../infrastructure/graphql/live-stream';
import { pathId } from '../../../../infrastructure/http/body-fields';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { AUTHORIZER, CLOCK, type Authorizer, type Clock } from '../../../../shared/application';
import type { RecordedEvent } from '../../../../shared/ddd';
import { NotFoundError } from '../../../../shared/errors';
import { ACCOUNTS } from '../../../tenancy';
import { AuditLogUseCases, READ_AUDIT_EVENT } from '../../application/audit-log.use-cases';
import { retentionCutoff, retentionDays } from '../../application/retention';
import { auditEntryOf, type AuditEntry } from '../../domain/audit-entry';
import { AUDITED_EVENT_TYPES } from '../../domain/audit-names';
import { auditFilterBody, liveAuditFilter, type AuditEntryFilterInput } from './audit-filter';

type AccountArgs = Record<string, unknown> & { accountId: string };

/** The payload of AuditEntryEvent. */
interface AuditEntryEvent {
  readonly cursor: string;
  readonly entry: AuditEntry;
}

const AUDITED: ReadonlySet<string> = new Set(AUDITED_EVENT_TYPES);

/** The account an audited event belongs to, as `auditEntryOf` decides it (metadata first, else the data). */
function accountOfEvent(event: RecordedEvent): unknown {
  const meta = event.metadata as { accountId?: unknown } | null;
  if (typeof meta?.accountId === 'string' && meta.accountId !== '') return meta.accountId;
  return (event.data as { accountId?: unknown } | null)?.accountId;
}

/**
 * GraphQL of the audit log (SDL: schema/audit.graphql). Queries run the REST use cases (same filter, retention and
 * authorization); the subscription maps the LiveFeed's events of the account through the same entry mapping as the
 * audit projection, each delivery authorized again through a LiveAccessGate.
 */
@Injectable()
export class AuditResolvers implements OnModuleInit, OnModuleDestroy {
  private feed!: LiveFeed;
  private gate!: LiveAccessGate;

  constructor(
    private readonly registry: GraphqlRegistry,
    private readonly audit: AuditLogUseCases,
    private readonly projections: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(AUTHORIZER) private readonly authorizer: Authorizer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.feed = LiveFeed.of(this.projections, this.events);
    this.gate = new LiveAccessGate(this.authorizer, this.feed, { changesAccess });
    this.registry.register({
      Query: {
        auditEntries: (_: unknown, args: AccountArgs & ConnectionArgs & { filter?: AuditEntryFilterInput | null }, ctx: GraphqlContext) => {
          const { accountId } = accountOf(undefined, args);
          const body = auditFilterBody(args.filter);
          return pagedConnection(
            args,
            (page) => this.audit.filter(ctx.principal, accountId, { ...body, limit: page.limit, offset: page.offset }),
            () => this.audit.count(ctx.principal, accountId, body),
          );
        },
        auditEntry: (_: unknown, args: AccountArgs & { id: string }, ctx: GraphqlContext) =>
          this.audit.get(ctx.principal, accountOf(undefined, args).accountId, pathId(args.id, 'Audit entry')),
      },
      Subscription: {
        auditEntryAdded: {
          subscribe: (_: unknown, args: AccountArgs & { filter?: AuditEntryFilterInput | null; after?: string | null }, ctx: GraphqlContext) => this.entriesAdded(args, ctx),
          resolve: (payload: unknown) => payloadOrEnd(payload),
        },
      },
      AuditEntry: {
        occurredAt: (e: AuditEntry) => e.occurred,
        accountId: (e: AuditEntry) => e.account_id,
        workspaceId: (e: AuditEntry) => e.workspace_id,
        clientIp: (e: AuditEntry) => e.client_ip,
        userAgent: (e: AuditEntry) => e.user_agent,
        requestId: (e: AuditEntry) => e.request_id,
        resource: (e: AuditEntry) => ({ id: e.resource.id, type: e.resource.type, name: e.resource.name ?? null }),
      },
    });
  }

  onModuleDestroy(): void {
    this.gate?.close();
  }

  /** Validates the filter and the cursor, then streams the account's entries (the directive authorized the start). */
  private async entriesAdded(args: AccountArgs & { filter?: AuditEntryFilterInput | null; after?: string | null }, ctx: GraphqlContext) {
    const { accountId } = accountOf(undefined, args);
    const matches = liveAuditFilter(args.filter);
    const after = args.after ? decodeFeedCursor(args.after) : undefined;
    // Entries past the account's retention (a resume from an old cursor) stay hidden, as in the queries.
    const account = await this.readStore.get<Record<string, unknown> & { _id: string }>(ACCOUNTS, accountId);
    if (!account) throw new NotFoundError('Account not found');
    const cutoff = Date.parse(retentionCutoff(this.clock.now(), retentionDays(account)));
    const s: LiveSubscriber = { principal: ctx.principal, permission: READ_AUDIT_EVENT, ...(ctx.connection ? { connection: ctx.connection } : {}) };
    return liveStream<AuditEntryEvent>(this.feed, this.gate, s, after, {
      scope: { kind: 'account', accountId },
      wanted: (e) => AUDITED.has(e.type) && accountOfEvent(e) === accountId,
      select: (e) => {
        const entry = auditEntryOf(e);
        if (!entry || entry.account_id !== accountId || Date.parse(entry.occurred) < cutoff || !matches(entry)) return undefined;
        return { cursor: encodeFeedCursor(e.position), entry };
      },
      revokesCredential: (e) => revokesCredential(e, s.principal),
      endsAccess: (e) => (removesFromAccount(e, s.principal, accountId) ? new NotFoundError('Account not found') : undefined),
    });
  }
}
