import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import type { Reactor } from '../../../../infrastructure/reactors/reactor-runner';
import { ReactorRegistry } from '../../../../infrastructure/reactors/reactor-registry';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { ScopedReadStore } from '../../../../infrastructure/read-store/scoped-read-store';
import { SYSTEM_PRINCIPAL } from '../../../../shared/application';
import type { EventMetadata, RecordedEvent } from '../../../../shared/ddd';
import type { FlowRunCreatedData, FlowRunStateChangedData } from '../../domain/flow-run/flow-run.events';
import type { State } from '../../domain/states/state';
import { FLOW_RUNS, FLOWS, TASK_RUNS, type FlowDoc, type FlowRunDoc, type TaskRunDoc } from '../../read-models';
import { microsOf, pythonIsoFormat, toMicroIso } from '../../../../shared/ddd/micro-time';
import type { TenantScope } from '../orchestration-reads';
import { EventsService } from './events.service';
import type { PrefectEvent, Resource } from './prefect-event';

/** Prefect truncates state messages in event labels and payloads to this many characters. */
const TRUNCATE_STATE_MESSAGES_AT = 100_000;
/** `follows` links a state event to the previous one only when they are this close in time. */
const TIGHT_TIMING_MICROS = 5 * 60 * 1_000_000;

/** A flow-run state change as the mapping needs it; built from FlowRunCreated / FlowRunStateChanged. */
interface FlowRunTransition {
  readonly flowRunId: string;
  readonly flowId: string;
  readonly deploymentId: string | null;
  readonly parentTaskRunId: string | null;
  readonly initial: State | null;
  readonly validated: State;
  readonly runCount: number;
}

/** What the read models add: names, tags, queue and pool (absent when a run or flow is gone). */
interface Context {
  readonly run: FlowRunDoc | undefined;
  readonly flow: FlowDoc | undefined;
  readonly parentTask: TaskRunDoc | undefined;
}

function transitionOf(event: RecordedEvent): FlowRunTransition | undefined {
  if (event.type === 'FlowRunStateChanged') {
    const d = event.data as FlowRunStateChangedData;
    // A rejected proposal that left the run in its state writes no new state: nothing happened.
    if (d.initial_state && d.initial_state.id === d.state.id) return undefined;
    return { flowRunId: d.flowRunId, flowId: d.flow_id, deploymentId: d.deployment_id, parentTaskRunId: d.parent_task_run_id, initial: d.initial_state ?? null, validated: d.state, runCount: d.run_count };
  }
  if (event.type === 'FlowRunCreated') {
    const d = event.data as FlowRunCreatedData;
    return { flowRunId: d.flowRunId, flowId: d.flow_id, deploymentId: d.deployment_id, parentTaskRunId: d.parent_task_run_id, initial: null, validated: d.state, runCount: d.run_count ?? 0 };
  }
  return undefined;
}

export function truncatedTo(length: number, value: string | null | undefined): string {
  if (!value) return '';
  if (value.length <= length) return value;
  const half = Math.floor(length / 2);
  const beginning = value.slice(0, half);
  const end = value.slice(value.length - half);
  const proposed = `${beginning}...${value.length - beginning.length - end.length} additional characters...${end}`;
  return proposed.length < value.length ? proposed : value;
}

/** Prefect's `state_payload`: the essential string parts of a state. */
function statePayload(state: State | null): Record<string, string> | null {
  if (!state) return null;
  const out: Record<string, string> = { type: state.type };
  if (state.name) out.name = state.name;
  if (state.message) out.message = truncatedTo(TRUNCATE_STATE_MESSAGES_AT, state.message);
  if (state.type === 'PAUSED') out.pause_reschedule = String(state.state_details.pause_reschedule ?? false);
  return out;
}

