import type { Decider } from '../../../../shared/ddd';
import { ConflictError, NotFoundError, ValidationError } from '../../../../shared/errors';
import { jsonEqual } from '../common/json';
import type { Labels } from '../flow/flow';
import { draftState, stateSummary } from '../states/state';
import { NO_RUN_TIMES } from '../transition/run-bookkeeping';
import { normaliseFlowRunPolicy, type FlowRun, type FlowRunAttributes } from './flow-run';
import type { CreateFlowRunData, FlowRunChangesInput, FlowRunCommand } from './flow-run.commands';
import type { FlowRunChanges, FlowRunEvent } from './flow-run.events';
import { orchestrateFlowRunState } from './flow-run.orchestrate';
import { evolveFlowRun, initialFlowRunState, type FlowRunState } from './flow-run.state';
import { writeFlowRunState } from './flow-run.transforms';
import { crashZombieFlowRun, markFlowRunLate } from './flow-run.monitors';

export function decideFlowRun(command: FlowRunCommand, state: FlowRunState): FlowRunEvent[] {
  switch (command.type) {
    case 'CreateFlowRun':
      // Creating the same run again (a client retry) decides nothing; the id is the idempotency key.
      if (state.status === 'active') return [];
      if (state.status === 'deleted') throw new ConflictError(`flow run ${command.data.flowRunId} was deleted`);
      return [createFlowRun(command.data)];
    case 'SetFlowRunState':
      return orchestrateFlowRunState(state, command).events;
    case 'UpdateFlowRun': {
      const run = activeRun(state);
      const changes = changedFields(run, command.data.changes);
      if (Object.keys(changes).length === 0) return [];
      return [{ type: 'FlowRunUpdated', data: { flowRunId: run.id, changes, updatedAt: command.data.now } }];
    }
    case 'UpdateFlowRunLabels': {
      const run = activeRun(state);
      const labels: Labels = { ...run.labels, ...command.data.labels };
      if (jsonEqual(labels, run.labels)) return [];
      return [{ type: 'FlowRunLabelsUpdated', data: { flowRunId: run.id, labels, updatedAt: command.data.now } }];
    }
    case 'DeleteFlowRun': {
      const run = activeRun(state);
      return [{ type: 'FlowRunDeleted', data: { flowRunId: run.id, deletedAt: command.data.now } }];
    }
    case 'MarkFlowRunLate':
      return markFlowRunLate(state, command.data);
    case 'CrashZombieFlowRun':
      return crashZombieFlowRun(state, command.data);
    default: {
      const never: never = command;
      return never;
    }
  }
}

function activeRun(state: FlowRunState): FlowRun {
  if (state.status !== 'active') throw new NotFoundError('Flow run not found');
  return state.run;
}

function requireName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw new ValidationError('flow run name must be a non-empty string');
  return name;
}

/** The run as Prefect creates it, its first state (PENDING unless given) written with force=true. */
function createFlowRun(c: CreateFlowRunData): FlowRunEvent {
  if (c.flow_id.trim() === '') throw new ValidationError('flow_id is required');
  const attributes: FlowRunAttributes = {
    flow_id: c.flow_id,
    name: requireName(c.name),
    flow_version: c.flow_version ?? null,
    parameters: c.parameters ?? {},
    context: c.context ?? {},
    tags: [...(c.tags ?? [])],
    // Prefect's system label first, inherited ones under the run's own.
    labels: { ...(c.inheritedLabels ?? {}), 'prefect.flow.id': c.flow_id, ...(c.labels ?? {}) },
    parent_task_run_id: c.parent_task_run_id ?? null,
    empirical_policy: normaliseFlowRunPolicy(c.empirical_policy),
    idempotency_key: c.idempotency_key ?? null,
    deployment_id: c.deployment_id ?? null,
    deployment_version: c.deployment_version ?? null,
    work_queue_name: c.work_queue_name ?? null,
    work_pool_name: c.work_pool_name ?? null,
    work_queue_id: c.work_queue_id ?? null,
    work_pool_id: c.work_pool_id ?? null,
    job_variables: c.job_variables ?? null,
    infrastructure_pid: null,
    infrastructure_document_id: c.infrastructure_document_id ?? null,
    created_by: c.created_by ?? null,
    auto_scheduled: c.auto_scheduled ?? false,
  };
  // A first state has no rule to pass (no rule governs a transition from no state): only the global transforms apply.
  const draft = draftState(c.state ?? { type: 'PENDING' }, c.now);
  const written = writeFlowRunState({ id: c.flowRunId, parent_task_run_id: attributes.parent_task_run_id, empirical_policy: attributes.empirical_policy, run_count: 0, ...NO_RUN_TIMES }, null, draft, c.stateId, c.now);
  return {
    type: 'FlowRunCreated',
    data: {
      flowRunId: c.flowRunId,
      ...attributes,
      empirical_policy: written.empirical_policy,
      state: written.state,
      run_count: written.run_count,
      ...written.times,
      created: c.now,
      ...stateSummary(written.state),
    },
  };
}

/** The requested changes that differ from the run; an update that changes nothing decides nothing. */
function changedFields(run: FlowRun, input: FlowRunChangesInput): FlowRunChanges {
  const next: { -readonly [K in keyof FlowRunChanges]: FlowRunChanges[K] } = {};
  if (input.name !== undefined) next.name = requireName(input.name);
  if (input.flow_version !== undefined) next.flow_version = input.flow_version;
  if (input.parameters !== undefined) next.parameters = input.parameters;
  if (input.empirical_policy !== undefined) next.empirical_policy = normaliseFlowRunPolicy(input.empirical_policy);
  if (input.tags !== undefined) next.tags = [...input.tags];
  if (input.infrastructure_pid !== undefined) next.infrastructure_pid = input.infrastructure_pid;
  if (input.job_variables !== undefined) next.job_variables = input.job_variables;
  const changed: { -readonly [K in keyof FlowRunChanges]: FlowRunChanges[K] } = {};
  for (const key of Object.keys(next) as (keyof FlowRunChanges)[]) {
    if (!jsonEqual(next[key], run[key])) (changed as Record<string, unknown>)[key] = next[key];
  }
  return changed;
}

export const flowRunDecider: Decider<FlowRunState, FlowRunCommand, FlowRunEvent> = {
  initialState: initialFlowRunState,
  evolve: evolveFlowRun,
  decide: decideFlowRun,
};
