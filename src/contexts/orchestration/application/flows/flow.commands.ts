import { Command } from '@nestjs/cqrs';
import type { Principal, RequestContext } from '../../../../shared/application';
import type { WorkspaceScope } from '../../../../infrastructure/http/workspace-scope';
import type { Labels } from '../../domain/flow/flow';

export interface FlowWritten {
  readonly flowId: string;
  readonly created: boolean;
  readonly position: number | undefined;
}

export class CreateFlowCommand extends Command<FlowWritten> {
  constructor(
    readonly principal: Principal,
    readonly request: RequestContext,
    readonly scope: WorkspaceScope,
    readonly input: { readonly name: string; readonly tags: readonly string[]; readonly labels: Labels },
  ) {
    super();
  }
}

export class UpdateFlowCommand extends Command<FlowWritten> {
  constructor(
    readonly principal: Principal,
    readonly request: RequestContext,
    readonly scope: WorkspaceScope,
    readonly flowId: string,
    readonly input: { readonly tags: readonly string[] },
  ) {
    super();
  }
}

export class DeleteFlowCommand extends Command<FlowWritten> {
  constructor(
    readonly principal: Principal,
    readonly request: RequestContext,
    readonly scope: WorkspaceScope,
    readonly flowId: string,
  ) {
    super();
  }
}
