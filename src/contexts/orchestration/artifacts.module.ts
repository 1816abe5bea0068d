import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { OrchestrationCoreModule } from './orchestration-core.module';
import { ArtifactEventsPublisher } from './application/artifacts/artifact-events.reactor';
import { ArtifactsController } from './api/artifacts.controller';
import { ArtifactQueries } from './api/artifacts-queries';
import { ArtifactUseCases } from './application/artifacts/artifact.use-cases';

/** artifacts: controllers, use cases, reactors and monitors. Imported by OrchestrationModule. */
@Module({
  imports: [CqrsModule, OrchestrationCoreModule],
  controllers: [ArtifactsController],
  providers: [ArtifactUseCases, ArtifactQueries, ArtifactEventsPublisher],
  exports: [ArtifactQueries],
})
export class ArtifactsModule {}
