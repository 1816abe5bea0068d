import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { CommandRunner, nameBasedUuid } from '../../../../shared/application';
import { microIso, streamName } from '../../../../shared/ddd';
import { ConflictError, NotFoundError, ValidationError } from '../../../../shared/errors';
import type { JsonObject } from '../../domain/common/json';
import {
  deploymentDecider,
  type DeploymentChanges,
  type DeploymentCommand,
  type DeploymentSettings,
  type ScheduleInput,
  type SchedulePatch,
} from '../../domain/deployment/deployment';
import type { FlowRunPolicyInput } from '../../domain/flow-run/flow-run';
import type { Labels } from '../../domain/flow/flow';
import type { StateCreate } from '../../domain/states/state';
import { deploymentConcurrencyLimitName } from '../../public/deployments';
import { BLOCK_DOCUMENTS, DEPLOYMENT_POLLS, DEPLOYMENTS, FLOWS, type DeploymentDoc, type DeploymentPollDoc, type FlowDoc } from '../../read-models';
import { expectedRevisionOf, type Caller } from '../caller';
import { ConcurrencySlots, limitIdFor } from '../concurrency/concurrency-slots';
import { FlowRunUseCases } from '../flow-runs/flow-run.use-cases';
import { OrchestrationReads } from '../orchestration-reads';
import { WorkPoolDirectory } from '../work-pools/work-pool-directory';
import { ParameterSchemaError, validateParameters } from './parameter-schema';

/** A deployment's id follows from its workspace, flow and name, so Prefect's upsert is one stream. */
export const deploymentIdFor = (workspaceId: string, flowId: string, name: string) => nameBasedUuid(`praetor:deployment:${workspaceId}:${flowId}`, name);

/** A schedule as the client sends it, already validated; `id` is assigned here. */
export type ScheduleRequest = Omit<ScheduleInput, 'id'>;
export type SchedulePatchRequest = Omit<SchedulePatch, 'id'>;

/** `POST /deployments/`: the keys the client set (undefined = not set). */
export type DeploymentCreateRequest = Partial<Omit<DeploymentSettings, 'work_queue_id' | 'work_pool_id' | 'global_concurrency_limit_id'>> &
  Pick<DeploymentSettings, 'name' | 'flow_id'> & { readonly schedules?: readonly ScheduleRequest[] };

/** `PATCH /deployments/{id}` (DeploymentUpdate): the keys the client set. */
export type DeploymentUpdateRequest = Partial<Omit<DeploymentSettings, 'name' | 'flow_id' | 'work_queue_id' | 'work_pool_id' | 'global_concurrency_limit_id'>> & {
  readonly schedules?: readonly SchedulePatchRequest[];
};

/** `POST /deployments/{id}/create_flow_run` (DeploymentFlowRunCreate). */
export interface DeploymentRunRequest {
  readonly state: StateCreate | null;
  readonly name: string | null;
  readonly parameters: JsonObject | null;
  readonly enforce_parameter_schema: boolean | null;
  readonly context: JsonObject | null;
  readonly infrastructure_document_id: string | null;
  readonly empirical_policy: FlowRunPolicyInput | null;
  readonly tags: readonly string[] | null;
  readonly idempotency_key: string | null;
  readonly labels: Labels | null;
  readonly parent_task_run_id: string | null;
  readonly work_queue_name: string | null;
  readonly job_variables: JsonObject | null;
}

export interface DeploymentWritten {
  readonly deploymentId: string;
  readonly created: boolean;
  readonly position: number | undefined;
}

const NO_SCHEMA =
  'Cannot update parameters because parameter schema enforcement is enabled and the deployment does not have a valid parameter schema.';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
const maxPosition = (...ps: (number | undefined)[]) => {
  const known = ps.filter((p): p is number => p !== undefined);
  return known.length > 0 ? Math.max(...known) : undefined;
};

/**
 * The deployment use cases (prefect-api.md §4.3, §4.7, §4.8, §6.5). Each write is a command on the
 * deployment's stream; the backing concurrency limit and the work pool/queue are resolved first.
 */
@Injectable()
export class DeploymentUseCases {
  static readonly write = 'write_deployments';
  static readonly manage = 'manage_deployments';
  static readonly run = 'run_deployments';

  constructor(
    private readonly runner: CommandRunner,
    private readonly reads: OrchestrationReads,
    private readonly slots: ConcurrencySlots,
    private readonly pools: WorkPoolDirectory,
    private readonly runs: FlowRunUseCases,
    @Inject(READ_STORE) private readonly store: ReadStore,
  ) {}