/** The Prefect event for a flow-run state change (reference/prefect-api.md §3.5; Prefect's models/events.py). */
export function flowRunStateEvent(t: FlowRunTransition, ctx: Context): PrefectEvent {
  const state = t.validated;
  const occurred = toMicroIso(state.timestamp) ?? state.timestamp;
  const resource: Record<string, string> = { 'prefect.resource.id': `prefect.flow-run.${t.flowRunId}` };
  if (ctx.run) resource['prefect.resource.name'] = ctx.run.name;
  resource['prefect.run-count'] = String(t.runCount);
  resource['prefect.state-message'] = truncatedTo(TRUNCATE_STATE_MESSAGES_AT, state.message);
  resource['prefect.state-name'] = state.name ?? '';
  resource['prefect.state-timestamp'] = pythonIsoFormat(state.timestamp);
  resource['prefect.state-type'] = state.type;

  const related: Resource[] = [];
  const named = (id: string, role: string, name: string | null | undefined, extra: Record<string, string> = {}): Resource => ({
    'prefect.resource.id': id,
    'prefect.resource.role': role,
    ...(name ? { 'prefect.resource.name': name } : {}),
    ...extra,
  });
  related.push(named(`prefect.flow.${t.flowId}`, 'flow', ctx.flow?.name));
  if (t.deploymentId) related.push(named(`prefect.deployment.${t.deploymentId}`, 'deployment', undefined));
  if (ctx.run?.work_queue_id) related.push(named(`prefect.work-queue.${ctx.run.work_queue_id}`, 'work-queue', ctx.run.work_queue_name));
  if (ctx.run?.work_pool_id) related.push(named(`prefect.work-pool.${ctx.run.work_pool_id}`, 'work-pool', ctx.run.work_pool_name));
  if (t.parentTaskRunId) related.push(named(`prefect.task-run.${t.parentTaskRunId}`, 'task-run', ctx.parentTask?.name));
  const tags = new Set<string>([...(ctx.run?.tags ?? []), ...(ctx.flow?.tags ?? []), ...(ctx.parentTask?.tags ?? [])]);
  for (const tag of [...tags].sort()) related.push({ 'prefect.resource.id': `prefect.tag.${tag}`, 'prefect.resource.role': 'tag' });
  const creator = ctx.run?.created_by;
  if (creator && (creator.type === 'DEPLOYMENT' || creator.type === 'AUTOMATION') && creator.id) {
    related.push(named(`prefect.${creator.type === 'DEPLOYMENT' ? 'deployment' : 'automation'}.${creator.id}`, 'creator', creator.display_value));
  }

  const initial = t.initial;
  const initialAt = initial ? toMicroIso(initial.timestamp) : undefined;
  const tight = initial && initialAt ? Math.abs(microsOf(occurred) - microsOf(initialAt)) < TIGHT_TIMING_MICROS : false;
  return {
    id: state.id,
    occurred,
    event: `prefect.flow-run.${state.name}`,
    resource,
    related,
    payload: { intended: { from: initial?.type ?? null, to: state.type }, initial_state: statePayload(initial), validated_state: statePayload(state) },
    follows: tight ? initial!.id : null,
  };
}

/**
 * Publishes our own flow-run state changes as Prefect events (`prefect.flow-run.<state name>`),
 * which `/events/out` subscribers (workers' cancellation observers, `wait_for_flow_run`,
 * `prefect events stream`) and automations consume. The event id is the state id, so a replay
 * after a crash or a version bump stores nothing twice.
 */
@Injectable()
export class PrefectEventPublisher implements Reactor, OnModuleInit {
  readonly name = 'prefect-event-publisher';
  readonly version = 1;
  readonly eventTypes = ['FlowRunCreated', 'FlowRunStateChanged'] as const;

  constructor(
    private readonly registry: ReactorRegistry,
    private readonly events: EventsService,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(batch: readonly RecordedEvent[]): Promise<void> {
    // Names and tags come from the read models: let them catch up with this batch first.
    await this.projections.wait(batch[batch.length - 1]!.position);
    const byScope = new Map<string, { scope: TenantScope; items: FlowRunTransition[] }>();
    for (const event of batch) {
      const t = transitionOf(event);
      const meta = event.metadata as EventMetadata | undefined;
      if (!t || !meta?.accountId || !meta.workspaceId) continue;
      const key = `${meta.accountId}/${meta.workspaceId}`;
      const entry = byScope.get(key) ?? { scope: { accountId: meta.accountId, workspaceId: meta.workspaceId }, items: [] };
      entry.items.push(t);
      byScope.set(key, entry);
    }
    for (const { scope, items } of byScope.values()) {
      const reads = new ScopedReadStore(this.readStore, scope);
      const ids = (f: (t: FlowRunTransition) => string | null) => [...new Set(items.map(f).filter((x): x is string => x !== null))];
      const [runs, flows, tasks] = await Promise.all([
        reads.getMany<FlowRunDoc>(FLOW_RUNS, ids((t) => t.flowRunId)),
        reads.getMany<FlowDoc>(FLOWS, ids((t) => t.flowId)),
        reads.getMany<TaskRunDoc>(TASK_RUNS, ids((t) => t.parentTaskRunId)),
      ]);
      const run = new Map(runs.map((d) => [d._id, d]));
      const flow = new Map(flows.map((d) => [d._id, d]));
      const task = new Map(tasks.map((d) => [d._id, d]));
      const prefectEvents = items.map((t) => flowRunStateEvent(t, { run: run.get(t.flowRunId), flow: flow.get(t.flowId), parentTask: t.parentTaskRunId ? task.get(t.parentTaskRunId) : undefined }));
      await this.events.ingest(scope, prefectEvents, { origin: 'server', principal: SYSTEM_PRINCIPAL });
    }
  }
}
