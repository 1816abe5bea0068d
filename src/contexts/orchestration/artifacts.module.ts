import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

/** artifacts: controllers, use cases, reactors and monitors. Imported by OrchestrationModule. */
@Module({
  imports: [CqrsModule],
  controllers: [],
  providers: [],
})
export class ArtifactsModule {}
