import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

/** work-pools: controllers, use cases, reactors and monitors. Imported by OrchestrationModule. */
@Module({
  imports: [CqrsModule],
  controllers: [],
  providers: [],
})
export class WorkPoolsModule {}