  private target(c: Caller, deploymentId: string, permission: string) {
    return { principal: c.principal, request: c.request, scope: c.scope, permission, decider: deploymentDecider, stream: streamName('deployment', deploymentId), ...expectedRevisionOf(c) };
  }

  private async exec(c: Caller, deploymentId: string, permission: string, command: (now: string) => DeploymentCommand) {
    return this.runner.run({ ...this.target(c, deploymentId, permission), command });
  }

  async get(c: Caller, deploymentId: string): Promise<DeploymentDoc> {
    return this.reads.getOrThrow<DeploymentDoc>(c.scope, DEPLOYMENTS, deploymentId.toLowerCase(), 'Deployment not found');
  }

  private withIds<T>(schedules: readonly T[]): (T & { id: string })[] {
    return schedules.map((s) => ({ ...s, id: this.runner.uuid() }));
  }

  /** Where runs go: `null`s clear the pool and queue, `undefined` leaves them. */
  private async placement(c: Caller, pool: string | null | undefined, queue: string | null | undefined): Promise<Partial<DeploymentSettings>> {
    if (pool === undefined && queue === undefined) return {};
    const resolved = pool || queue ? await this.pools.resolve(c, pool ?? null, queue ?? null) : null;
    return {
      work_pool_name: resolved?.work_pool_name ?? null,
      work_pool_id: resolved?.work_pool_id ?? null,
      work_queue_name: resolved?.work_queue_name ?? null,
      work_queue_id: resolved?.work_queue_id ?? null,
    };
  }

  /** Creates, updates or removes the global limit behind `concurrency_limit`; returns its id. */
  private async backingLimit(c: Caller, deploymentId: string, limit: number | null, current: string | null | undefined): Promise<{ id: string | null; position: number | undefined }> {
    if (limit === null) {
      if (!current) return { id: null, position: undefined };
      const r = await this.slots.remove(c, current).catch((err: unknown) => {
        if (err instanceof NotFoundError) return { position: undefined };
        throw err;
      });
      return { id: null, position: r.position };
    }
    const name = deploymentConcurrencyLimitName(deploymentId);
    const r = await this.slots.create(c, { name, limit, active: true, slotDecayPerSecond: 0 }, true);
    return { id: r.limitId, position: r.position };
  }

  private checkSchema(parameters: Record<string, unknown>, schema: unknown, ignoreRequired: boolean, fail: (message: string) => Error): void {
    if (!isObject(schema)) throw fail(NO_SCHEMA);
    try {
      validateParameters(parameters, schema, { ignoreRequired });
    } catch (err) {
      if (err instanceof ParameterSchemaError) throw fail(err.message);
      throw err;
    }
  }

  /** Prefect checks that the blocks a deployment names exist (409, with its wording). */
  private async requireBlock(c: Caller, id: string | null | undefined, kind: 'infrastructure' | 'storage'): Promise<void> {
    if (!id || (await this.reads.scoped(c.scope).get(BLOCK_DOCUMENTS, id))) return;
    throw new ConflictError(
      `Error creating deployment. Could not find ${kind} block with id: ${id}. This usually occurs when applying a deployment specification that was built against a different Prefect database / workspace.`,
    );
  }

  /** `POST /deployments/`: upsert on (flow_id, name). */
  async upsert(c: Caller, req: DeploymentCreateRequest): Promise<DeploymentWritten> {
    const flow = await this.reads.getOrThrow<FlowDoc>(c.scope, FLOWS, req.flow_id, 'Flow not found');
    await this.runner.authorize(c.principal, DeploymentUseCases.write, c.scope);
    const deploymentId = deploymentIdFor(c.scope.workspaceId, flow.id, req.name);
    const existing = await this.reads.scoped(c.scope).get<DeploymentDoc>(DEPLOYMENTS, deploymentId);
    const enforce = req.enforce_parameter_schema ?? true;
    if (enforce && req.parameters !== undefined) {
      // DeploymentCreate validates with `required` ignored; a failure is a 422 in Prefect (a model validator).
      const schema = req.parameter_openapi_schema === undefined ? { type: 'object', properties: {} } : req.parameter_openapi_schema;
      if (schema !== null) this.checkSchema(req.parameters, schema, true, (m) => new ValidationError(m));
    }
    const { schedules, work_pool_name, work_queue_name, concurrency_limit, labels, ...rest } = req;
    await this.requireBlock(c, req.infrastructure_document_id, 'infrastructure');
    await this.requireBlock(c, req.storage_document_id, 'storage');
    const placement = await this.placement(c, work_pool_name, work_queue_name);
    let limitPosition: number | undefined;
    let global_concurrency_limit_id: string | null | undefined;
    if (concurrency_limit !== undefined) {
      const limit = await this.backingLimit(c, deploymentId, concurrency_limit, existing?.global_concurrency_limit_id);
      global_concurrency_limit_id = limit.id;
      limitPosition = limit.position;
    }
    // Prefect's system labels: the flow's labels, then prefect.flow.id, then the deployment's own.
    const allLabels: Labels = { ...(flow.labels as Labels), 'prefect.flow.id': flow.id, ...(labels ?? {}) };
    const settings = defined({ ...rest, ...placement, concurrency_limit, global_concurrency_limit_id, labels: allLabels, name: req.name, flow_id: flow.id }) as Partial<DeploymentSettings> &
      Pick<DeploymentSettings, 'name' | 'flow_id'>;
    const scheduleInputs = this.withIds(schedules ?? []);
    const r = await this.exec(c, deploymentId, DeploymentUseCases.write, (now) => ({ type: 'UpsertDeployment', data: { deploymentId, settings, schedules: scheduleInputs, now } }));
    return { deploymentId, created: r.events.some((e) => e.type === 'DeploymentCreated'), position: maxPosition(limitPosition, r.position) };
  }

