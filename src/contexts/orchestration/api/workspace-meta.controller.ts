import { Body, Controller, Delete, Get, HttpCode, Put, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import { RequiresScope, Workspace, WORKSPACE_PREFIX, type WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import { CommandRunner, type Principal, type RequestContext } from '../../../shared/application';
import { streamName } from '../../../shared/ddd';
import { ValidationError } from '../../../shared/errors';
import { OrchestrationReads } from '../application/orchestration-reads';
import { resultStorageDecider } from '../domain/workspace-settings/result-storage';
import { WORKSPACE_SETTINGS, type WorkspaceSettingsDoc } from '../read-models';
import { object, optUuid } from './run-bodies';


/** Workspace meta routes that need a key: CSRF, settings and the default result storage. */
@Controller(WORKSPACE_PREFIX)
export class WorkspaceMetaController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reads: OrchestrationReads,
  ) {}

  /** CSRF is off: the client sees this exact text and stops asking (prefect-api.md §1.5). */
  @Get('csrf-token')
  @RequiresScope('see_flows')
  csrf(@Res() reply: FastifyReply): void {
    void reply.status(422).send({ detail: 'CSRF protection is disabled.' });
  }

  @Get('admin/settings')
  @RequiresScope('see_workspace_settings')
  settings() {
    return { server: { analytics_enabled: false } };
  }

  /** The workspace's default result storage block (read during flow-run setup, 3.7+). */
  @Get('admin/storage')
  @RequiresScope('see_flows')
  async storage(@Workspace() ws: WorkspaceScope) {
    const doc = await this.reads.scoped(ws).get<WorkspaceSettingsDoc>(WORKSPACE_SETTINGS, ws.workspaceId);
    return { default_result_storage_block_id: doc?.default_result_storage_block_id ?? null };
  }

  @Put('admin/storage')
  @RequiresScope('manage_workspace_settings')
  async setStorage(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const blockDocumentId = optUuid(object(raw, 'body'), 'default_result_storage_block_id');
    if (typeof blockDocumentId !== 'string') throw new ValidationError('default_result_storage_block_id is required');
    const r = await this.runner.run({
      ...this.target(p, ctx, ws),
      command: (now) => ({ type: 'SetDefaultResultStorage' as const, data: { workspaceId: ws.workspaceId, blockDocumentId, now } }),
    });
    await this.reads.afterWrite(r.position);
    return { default_result_storage_block_id: blockDocumentId };
  }

  @Delete('admin/storage')
  @HttpCode(204)
  @RequiresScope('manage_workspace_settings')
  async clearStorage(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope) {
    const r = await this.runner.run({ ...this.target(p, ctx, ws), command: (now) => ({ type: 'ClearDefaultResultStorage' as const, data: { workspaceId: ws.workspaceId, now } }) });
    await this.reads.afterWrite(r.position);
  }

  private target(principal: Principal, request: RequestContext, scope: WorkspaceScope) {
    return { principal, request, scope, permission: 'manage_workspace_settings', decider: resultStorageDecider, stream: streamName('resultStorage', scope.workspaceId) };
  }
}
