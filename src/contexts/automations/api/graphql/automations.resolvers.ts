import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../../../infrastructure/event-store/event-store.port';
import { pagedConnection, type ConnectionArgs } from '../../../../infrastructure/graphql/connections';
import type { GraphqlContext } from '../../../../infrastructure/graphql/graphql-context';
import { workspaceOf } from '../../../../infrastructure/graphql/graphql-schema';
import { GraphqlRegistry } from '../../../../infrastructure/graphql/graphql.registry';
import type { WorkspaceScope } from '../../../../infrastructure/http/workspace-scope';
import type { SortKey } from '../../../../infrastructure/read-store/read-store.port';
import { streamName } from '../../../../shared/ddd';
import { ConflictError, NotFoundError, ValidationError } from '../../../../shared/errors';
import { AutomationReads } from '../../application/automation-reads';
import { AutomationUseCases } from '../../application/automation.use-cases';
import { AUTOMATION_FIRINGS, AUTOMATIONS, type AutomationDoc, type AutomationFiringDoc } from '../../read-models';

type WorkspaceArgs = Record<string, unknown> & { accountId: string; workspaceId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** REST's default order (NAME_ASC), with the id to keep pages stable among equal names. */
const BY_NAME: readonly SortKey[] = [
  { field: 'name', direction: 'asc' },
  { field: '_id', direction: 'asc' },
];
const LATEST_FIRST: readonly SortKey[] = [
  { field: 'triggered', direction: 'desc' },
  { field: '_id', direction: 'asc' },
];

const automationStream = (id: string) => streamName('automation', id);
const tenantOf = (doc: { _account?: string | null; _workspace?: string | null }) => ({ accountId: doc._account!, workspaceId: doc._workspace! });

/**
 * GraphQL of automations (SDL: schema/automations.graphql). The directive on each root field authorized the caller
 * for the REST route's scope; reads go through the same workspace-scoped reads as REST, and `setAutomationEnabled`
 * runs the REST PATCH use case (which authorizes again and records the caller as the event's actor).
 */
@Injectable()
export class AutomationsResolvers implements OnModuleInit {
  constructor(
    private readonly registry: GraphqlRegistry,
    private readonly reads: AutomationReads,
    private readonly automations: AutomationUseCases,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      Query: {
        automations: (_: unknown, args: WorkspaceArgs & ConnectionArgs) => {
          const store = this.reads.scoped(workspaceOf(undefined, args));
          return pagedConnection(
            args,
            (page) => store.find<AutomationDoc>(AUTOMATIONS, {}, { sort: BY_NAME, offset: page.offset, limit: page.limit }),
            () => store.count(AUTOMATIONS, {}),
          );
        },
        automation: (_: unknown, args: WorkspaceArgs & { id: string }) => this.automation(workspaceOf(undefined, args), args.id),
      },
      Mutation: {
        setAutomationEnabled: (_: unknown, args: WorkspaceArgs & { id: string; enabled: boolean; expectedVersion?: number | null }, ctx: GraphqlContext) => this.setEnabled(args, ctx),
      },
      Automation: {
        createdAt: (d: AutomationDoc) => d.created,
        updatedAt: (d: AutomationDoc) => d.updated,
        actionsOnTrigger: (d: AutomationDoc) => d.actions_on_trigger,
        actionsOnResolve: (d: AutomationDoc) => d.actions_on_resolve,
        ownerResource: (d: AutomationDoc) => d.owner_resource,
        revision: (d: AutomationDoc, _: unknown, ctx: GraphqlContext) =>
          ctx.loader<string, number>('automations:streamRevision', (streams) => Promise.all(streams.map((s) => this.events.streamRevision(s)))).load(automationStream(d.id)),
        firings: (d: AutomationDoc, args: ConnectionArgs) => {
          const store = this.reads.scoped(tenantOf(d));
          const where = { automation_id: d.id };
          return pagedConnection(
            args,
            (page) => store.find<AutomationFiringDoc>(AUTOMATION_FIRINGS, where, { sort: LATEST_FIRST, offset: page.offset, limit: page.limit }),
            () => store.count(AUTOMATION_FIRINGS, where),
          );
        },
      },
      AutomationFiring: {
        triggeredAt: (f: AutomationFiringDoc) => f.triggered,
        triggerId: (f: AutomationFiringDoc) => f.trigger_id,
        triggeringEventId: (f: AutomationFiringDoc) => f.triggering_event_id,
        triggeringLabels: (f: AutomationFiringDoc) => f.triggering_labels,
      },
    });
  }

  private automation(scope: { accountId: string; workspaceId: string }, id: string): Promise<AutomationDoc> {
    if (!UUID.test(id)) throw new NotFoundError('Automation not found');
    return this.reads.getOrThrow<AutomationDoc>(scope, AUTOMATIONS, id.toLowerCase(), 'Automation not found');
  }

  private async setEnabled(args: WorkspaceArgs & { id: string; enabled: boolean; expectedVersion?: number | null }, ctx: GraphqlContext): Promise<AutomationDoc> {
    const scope: WorkspaceScope = workspaceOf(undefined, args);
    const current = await this.automation(scope, args.id);
    await this.checkVersion(current.id, args.expectedVersion);
    const r = await this.automations.setEnabled({ principal: ctx.principal, request: ctx.request, scope }, current.id, args.enabled, typeof args.expectedVersion === 'number' ? args.expectedVersion : undefined);
    await this.reads.afterWrite(r.position);
    return this.automation(scope, current.id);
  }

  /**
   * CONFLICT when the caller saw another version than the automation's stream is at now (read from the event store,
   * never from a read model that may lag); nothing is written then.
   */
  private async checkVersion(id: string, expectedVersion: number | null | undefined): Promise<void> {
    if (expectedVersion === null || expectedVersion === undefined) return;
    if (!Number.isInteger(expectedVersion) || expectedVersion < 0) throw new ValidationError('expectedVersion must be a non-negative integer');
    const actual = await this.events.streamRevision(automationStream(id));
    if (actual !== expectedVersion) {
      throw new ConflictError(`The automation is at version ${actual}, not ${expectedVersion}: read it again and retry`, { expectedVersion, actualVersion: actual });
    }
  }
}
