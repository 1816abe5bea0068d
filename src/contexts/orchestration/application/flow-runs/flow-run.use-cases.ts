import { Injectable } from '@nestjs/common';
import { CommandRunner, nameBasedUuid, timeOrderedUuid } from '../../../../shared/application';
import { expectedRevisionOf, type Caller } from '../caller';
import { streamName } from '../../../../shared/ddd';
import type { CreateFlowRunData, FlowRunChangesInput, SetFlowRunState } from '../../domain/flow-run/flow-run.commands';
import { flowRunDecider } from '../../domain/flow-run/flow-run.decide';
import { orchestrateFlowRunState, type FlowRunOrchestrationOutput } from '../../domain/flow-run/flow-run.orchestrate';
import type { Labels } from '../../domain/flow/flow';
import type { CreatedBy } from '../../domain/flow-run/flow-run';
import type { StateCreate } from '../../domain/states/state';
import { generateRunName } from './run-names';
import { ConcurrencySlots } from '../concurrency/concurrency-slots';
import { prepareDeploymentConcurrency, settleDeploymentConcurrency } from '../deployments/deployment-concurrency';
import { OrchestrationReads } from '../orchestration-reads';


/** `prefect/3.9.0 (API 0.8.4)` → `3.9.0`; some rules depend on the client's version. */
export function clientVersionOf(userAgent: string | null): string | null {
  const m = /^prefect\/(\d+\.\d+\.\d+(?:[a-z.+0-9]+)?) \(API \S+\)$/.exec(userAgent ?? '');
  return m ? m[1]! : null;
}

export type CreateFlowRunInput = Omit<CreateFlowRunData, 'flowRunId' | 'name' | 'stateId' | 'now' | 'created_by'> & { readonly name?: string | null };

/**
 * The flow-run use cases. Each is one decider command on the run's stream; the caller's identity
 * becomes `created_by` and the event actor.
 */
@Injectable()
export class FlowRunUseCases {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reads: OrchestrationReads,
    private readonly slots: ConcurrencySlots,
  ) {}

  private target(c: Caller, flowRunId: string, permission: string) {
    return { principal: c.principal, request: c.request, scope: c.scope, permission, decider: flowRunDecider, stream: streamName('flowRun', flowRunId), ...expectedRevisionOf(c) };
  }

  /**
   * With an idempotency key the id follows from (flow, key), so a repeated create meets the same stream.
   * The scheduler names the id itself (one per schedule slot and generation) and the creator (the schedule).
   * `permission`: what the caller must hold (default `run_flows`; a deployment run asks `run_deployments`).
   */
  async create(
    c: Caller,
    input: CreateFlowRunInput,
    options: { readonly flowRunId?: string; readonly createdBy?: CreatedBy; readonly permission?: string } = {},
  ): Promise<{ flowRunId: string; created: boolean; position: number | undefined }> {
    const flowRunId =
      options.flowRunId ??
      (input.idempotency_key ? nameBasedUuid(`praetor:flow-run:${c.scope.workspaceId}:${input.flow_id}`, input.idempotency_key) : timeOrderedUuid(this.runner.now()));
    const actor = c.principal.actor;
    const created_by = options.createdBy ?? { id: actor.id, type: actor.type.toUpperCase(), display_value: actor.name };
    const stateId = this.runner.uuid();
    const name = input.name ?? generateRunName();
    const r = await this.runner.run({
      ...this.target(c, flowRunId, options.permission ?? 'run_flows'),
      command: (now) => ({ type: 'CreateFlowRun' as const, data: { ...input, flowRunId, name, stateId, now, created_by } }),
    });
    return { flowRunId, created: r.events.length > 0, position: r.position };
  }

  /**
   * A run of a deployment with a concurrency limit gets a slot reserved before the rules run (they
   * learn only whether one was free); what the rules decide is then kept or given back.
   */
  async setState(c: Caller, flowRunId: string, proposed: StateCreate, force: boolean): Promise<{ output: FlowRunOrchestrationOutput; position: number | undefined }> {
    const stateId = this.runner.uuid();
    const clientVersion = clientVersionOf(c.request.userAgent);
    const target = this.target(c, flowRunId, 'run_flows');
    await this.runner.authorize(c.principal, target.permission, c.scope);
    const { state: current } = await this.runner.deciders.load(flowRunDecider, target.stream);
    const deps = { reads: this.reads, slots: this.slots };
    const prepared = current.status === 'active' ? await prepareDeploymentConcurrency(deps, c, current.run, proposed, force) : {};
    let r;
    try {
      // Authorized above, before the deployment's slot was reserved.
      r = await this.runner.runWithOutputAuthorized({
        ...target,
        command: (now) => ({
          type: 'SetFlowRunState' as const,
          data: { proposed, force, stateId, now, clientVersion, ...(prepared.context ? { deploymentConcurrency: prepared.context } : {}) },
        }),
        decideWith: (command, state) => orchestrateFlowRunState(state, command as SetFlowRunState),
      });
    } catch (err) {
      // Nothing was written: give back a reserved slot (its lease would expire anyway), then report the real failure.
      await settleDeploymentConcurrency(deps, c, prepared, []).catch(() => undefined);
      throw err;
    }
    const released = await settleDeploymentConcurrency(deps, c, prepared, r.output.written ? r.output.effects : []);
    const positions = [r.position, released, prepared.position].filter((p): p is number => p !== undefined);
    return { output: r.output, position: positions.length > 0 ? Math.max(...positions) : undefined };
  }

  async update(c: Caller, flowRunId: string, changes: FlowRunChangesInput) {
    const r = await this.runner.run({ ...this.target(c, flowRunId, 'run_flows'), command: (now) => ({ type: 'UpdateFlowRun' as const, data: { changes, now } }) });
    return { position: r.position };
  }

  async updateLabels(c: Caller, flowRunId: string, labels: Labels) {
    const r = await this.runner.run({ ...this.target(c, flowRunId, 'run_flows'), command: (now) => ({ type: 'UpdateFlowRunLabels' as const, data: { labels, now } }) });
    return { position: r.position };
  }

  async remove(c: Caller, flowRunId: string) {
    const r = await this.runner.run({ ...this.target(c, flowRunId, 'manage_flows'), command: (now) => ({ type: 'DeleteFlowRun' as const, data: { now } }) });
    return { position: r.position };
  }
}
