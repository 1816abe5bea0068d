import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { OrchestrationCoreModule } from './orchestration-core.module';

/** blocks: controllers, use cases, reactors and monitors. Imported by OrchestrationModule. */
@Module({
  imports: [CqrsModule, OrchestrationCoreModule],
  controllers: [],
  providers: [],
})
export class BlocksModule {}
