import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { EVENT_STORE, type EventStore } from '../../../../infrastructure/event-store/event-store.port';
import type { WorkspaceScope } from '../../../../infrastructure/http/workspace-scope';
import { buildTemplateContext, NOTIFICATIONS, NotificationsService, type ActionOutcome, type TemplateContextInput } from '../../../../infrastructure/notifications';
import { LOGGER } from '../../../../infrastructure/observability/logger';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { ReactorRegistry } from '../../../../infrastructure/reactors/reactor-registry';
import type { Reactor } from '../../../../infrastructure/reactors/reactor-runner';
import { CLOCK, eventMetadata, nameBasedUuid, NO_REQUEST, type Clock } from '../../../../shared/application';
import { microIso, streamName, type EventMetadata, type RecordedEvent } from '../../../../shared/ddd';
import { isDomainError, UnavailableError, ValidationError, WrongExpectedRevisionError } from '../../../../shared/errors';
import type { ActionSpec } from '../../domain/automation/automation-spec';
import { ACTION_NAMESPACE, LIFECYCLE_NAMESPACE, type AutomationActionOutcomeData, type AutomationTriggeredData } from '../../domain/engine/firing';
import type { EngineEvent } from '../../domain/engine/resource-match';
import { AUTOMATIONS, type AutomationDoc } from '../../read-models';
import { AutomationUseCases } from '../automation.use-cases';
import { OrchestrationGateway, type EngineCaller } from './orchestration-gateway';
import { actionTemplates, hydrate, type Render } from './templates';
import { automationPrincipal } from './trigger-engine';

type Labels = Readonly<Record<string, string>>;
/** How long a flow run suspended by an automation waits to be resumed (Prefect's `Suspended(timeout_seconds=3600)`). */
const SUSPEND_TIMEOUT_MS = 3600_000;

/** The id of the first resource (the event's own, then its related ones) whose id starts with `prefect.<kind>.`. */
function inferred(kind: string, e: EngineEvent | null): string | undefined {
  if (!e) return undefined;
  const prefix = `prefect.${kind}.`;
  for (const r of [e.resource, ...e.related]) {
    const id = r['prefect.resource.id'];
    if (id?.startsWith(prefix)) return id.slice(prefix.length);
  }
  return undefined;
}

export const actionStream = (firingId: string, index: number) => streamName('automationAction', nameBasedUuid(ACTION_NAMESPACE, `${firingId}:${index}`));
const lifecycleId = (firingId: string, what: string) => nameBasedUuid(LIFECYCLE_NAMESPACE, `${firingId}:${what}`);

/** What running one action came to: the resources it touched, Prefect's result details, and a failure reason. */
interface ActionResult {
  readonly related: Labels[];
  readonly details?: Readonly<Record<string, unknown>>;
  readonly reason?: string;
}

/**
 * Runs each action of each firing, exactly once in effect: every action is a command through the
 * orchestration use cases with an idempotency key taken from the firing, and its outcome is recorded
 * (`AutomationActionExecuted` / `AutomationActionFailed`) on a stream of its own, appended with
 * `no_stream`. A redelivered firing skips the actions whose outcome is recorded and repeats the
 * others, whose commands then meet what the first attempt did (the same run, an already paused
 * deployment). Actions run as the automation (`{type: 'automation', id, name}`), so their events
 * are audited to it. The `prefect.automation.*` lifecycle events go out as Prefect events with ids
 * derived from the firing, so a repeat publishes nothing new.
 */
@Injectable()
export class ActionExecutor implements Reactor, OnModuleInit {
  readonly name = 'automations-actions';
  readonly version = 1;
  readonly eventTypes = ['AutomationTriggered'];

