import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { RequiresScope, Workspace, WORKSPACE_PREFIX, type WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import { LogsService, parseLogs } from '../application/logs/logs.service';
import { LOG_SORTS, logFilter } from './log-filters';
import { body, findOptions } from './prefect-filters';

/** Prefect's `/logs` routes (reference/prefect-api.md §6.8); `/logs/out` is in prefect-sockets.ts. */
@Controller(`${WORKSPACE_PREFIX}/logs`)
export class LogsController {
  constructor(private readonly logs: LogsService) {}

  /** A JSON array of LogCreate → 201 with an empty body; one read-store batch per request. */
  @Post()
  @HttpCode(201)
  @RequiresScope('run_flows')
  async create(@Workspace() ws: WorkspaceScope, @Body() raw: unknown): Promise<void> {
    await this.logs.write(ws, parseLogs(raw));
  }

  @Post('filter')
  @HttpCode(200)
  @RequiresScope('see_flows')
  filter(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const b = body(raw);
    return this.logs.find(ws, logFilter(b.logs), findOptions(b, LOG_SORTS, 'TIMESTAMP_ASC'));
  }
}
