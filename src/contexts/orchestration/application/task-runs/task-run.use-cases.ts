import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { CommandRunner, nameBasedUuid } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import type { State } from '../../domain/states/state';
import type { CreateTaskRunData, RecordClientTaskRunStateData, SetTaskRunState } from '../../domain/task-run/task-run.commands';
import { taskRunDecider } from '../../domain/task-run/task-run.decide';
import { orchestrateTaskRunState } from '../../domain/task-run/task-run.orchestrate';
import type { StateCreate } from '../../domain/states/state';
import type { Caller } from '../caller';

export type CreateTaskRunInput = Omit<CreateTaskRunData, 'taskRunId' | 'name' | 'stateId' | 'now'> & { readonly id?: string | null; readonly name?: string | null };

/** Task-run use cases: REST creation and orchestration, client-reported states, subflow mirroring. */
@Injectable()
export class TaskRunUseCases {
  constructor(private readonly runner: CommandRunner) {}

  private target(c: Caller, taskRunId: string, permission = 'run_flows') {
    return { principal: c.principal, request: c.request, scope: c.scope, permission, decider: taskRunDecider, stream: streamName('taskRun', taskRunId) };
  }

  /** Without an id, the natural key (flow run, task key, dynamic key) names the run, so a retry finds it. */
  async create(c: Caller, input: CreateTaskRunInput) {
    const taskRunId = input.id ?? nameBasedUuid(`praetor:task-run:${c.scope.workspaceId}`, `${input.flow_run_id ?? ''}\u0000${input.task_key}\u0000${input.dynamic_key}`);
    const name = input.name ?? `${input.task_key.split('-')[0] || 'task'}-${randomInt(0x1000).toString(16).padStart(3, '0')}`;
    const stateId = this.runner.uuid();
    const { id: _ignored, ...rest } = input;
    const r = await this.runner.run({
      ...this.target(c, taskRunId),
      command: (now) => ({ type: 'CreateTaskRun' as const, data: { ...rest, taskRunId, name, stateId, now } }),
    });
    return { taskRunId, created: r.events.length > 0, position: r.position };
  }

  async setState(c: Caller, taskRunId: string, proposed: StateCreate, force: boolean, context: Partial<SetTaskRunState['data']> = {}) {
    const stateId = this.runner.uuid();
    const retryJitterSample = randomInt(1_000_000) / 1_000_000;
    const r = await this.runner.runWithOutput({
      ...this.target(c, taskRunId),
      command: (now) => ({ type: 'SetTaskRunState' as const, data: { ...context, proposed, force, stateId, now, retryJitterSample } }),
      decideWith: (command, state) => orchestrateTaskRunState(state, command as SetTaskRunState),
    });
    return { output: r.output, position: r.position };
  }

  /** Client task states arrive in batches: authorize the sender once, then record each state. */
  authorizeRecording(c: Caller): Promise<void> {
    return this.runner.authorize(c.principal, 'run_flows', c.scope);
  }

  async recordClientState(c: Caller, data: Omit<RecordClientTaskRunStateData, 'now'>) {
    const r = await this.runner.runAuthorized({ ...this.target(c, data.taskRunId), command: (now) => ({ type: 'RecordClientTaskRunState' as const, data: { ...data, now } }) });
    return { position: r.position };
  }

  async mirrorSubflow(c: Caller, taskRunId: string, childFlowRunId: string, childState: State) {
    const stateId = this.runner.uuid();
    const r = await this.runner.run({
      ...this.target(c, taskRunId),
      command: (now) => ({ type: 'MirrorSubflowState' as const, data: { childFlowRunId, childState, stateId, now } }),
    });
    return { position: r.position };
  }

  async rename(c: Caller, taskRunId: string, name: string) {
    const r = await this.runner.run({ ...this.target(c, taskRunId), command: (now) => ({ type: 'UpdateTaskRun' as const, data: { changes: { name }, now } }) });
    return { position: r.position };
  }

  async remove(c: Caller, taskRunId: string) {
    const r = await this.runner.run({ ...this.target(c, taskRunId, 'manage_flows'), command: (now) => ({ type: 'DeleteTaskRun' as const, data: { now } }) });
    return { position: r.position };
  }
}
