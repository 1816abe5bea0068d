import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { WorkspaceRolesController } from './api/workspace-roles.controller';
import { WorkspaceScopesController } from './api/workspace-scopes.controller';
import { WorkspaceRolesService } from './application/workspace-roles/workspace-roles.service';

/** workspace-roles: controllers and use cases. Imported by IdentityAccessModule. */
@Module({
  imports: [CqrsModule],
  controllers: [WorkspaceScopesController, WorkspaceRolesController],
  providers: [WorkspaceRolesService],
  exports: [WorkspaceRolesService],
})
export class WorkspaceRolesModule {}
