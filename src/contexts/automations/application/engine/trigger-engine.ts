import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { EVENT_STORE, type EventStore } from '../../../../infrastructure/event-store/event-store.port';
import { LOGGER } from '../../../../infrastructure/observability/logger';
import type { Monitor } from '../../../../infrastructure/reactors/monitor-runner';
import { READ_STORE, type ReadStore, type WriteOp } from '../../../../infrastructure/read-store/read-store.port';
import { CLOCK, eventMetadata, nameBasedUuid, NO_REQUEST, type Clock, type Principal } from '../../../../shared/application';
import { microIso, streamName, type Document } from '../../../../shared/ddd';
import { WrongExpectedRevisionError } from '../../../../shared/errors';
import { EVENTS, type EventDoc } from '../../../orchestration';
import { FIRING_NAMESPACE, type AutomationTriggeredData } from '../../domain/engine/firing';
import type { EngineEvent } from '../../domain/engine/resource-match';
import { emptyTriggerState, evaluateTriggerClock, evaluateTriggerEvent, needsClock, openUngatedWindows, type Fire, type TriggerState } from '../../domain/engine/trigger-evaluation';
import { AUTOMATIONS, type AutomationDoc } from '../../read-models';
import { MetricEvaluator } from './metric-evaluator';

export const TRIGGER_STATE = 'automation_trigger_state';
export const TRIGGERS_CHECKPOINT = 'automations-triggers';
const CHECKPOINT_VERSION = 1;
const PAGE = 500;

/**
 * An automation's trigger state (buckets, counts, collected child fires), one document per
 * automation. `configured` is the automation's `updated` time: an edit, or a disable/enable, starts
 * the state afresh, as Prefect does.
 */
export interface TriggerStateDoc extends Document {
  configured: string;
  state: TriggerState;
}

export const automationPrincipal = (a: { id: string; name: string }): Principal => ({ actor: { type: 'automation', id: a.id, name: a.name }, apiKeyId: null });

/**
 * Evaluates every automation's trigger against the Prefect events of its workspace, in `_seq` order
 * from a durable checkpoint, so that no event is missed across a restart; proactive windows and metric
 * triggers are checked against the clock on the same loop (one writer of the trigger state).
 *
 * Durability: the trigger state lives in the read store and is written in the same batch as the
 * checkpoint, so the state always reflects exactly the events up to the checkpoint. A firing is
 * appended to the event store (on a stream named by the firing, `no_stream`) before that batch, so
 * a crash in between re-evaluates the same events and meets the stream already there: at most once.
 */