  /** `PATCH /deployments/{id}`. */
  async update(c: Caller, deploymentId: string, req: DeploymentUpdateRequest): Promise<DeploymentWritten> {
    const current = await this.get(c, deploymentId);
    await this.runner.authorize(c.principal, DeploymentUseCases.write, c.scope);
    const { schedules, work_pool_name, work_queue_name, concurrency_limit, ...rest } = req;
    const enforce = req.enforce_parameter_schema ?? current.enforce_parameter_schema ?? true;
    if (enforce && (req.parameters !== undefined || req.parameter_openapi_schema !== undefined || req.enforce_parameter_schema === true)) {
      const schema = req.parameter_openapi_schema || current.parameter_openapi_schema;
      this.checkSchema(req.parameters ?? current.parameters, schema, true, (m) => new ConflictError(`Error updating deployment: ${m}`));
    }
    // A queue name alone is looked up in the deployment's pool; an explicit null pool clears both.
    const pool = work_pool_name !== undefined ? work_pool_name : work_queue_name !== undefined ? current.work_pool_name : undefined;
    const placement = await this.placement(c, pool, work_pool_name === null ? null : work_queue_name);
    let limitPosition: number | undefined;
    let global_concurrency_limit_id: string | null | undefined;
    if (concurrency_limit !== undefined) {
      const limit = await this.backingLimit(c, current.id, concurrency_limit, current.global_concurrency_limit_id);
      global_concurrency_limit_id = limit.id;
      limitPosition = limit.position;
    }
    // New labels keep Prefect's system label.
    const labels = rest.labels === undefined ? undefined : { 'prefect.flow.id': current.flow_id, ...rest.labels };
    const changes = defined({ ...rest, labels, ...placement, concurrency_limit, global_concurrency_limit_id }) as DeploymentChanges;
    const patches = schedules === undefined ? undefined : this.withIds(schedules);
    const r = await this.exec(c, current.id, DeploymentUseCases.write, (now) => ({ type: 'UpdateDeployment', data: { changes, ...(patches ? { schedules: patches } : {}), now } }));
    return { deploymentId: current.id, created: false, position: maxPosition(limitPosition, r.position) };
  }

  async setPaused(c: Caller, deploymentId: string, paused: boolean): Promise<DeploymentWritten> {
    const current = await this.get(c, deploymentId);
    const r = await this.exec(c, current.id, DeploymentUseCases.write, (now) => ({ type: 'UpdateDeployment', data: { changes: { paused }, now } }));
    return { deploymentId: current.id, created: false, position: r.position };
  }

  async remove(c: Caller, deploymentId: string): Promise<DeploymentWritten> {
    const current = await this.get(c, deploymentId);
    const r = await this.exec(c, current.id, DeploymentUseCases.manage, (now) => ({ type: 'DeleteDeployment', data: { now } }));
    const limit = current.global_concurrency_limit_id ? await this.backingLimit(c, current.id, null, current.global_concurrency_limit_id) : { position: undefined };
    return { deploymentId: current.id, created: false, position: maxPosition(r.position, limit.position) };
  }

  /** `POST /deployments/{id}/schedules`: returns the ids of the schedules created. */
  async addSchedules(c: Caller, deploymentId: string, schedules: readonly ScheduleRequest[]): Promise<{ ids: string[]; position: number | undefined }> {
    const current = await this.get(c, deploymentId);
    const inputs = this.withIds(schedules);
    const r = await this.exec(c, current.id, DeploymentUseCases.write, (now) => ({ type: 'AddDeploymentSchedules', data: { schedules: inputs, now } }));
    return { ids: inputs.map((s) => s.id), position: r.position };
  }

