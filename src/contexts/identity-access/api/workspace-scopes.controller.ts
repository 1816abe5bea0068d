import { Controller, Get } from '@nestjs/common';
import { workspaceScopeList } from '../domain/roles/workspace-roles';

/** Prefect Cloud's `GET /api/workspace_scopes`: the scopes custom roles are built from (any authenticated caller). */
@Controller('api/workspace_scopes')
export class WorkspaceScopesController {
  @Get()
  list() {
    return workspaceScopeList();
  }
}
