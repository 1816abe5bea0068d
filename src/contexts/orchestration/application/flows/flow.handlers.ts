import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner, nameBasedUuid } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { flowDecider } from '../../domain/flow/flow';
import { CreateFlowCommand, DeleteFlowCommand, UpdateFlowCommand, type FlowWritten } from './flow.commands';

/** A flow's id follows from its workspace and name, so Prefect's upsert-by-name is a create on one stream. */
export const flowIdFor = (workspaceId: string, name: string) => nameBasedUuid(`praetor:flow:${workspaceId}`, name);

@CommandHandler(CreateFlowCommand)
export class CreateFlowHandler implements ICommandHandler<CreateFlowCommand> {
  static readonly permission = 'run_flows';
  constructor(private readonly runner: CommandRunner) {}

  async execute(cmd: CreateFlowCommand): Promise<FlowWritten> {
    const flowId = flowIdFor(cmd.scope.workspaceId, cmd.input.name);
    const { name, tags, labels } = cmd.input;
    const r = await this.runner.run({
      principal: cmd.principal,
      request: cmd.request,
      permission: CreateFlowHandler.permission,
      scope: cmd.scope,
      decider: flowDecider,
      stream: streamName('flow', flowId),
      command: (now) => ({ type: 'CreateFlow' as const, data: { flowId, name, tags, labels, now } }),
    });
    return { flowId, created: r.events.length > 0, position: r.position };
  }
}

@CommandHandler(UpdateFlowCommand)
export class UpdateFlowHandler implements ICommandHandler<UpdateFlowCommand> {
  static readonly permission = 'manage_flows';
  constructor(private readonly runner: CommandRunner) {}

  async execute(cmd: UpdateFlowCommand): Promise<FlowWritten> {
    const r = await this.runner.run({
      principal: cmd.principal,
      request: cmd.request,
      permission: UpdateFlowHandler.permission,
      scope: cmd.scope,
      decider: flowDecider,
      stream: streamName('flow', cmd.flowId),
      command: (now) => ({ type: 'UpdateFlow' as const, data: { tags: cmd.input.tags, now } }),
    });
    return { flowId: cmd.flowId, created: false, position: r.position };
  }
}

@CommandHandler(DeleteFlowCommand)
export class DeleteFlowHandler implements ICommandHandler<DeleteFlowCommand> {
  static readonly permission = 'manage_flows';
  constructor(private readonly runner: CommandRunner) {}

  async execute(cmd: DeleteFlowCommand): Promise<FlowWritten> {
    const r = await this.runner.run({
      principal: cmd.principal,
      request: cmd.request,
      permission: DeleteFlowHandler.permission,
      scope: cmd.scope,
      decider: flowDecider,
      stream: streamName('flow', cmd.flowId),
      command: (now) => ({ type: 'DeleteFlow' as const, data: { now } }),
    });
    return { flowId: cmd.flowId, created: false, position: r.position };
  }
}
