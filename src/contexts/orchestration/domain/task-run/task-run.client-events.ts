import { ValidationError } from '../../../../shared/errors';
import { isLaterThan, withDetails, type State } from '../states/state';
import { NO_RUN_TIMES } from '../transition/run-bookkeeping';
import { normaliseTaskRunPolicy, type ClientTaskRunFields, type TaskRun, type TaskRunBody } from './task-run';
import type { RecordClientTaskRunStateData } from './task-run.commands';
import type { TaskRunEvent } from './task-run.events';
import type { TaskRunState } from './task-run.state';

/**
 * Recording a task-run state the 3.x engine reports as a `prefect.task-run.*` event (Prefect's
 * task_run_recorder). No rules apply: the client already orchestrated the task. Events arrive late,
 * out of order and more than once, so:
 *  - a state id already recorded decides nothing;
 *  - every new state goes into the history;
 *  - the run takes the reported fields and the state only if the state is newer than its current one.
 * A deleted run stays deleted: late events for it are dropped.
 */
export function recordClientTaskRunState(state: TaskRunState, c: RecordClientTaskRunStateData): TaskRunEvent[] {
  if (state.status === 'deleted') return [];
  if (state.status === 'active' && state.seenStateIds.has(c.state.id)) return [];
  // The recorder points the state at this run and its flow run, whatever the client put there.
  const recorded: State = {
    ...c.state,
    state_details: withDetails(c.state.state_details, { task_run_id: c.taskRunId, flow_run_id: c.flowRunId ?? undefined }),
  };
  if (state.status === 'absent') {
    const run = newRun(c, recorded);
    return [{ type: 'TaskRunStateRecorded', data: { taskRunId: c.taskRunId, flow_run_id: c.flowRunId, state: recorded, current: true, created: true, run } }];
  }
  const current = isLaterThan(recorded.timestamp, state.run.state.timestamp);
  const run = current ? body(applyFields(state.run, c.taskRunFields, c.flowRunId, recorded)) : null;
  return [{ type: 'TaskRunStateRecorded', data: { taskRunId: c.taskRunId, flow_run_id: c.flowRunId, state: recorded, current, created: false, run } }];
}

function newRun(c: RecordClientTaskRunStateData, state: State): TaskRunBody {
  const f = c.taskRunFields;
  if (f.task_key === undefined || f.dynamic_key === undefined) {
    throw new ValidationError('a task run event needs payload.task_run.task_key and dynamic_key', { taskRunId: c.taskRunId });
  }
  const base: TaskRun = {
    id: c.taskRunId,
    name: f.name ?? f.task_key,
    flow_run_id: c.flowRunId,
    task_key: f.task_key,
    dynamic_key: f.dynamic_key,
    cache_key: null,
    cache_expiration: null,
    task_version: null,
    empirical_policy: normaliseTaskRunPolicy(null),
    tags: [],
    labels: {},
    task_inputs: {},
    state,
    run_count: 0,
    flow_run_run_count: 0,
    ...NO_RUN_TIMES,
    created: c.now,
  };
  return body(applyFields(base, f, c.flowRunId, state));
}

/** The reported fields over the stored ones; a key the client left out keeps its stored value. */
function applyFields(run: TaskRun, f: ClientTaskRunFields, flowRunId: string | null, state: State): TaskRun {
  const defined = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as ClientTaskRunFields;
  const { empirical_policy, ...rest } = defined;
  return {
    ...run,
    ...rest,
    ...(empirical_policy !== undefined ? { empirical_policy: normaliseTaskRunPolicy(empirical_policy) } : {}),
    tags: [...(rest.tags ?? run.tags)],
    flow_run_id: flowRunId,
    state,
  };
}

function body(run: TaskRun): TaskRunBody {
  const { id: _id, ...rest } = run;
  return rest;
}
