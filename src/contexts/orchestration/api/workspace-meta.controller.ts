import { Controller, Get, Header, HttpCode, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PREFECT_API_VERSION, PREFECT_SERVER_VERSION } from '../../../infrastructure/http/prefect-version';
import { Public } from '../../../infrastructure/auth/public.decorator';
import { RequiresScope, WORKSPACE_PREFIX } from '../../../infrastructure/http/workspace-scope';


/**
 * Meta routes as the client reaches them under a workspace URL (Cloud layout, and OSS layout
 * after the rewrite): health and version are open, the rest need the key.
 */
@Controller(WORKSPACE_PREFIX)
export class WorkspaceMetaController {
  @Get('health')
  @Public()
  health(): boolean {
    return true;
  }

  @Get('admin/version')
  @Public()
  @Header('content-type', 'application/json')
  version(): string {
    return JSON.stringify(PREFECT_SERVER_VERSION);
  }

  @Get('version')
  @Public()
  @Header('content-type', 'application/json')
  apiVersion(): string {
    return JSON.stringify(PREFECT_API_VERSION);
  }

  @Get('hello')
  @Public()
  @Header('content-type', 'application/json')
  hello(): string {
    return JSON.stringify('👋');
  }

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

  @Get('admin/storage')
  @HttpCode(200)
  @RequiresScope('see_flows')
  storage() {
    return { default_result_storage_block_id: null };
  }
}