@Injectable()
export class TriggerEngine implements Monitor {
  readonly name = 'automations-triggers';
  readonly intervalMs = 250;
  private position: number | undefined;
  private ready = false;

  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: MetricEvaluator,
  ) {}

  async run(): Promise<void> {
    if (!this.ready) {
      await this.readStore.ensureCollection(TRIGGER_STATE);
      this.ready = true;
    }
    if (this.position === undefined) {
      const cp = await this.readStore.getCheckpoint(TRIGGERS_CHECKPOINT);
      this.position = cp && cp.version === CHECKPOINT_VERSION ? cp.position : 0;
    }
    for (;;) {
      const page = await this.readStore.find<EventDoc>(EVENTS, { _seq: { $gt: this.position } }, { sort: [{ field: '_seq', direction: 'asc' }], limit: PAGE });
      if (page.length === 0) break;
      await this.evaluatePage(page);
      if (page.length < PAGE) break;
    }
    await this.checkClock();
  }

  private async enabledAutomations(): Promise<AutomationDoc[]> {
    return this.readStore.find<AutomationDoc>(AUTOMATIONS, { enabled: true });
  }

  private async states(automations: readonly AutomationDoc[]): Promise<Map<string, TriggerStateDoc>> {
    const docs = await this.readStore.getMany<TriggerStateDoc>(TRIGGER_STATE, automations.map((a) => a.id));
    const byId = new Map(docs.map((d) => [d._id, d]));
    const out = new Map<string, TriggerStateDoc>();
    for (const a of automations) {
      const doc = byId.get(a.id);
      out.set(a.id, doc && doc.configured === a.updated ? doc : { _id: a.id, _account: a._account ?? null, _workspace: a._workspace ?? null, configured: a.updated, state: emptyTriggerState() });
    }
    return out;
  }

  private async evaluatePage(page: readonly EventDoc[]): Promise<void> {
    const automations = await this.enabledAutomations();
    const byWorkspace = new Map<string, AutomationDoc[]>();
    for (const a of automations) byWorkspace.set(a._workspace ?? '', [...(byWorkspace.get(a._workspace ?? '') ?? []), a]);
    const relevant = automations.filter((a) => page.some((d) => d._workspace === a._workspace));
    const states = await this.states(relevant);
    const changed = new Set<string>();
    const firings: { automation: AutomationDoc; fire: Fire }[] = [];
    for (const doc of page) {
      const candidates = byWorkspace.get(doc._workspace ?? '') ?? [];
      if (candidates.length === 0) continue;
      const event = engineEvent(doc);
      for (const a of candidates) {
        // Events from before the automation was configured (or re-enabled) are not its business.
        if (doc.received < a.updated) continue;
        // An automation never reacts to its own lifecycle events (that would loop).
        if (event.resource['prefect.resource.id'] === `prefect.automation.${a.id}`) continue;
        const s = states.get(a.id)!;
        const r = evaluateTriggerEvent(a.trigger, s.state, event);
        if (r.state !== s.state) {
          states.set(a.id, { ...s, state: r.state });
          changed.add(a.id);
        }
        for (const fire of r.fires) firings.push({ automation: a, fire });
      }
    }
    for (const f of firings) await this.record(f.automation, f.fire);
    const last = page[page.length - 1]!._seq;
    const ops: WriteOp[] = [...changed].map((id) => ({ kind: 'put', collection: TRIGGER_STATE, doc: states.get(id)! }));
    await this.readStore.writeBatch(ops, { name: TRIGGERS_CHECKPOINT, position: last, version: CHECKPOINT_VERSION });
    this.position = last;
  }

  /** Proactive windows that ran out, and metric triggers. */
  private async checkClock(): Promise<void> {
    const automations = (await this.enabledAutomations()).filter((a) => needsClock(a.trigger));
    if (automations.length === 0) return;
    const states = await this.states(automations);
    const now = microIso(this.clock.now());
    const ops: WriteOp[] = [];
    for (const a of automations) {
      const s = states.get(a.id)!;
      const opened = openUngatedWindows(a.trigger, s.state, a.updated);
      const metricFires = await this.metrics.evaluate(a, now);
      const r = evaluateTriggerClock(a.trigger, opened, now, metricFires);
      for (const fire of r.fires) await this.record(a, fire);
      if (JSON.stringify(r.state) !== JSON.stringify(s.state)) ops.push({ kind: 'put', collection: TRIGGER_STATE, doc: { ...s, state: r.state } });
    }
    if (ops.length > 0) await this.readStore.writeBatch(ops);
  }

  /** Appends the firing on its own stream; a second evaluation of the same occasion meets it there. */
  private async record(a: AutomationDoc, fire: Fire): Promise<void> {
    const firingId = nameBasedUuid(FIRING_NAMESPACE, [a.id, a.updated, fire.triggerId, fire.bucketKey, fire.occasion].join('|'));
    const data: AutomationTriggeredData = {
      firingId,
      automationId: a.id,
      automationName: a.name,
      triggerId: fire.triggerId,
      bucketKey: fire.bucketKey,
      occasion: fire.occasion,
      posture: fire.posture,
      triggeringEvent: fire.event,
      triggeringLabels: fire.labels,
      actions: [...a.actions, ...a.actions_on_trigger],
      at: fire.at,
    };
    const scope = { kind: 'workspace' as const, accountId: a._account!, workspaceId: a._workspace! };
    const metadata = eventMetadata(automationPrincipal(a), scope, { ...NO_REQUEST, causationId: fire.event?.id ?? null }, this.clock.now());
    try {
      await this.eventStore.append(streamName('automationFiring', firingId), [{ id: firingId, type: 'AutomationTriggered', data, metadata }], 'no_stream');
      this.logger.info({ automationId: a.id, firingId, occasion: fire.occasion }, 'automation triggered');
    } catch (err) {
      if (!(err instanceof WrongExpectedRevisionError)) throw err;
    }
  }
}

export function engineEvent(doc: EventDoc): EngineEvent {
  const e = JSON.parse(doc.json) as Omit<EngineEvent, 'received'>;
  return { id: e.id, occurred: e.occurred, received: doc.received, event: e.event, resource: e.resource, related: e.related ?? [], payload: e.payload ?? {} };
}