  async updateSchedule(c: Caller, deploymentId: string, scheduleId: string, patch: Omit<SchedulePatchRequest, 'replaces'>): Promise<{ position: number | undefined }> {
    const current = await this.get(c, deploymentId);
    const r = await this.exec(c, current.id, DeploymentUseCases.write, (now) => ({ type: 'UpdateDeploymentSchedule', data: { scheduleId: scheduleId.toLowerCase(), patch, now } }));
    return { position: r.position };
  }

  async deleteSchedule(c: Caller, deploymentId: string, scheduleId: string): Promise<{ position: number | undefined }> {
    const current = await this.get(c, deploymentId);
    const r = await this.exec(c, current.id, DeploymentUseCases.write, (now) => ({ type: 'DeleteDeploymentSchedule', data: { scheduleId: scheduleId.toLowerCase(), now } }));
    return { position: r.position };
  }

  /** `POST /deployments/{id}/create_flow_run` (prefect-api.md §4.8). */
  async createFlowRun(c: Caller, deploymentId: string, req: DeploymentRunRequest): Promise<{ flowRunId: string; created: boolean; position: number | undefined }> {
    const d = await this.get(c, deploymentId);
    await this.runner.authorize(c.principal, DeploymentUseCases.run, c.scope);
    const parameters = { ...d.parameters, ...(req.parameters ?? {}) } as JsonObject;
    if (req.enforce_parameter_schema ?? d.enforce_parameter_schema ?? true) {
      this.checkSchema(parameters, d.parameter_openapi_schema, false, (m) => new ConflictError(m === NO_SCHEMA ? `Error updating deployment: ${m}` : `Error creating flow run: ${m}`));
    }
    let queue = { work_queue_name: d.work_queue_name, work_queue_id: d.work_queue_id, work_pool_name: d.work_pool_name, work_pool_id: d.work_pool_id };
    if (req.work_queue_name) {
      if (!d.work_pool_name) {
        throw new ValidationError(
          `Cannot create flow run in work queue ${req.work_queue_name} because deployment ${d.id} is not associated with a work pool. Please remove work_pool_name and try again.`,
        );
      }
      const resolved = await this.pools.resolve(c, d.work_pool_name, req.work_queue_name);
      if (resolved) queue = { ...resolved };
    }
    const tags = [...new Set([...d.tags, ...(req.tags ?? [])])];
    const inheritedLabels = { ...(d.labels as Labels), 'prefect.flow.id': d.flow_id, 'prefect.deployment.id': d.id };
    return this.runs.create(
      c,
      {
        flow_id: d.flow_id,
        name: req.name,
        parameters,
        context: req.context,
        tags,
        labels: req.labels,
        inheritedLabels,
        parent_task_run_id: req.parent_task_run_id,
        empirical_policy: req.empirical_policy,
        idempotency_key: req.idempotency_key,
        deployment_id: d.id,
        deployment_version: (d.version as string | null | undefined) ?? null,
        ...queue,
        job_variables: { ...d.job_variables, ...(req.job_variables ?? {}) } as JsonObject,
        infrastructure_document_id: req.infrastructure_document_id ?? (d.infrastructure_document_id as string | null | undefined) ?? null,
        state: req.state ?? { type: 'SCHEDULED' },
      },
      { permission: DeploymentUseCases.run },
    );
  }

  /** Telemetry, not an event: a runner polled for these deployments' runs (drives READY / `last_polled`). */
  async recordPoll(c: Caller, deploymentIds: readonly string[]): Promise<void> {
    const known = await this.reads.scoped(c.scope).getMany<DeploymentDoc>(DEPLOYMENTS, [...new Set(deploymentIds.map((id) => id.toLowerCase()))]);
    const last_polled = microIso(this.runner.now());
    for (const d of known) {
      const doc: DeploymentPollDoc = { _id: d.id, _account: c.scope.accountId, _workspace: c.scope.workspaceId, last_polled };
      await this.store.put(DEPLOYMENT_POLLS, doc);
    }
  }

  async polls(c: Caller, deploymentIds: readonly string[]): Promise<Map<string, string>> {
    const docs = await this.reads.scoped(c.scope).getMany<DeploymentPollDoc>(DEPLOYMENT_POLLS, deploymentIds);
    return new Map(docs.map((d) => [d._id, d.last_polled]));
  }
}

export { limitIdFor };