  constructor(
    private readonly registry: ReactorRegistry,
    private readonly gateway: OrchestrationGateway,
    private readonly automations: AutomationUseCases,
    @Inject(NOTIFICATIONS) private readonly notifications: NotificationsService,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(events: readonly RecordedEvent[]): Promise<void> {
    for (const e of events) await this.execute(e as RecordedEvent<'AutomationTriggered', AutomationTriggeredData>);
  }

  private async execute(rec: RecordedEvent<'AutomationTriggered', AutomationTriggeredData>): Promise<void> {
    const d = rec.data;
    const meta = rec.metadata as EventMetadata;
    if (!meta.accountId || !meta.workspaceId) return;
    const caller: EngineCaller = {
      principal: automationPrincipal({ id: d.automationId, name: d.automationName }),
      request: { ...NO_REQUEST, correlationId: meta.correlationId, causationId: rec.id },
      scope: { accountId: meta.accountId, workspaceId: meta.workspaceId },
    };
    const automation: Labels = { 'prefect.resource.id': `prefect.automation.${d.automationId}`, 'prefect.resource.name': d.automationName };
    const triggering: Labels[] = d.triggeringEvent ? [{ 'prefect.resource.id': `prefect.event.${d.triggeringEvent.id}`, 'prefect.resource.role': 'triggering-event' }] : [];
    const triggeredId = lifecycleId(d.firingId, 'triggered');
    await this.gateway.publish(caller, [
      {
        id: triggeredId,
        occurred: microIso(new Date(d.at)),
        event: 'prefect.automation.triggered',
        resource: { ...automation, 'prefect.posture': d.posture },
        related: triggering,
        payload: { triggering_labels: d.triggeringLabels, triggering_event: d.triggeringEvent ? publicEvent(d.triggeringEvent) : null },
        follows: null,
      },
    ]);
    for (const [index, action] of d.actions.entries()) {
      const stream = actionStream(d.firingId, index);
      if ((await this.eventStore.streamRevision(stream)) >= 0) continue;
      const related: Labels[] = [{ 'prefect.resource.id': `prefect.event.${triggeredId}`, 'prefect.resource.role': 'automation-triggered-event' }, ...triggering];
      const base = { resource: { ...automation, 'prefect.posture': d.posture }, follows: null };
      const payload = { action_index: index, action_type: action.type, invocation: d.firingId };
      await this.gateway.publish(caller, [{ ...base, id: lifecycleId(d.firingId, `${index}:triggered`), occurred: microIso(this.clock.now()), event: 'prefect.automation.action.triggered', related, payload }]);
      let touched: Labels[] = [];
      let reason: string | null = null;
      let details: Readonly<Record<string, unknown>> = {};
      try {
        const result = await this.run(action, index, d, caller);
        touched = result.related;
        details = result.details ?? {};
        reason = result.reason ?? null;
      } catch (err) {
        // Infrastructure trouble is retried (the reactor redelivers); a refusal is the action's outcome.
        if (!isDomainError(err) || err instanceof UnavailableError || err instanceof WrongExpectedRevisionError) throw err;
        reason = err.message;
      }
      const now = this.clock.now();
      const outcome: AutomationActionOutcomeData = { firingId: d.firingId, automationId: d.automationId, actionIndex: index, actionType: action.type, related: touched, reason, at: microIso(now) };
      const type = reason === null ? 'AutomationActionExecuted' : 'AutomationActionFailed';
      const metadata = eventMetadata(caller.principal, { kind: 'workspace', ...caller.scope }, caller.request, now);
      try {
        await this.eventStore.append(stream, [{ id: nameBasedUuid(ACTION_NAMESPACE, `${d.firingId}:${index}:outcome`), type, data: outcome, metadata }], 'no_stream');
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError)) throw err;
      }
      if (reason !== null) this.logger.warn({ automationId: d.automationId, firingId: d.firingId, action: action.type, reason }, 'automation action failed');
      await this.gateway.publish(caller, [
        {
          ...base,
          id: lifecycleId(d.firingId, `${index}:${reason === null ? 'executed' : 'failed'}`),
          occurred: microIso(now),
          event: reason === null ? 'prefect.automation.action.executed' : 'prefect.automation.action.failed',
          related: [...related, ...touched],
          // As Prefect: the action's result details (status code, message id, ...) ride on the outcome event.
          payload: reason === null ? { ...payload, ...details } : { ...payload, ...details, reason },
        },
      ]);
    }
  }

  /**
   * Runs one action; returns the resources it touched, or the reason a delivery failed. Throws a
   * domain error when it cannot be done at all.
   */
  private async run(action: ActionSpec, index: number, d: AutomationTriggeredData, c: EngineCaller): Promise<ActionResult> {
    const e = d.triggeringEvent;
    const target = (field: string, kind: string): string => {
      const id = action.source === 'inferred' ? inferred(kind, e) : (action[field] as string | null | undefined);
      if (!id) throw new ValidationError(`no ${kind} to act on: the triggering event has no ${kind} resource`);
      return id;
    };
    const flowRun = (): string => {
      const id = inferred('flow-run', e);
      if (!id) throw new ValidationError('no flow run to act on: the triggering event has no flow-run resource');
      return id;
    };
    // The same key on every attempt, also after a crash: the receiver (or our run lookup) recognises a repeat.
    const idempotencyKey = `${d.firingId}:${index}`;
    const context = await this.templateContext(action, d, c);
    const render: Render = (template) => {
      const r = this.notifications.templates.render(template, buildTemplateContext(context));
      if (!r.ok) throw new ValidationError(r.error);
      return r.text;
    };
    switch (action.type) {
      case 'do-nothing':
        return { related: [] };
      case 'run-deployment': {
        const deploymentId = target('deployment_id', 'deployment');
        const after = typeof action.schedule_after === 'number' && action.schedule_after > 0 ? action.schedule_after : 0;
        const r = await this.gateway.runDeployment(c, deploymentId, {
          parameters: (hydrate(action.parameters, render) as Record<string, unknown> | null) ?? null,
          job_variables: (hydrate(action.job_variables, render) as Record<string, unknown> | null) ?? null,
          idempotency_key: idempotencyKey,
          scheduledTime: after > 0 ? new Date(new Date(d.at).getTime() + after * 1000).toISOString() : null,
        });
        return {
          related: [
            { 'prefect.resource.id': `prefect.deployment.${deploymentId}`, 'prefect.resource.role': 'target' },
            { 'prefect.resource.id': `prefect.flow-run.${r.flowRunId}`, 'prefect.resource.role': 'flow-run' },
          ],
        };
      }
      case 'pause-deployment':
      case 'resume-deployment': {
        const id = target('deployment_id', 'deployment');
        await this.gateway.setDeploymentPaused(c, id, action.type === 'pause-deployment');
        return { related: [{ 'prefect.resource.id': `prefect.deployment.${id}`, 'prefect.resource.role': 'target' }] };
      }
      case 'pause-work-pool':
      case 'resume-work-pool': {
        const id = target('work_pool_id', 'work-pool');
        const pool = await this.gateway.setWorkPoolPaused(c, id, action.type === 'pause-work-pool');
        return { related: [{ 'prefect.resource.id': `prefect.work-pool.${id}`, 'prefect.resource.name': pool.name, 'prefect.resource.role': 'target' }] };
      }
      case 'pause-work-queue':
      case 'resume-work-queue': {
        const id = target('work_queue_id', 'work-queue');
        const queue = await this.gateway.setWorkQueuePaused(c, id, action.type === 'pause-work-queue');
        return { related: [{ 'prefect.resource.id': `prefect.work-queue.${id}`, 'prefect.resource.name': queue.name, 'prefect.resource.role': 'target' }] };
      }
      case 'pause-automation':
      case 'resume-automation': {
        const id = target('automation_id', 'automation');
        const scope = { kind: 'workspace', accountId: c.scope.accountId, workspaceId: c.scope.workspaceId } as WorkspaceScope;
        await this.automations.setEnabled({ principal: c.principal, request: c.request, scope }, id, action.type === 'resume-automation');
        return { related: [{ 'prefect.resource.id': `prefect.automation.${id}`, 'prefect.resource.role': 'target' }] };
      }
      case 'cancel-flow-run':
      case 'suspend-flow-run':
      case 'resume-flow-run':
      case 'change-flow-run-state': {
        const id = flowRun();
        // As Prefect's actions propose them: the message names the automation; a suspension times out in an hour.
        const proposals = {
          'cancel-flow-run': { type: 'CANCELLING' as const, name: null, message: `Cancelled by Automation ${d.automationId}` },
          'suspend-flow-run': {
            type: 'PAUSED' as const,
            name: 'Suspended',
            message: `Suspended by Automation ${d.automationId}`,
            state_details: { pause_timeout: microIso(new Date(this.clock.now().getTime() + SUSPEND_TIMEOUT_MS)), pause_reschedule: true },
          },
          'resume-flow-run': { type: 'SCHEDULED' as const, name: 'Resuming', message: null },
          'change-flow-run-state': {
            type: action.state as 'COMPLETED',
            name: (action.name as string | null) ?? null,
            message: typeof action.message === 'string' ? action.message : `State changed by Automation ${d.automationId}`,
          },
        };
        const status = await this.gateway.setFlowRunState(c, id, proposals[action.type], action.type === 'change-flow-run-state' ? action.force === true : false);
        if (status !== 'ACCEPT') throw new ValidationError(`the flow run's state was not changed (${status})`);
        return { related: [{ 'prefect.resource.id': `prefect.flow-run.${id}`, 'prefect.resource.role': 'target' }] };
      }
      case 'send-email-notification': {
        const outcome = await this.notifications.sendEmail({
          emails: action.email_addresses as string[],
          subject: action.subject as string,
          body: action.body as string,
          context,
          idempotencyKey,
        });
        return result(outcome, []);
      }
      case 'send-notification': {
        const block = await this.gateway.revealedBlock(c, action.block_document_id as string);
        const outcome = await this.notifications.sendNotification({
          blockType: block.blockType,
          blockData: block.data,
          subject: action.subject as string,
          body: action.body as string,
          context,
          idempotencyKey,
        });
        return result(outcome, blockResources(block));
      }
      case 'call-webhook': {
        const block = await this.gateway.revealedBlock(c, action.block_document_id as string);
        if (block.blockType !== 'webhook') throw new ValidationError('The referenced block was not a webhook block');
        const outcome = await this.notifications.callWebhook({ blockData: block.data, payload: action.payload as string, context, idempotencyKey });
        return result(outcome, blockResources(block));
      }
      default:
        throw new ValidationError(`unknown action type ${action.type}`);
    }
  }

  /**
   * What the action's templates see (Prefect's `_template_context`): the automation, the triggering
   * event and labels, the firing, and the orchestration objects the templates name, fetched only then.
   */
  private async templateContext(action: ActionSpec, d: AutomationTriggeredData, c: EngineCaller): Promise<TemplateContextInput> {
    const templates = actionTemplates(action).map((t) => t.template);
    if (templates.length === 0) return {};
    const e = d.triggeringEvent;
    const doc = await this.readStore.get<AutomationDoc>(AUTOMATIONS, d.automationId);
    const automation = doc && doc._workspace === c.scope.workspaceId ? publicShape(doc) : { id: d.automationId, name: d.automationName };
    const names = this.notifications.objectsNeeded(templates);
    const objects = names.length > 0 ? await this.gateway.templateObjects(c, names, e ? [e.resource, ...e.related] : []) : {};
    return {
      automation,
      ...(e ? { event: e } : {}),
      labels: d.triggeringLabels,
      firing: { id: d.firingId, triggered: d.at, trigger_id: d.triggerId, triggering_labels: d.triggeringLabels, triggering_event: e ? publicEvent(e) : null },
      ...objects,
    };
  }
}

/** The event as Prefect serialises it (without the server's `received`). */
function publicEvent(e: EngineEvent): Record<string, unknown> {
  return { id: e.id, occurred: e.occurred, event: e.event, resource: e.resource, related: e.related, payload: e.payload, received: e.received };
}

/** An outcome of the notifications service as the action's result. */
function result(outcome: ActionOutcome, related: Labels[]): ActionResult {
  if (outcome.ok) return { related, details: outcome.details };
  return { related, details: { ...outcome.details, retryable: outcome.retryable }, reason: outcome.reason };
}

function blockResources(block: { id: string; name: string; blockType: string }): Labels[] {
  return [
    { 'prefect.resource.id': `prefect.block-document.${block.id}`, 'prefect.resource.name': block.name, 'prefect.resource.role': 'block' },
    { 'prefect.resource.id': `prefect.block-type.${block.blockType}`, 'prefect.resource.role': 'block-type' },
  ];
}

function publicShape(doc: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith('_')));
}
