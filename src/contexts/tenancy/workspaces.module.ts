import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { WorkspacesController } from './api/workspaces.controller';
import { WorkspaceLifecycleReactor } from './application/workspaces/workspace-lifecycle.reactor';
import { WorkspacePurger } from './application/workspaces/workspace-purger';
import { WorkspaceUseCases } from './application/workspaces/workspaces.use-cases';

/** workspaces: controllers and use cases. Imported by TenancyModule. */
@Module({
  imports: [CqrsModule],
  controllers: [WorkspacesController],
  providers: [WorkspaceUseCases, WorkspacePurger, WorkspaceLifecycleReactor],
  exports: [WorkspaceUseCases],
})
export class WorkspacesModule {}
