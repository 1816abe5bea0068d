import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

/** workspaces: controllers and use cases. Imported by TenancyModule. */
@Module({
  imports: [CqrsModule],
})
export class WorkspacesModule {}
