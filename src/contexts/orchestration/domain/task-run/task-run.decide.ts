import type { Decider } from '../../../../shared/ddd';
import { ConflictError, NotFoundError, ValidationError } from '../../../../shared/errors';
import { draftState, stateSummary } from '../states/state';
import { NO_RUN_TIMES } from '../transition/run-bookkeeping';
import { normaliseTaskRunPolicy, type TaskRunAttributes } from './task-run';
import { recordClientTaskRunState } from './task-run.client-events';
import type { CreateTaskRunData, TaskRunCommand } from './task-run.commands';
import type { TaskRunEvent } from './task-run.events';
import { mirrorSubflowState, orchestrateTaskRunState } from './task-run.orchestrate';
import { evolveTaskRun, initialTaskRunState, type TaskRunState } from './task-run.state';
import { writeTaskRunState } from './task-run.transforms';

export function decideTaskRun(command: TaskRunCommand, state: TaskRunState): TaskRunEvent[] {
  switch (command.type) {
    case 'CreateTaskRun':
      // Same id again (a retry, or a run the client already reported by event): nothing to do.
      if (state.status === 'active') return [];
      if (state.status === 'deleted') throw new ConflictError(`task run ${command.data.taskRunId} was deleted`);
      return [createTaskRun(command.data)];
    case 'SetTaskRunState':
      return orchestrateTaskRunState(state, command).events;
    case 'RecordClientTaskRunState':
      return recordClientTaskRunState(state, command.data);
    case 'MirrorSubflowState':
      return mirrorSubflowState(state, command.data);
    case 'UpdateTaskRun': {
      if (state.status !== 'active') throw new NotFoundError('Task run not found');
      const name = command.data.changes.name;
      if (name === undefined || name === state.run.name) return [];
      if (name.trim() === '') throw new ValidationError('task run name must be a non-empty string');
      return [{ type: 'TaskRunUpdated', data: { taskRunId: state.run.id, changes: { name }, updatedAt: command.data.now } }];
    }
    case 'DeleteTaskRun':
      if (state.status !== 'active') throw new NotFoundError('Task run not found');
      return [{ type: 'TaskRunDeleted', data: { taskRunId: state.run.id, deletedAt: command.data.now } }];
    default: {
      const never: never = command;
      return never;
    }
  }
}

/** `POST /task_runs/`: the run and its first state (PENDING unless given), written with force=true. */
function createTaskRun(c: CreateTaskRunData): TaskRunEvent {
  if (typeof c.name !== 'string' || c.name.trim() === '') throw new ValidationError('task run name must be a non-empty string');
  if (typeof c.task_key !== 'string' || typeof c.dynamic_key !== 'string') throw new ValidationError('task_key and dynamic_key are required');
  const flow_run_id = c.flow_run_id ?? null;
  const attributes: TaskRunAttributes = {
    name: c.name,
    flow_run_id,
    task_key: c.task_key,
    dynamic_key: c.dynamic_key,
    cache_key: c.cache_key ?? null,
    cache_expiration: c.cache_expiration ?? null,
    task_version: c.task_version ?? null,
    empirical_policy: normaliseTaskRunPolicy(c.empirical_policy),
    tags: [...(c.tags ?? [])],
    // Prefect's system label first, inherited (flow run) labels under the run's own.
    labels: { ...(c.inheritedLabels ?? {}), ...(flow_run_id !== null ? { 'prefect.flow-run.id': flow_run_id } : {}), ...(c.labels ?? {}) },
    task_inputs: c.task_inputs ?? {},
  };
  const written = writeTaskRunState({ id: c.taskRunId, flow_run_id, run_count: 0, ...NO_RUN_TIMES }, null, draftState(c.state ?? { type: 'PENDING' }, c.now), c.stateId, c.now);
  return {
    type: 'TaskRunCreated',
    data: {
      taskRunId: c.taskRunId,
      ...attributes,
      state: written.state,
      run_count: written.run_count,
      flow_run_run_count: 0,
      ...written.times,
      created: c.now,
      ...stateSummary(written.state),
    },
  };
}

export const taskRunDecider: Decider<TaskRunState, TaskRunCommand, TaskRunEvent> = {
  initialState: initialTaskRunState,
  evolve: evolveTaskRun,
  decide: decideTaskRun,
};
