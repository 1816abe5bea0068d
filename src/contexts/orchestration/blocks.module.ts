import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { OrchestrationCoreModule } from './orchestration-core.module';
import { BlockDocumentsController } from './api/block-documents.controller';
import { BlockCapabilitiesController, BlockSchemasController } from './api/block-schemas.controller';
import { BlockTypesController } from './api/block-types.controller';
import { BlockQueries } from './application/blocks/block-queries';
import { BlockUseCases } from './application/blocks/block.use-cases';

/** blocks: controllers, use cases, reactors and monitors. Imported by OrchestrationModule. */
@Module({
  imports: [CqrsModule, OrchestrationCoreModule],
  controllers: [BlockTypesController, BlockSchemasController, BlockCapabilitiesController, BlockDocumentsController],
  providers: [BlockUseCases, BlockQueries],
  exports: [BlockQueries, BlockUseCases],
})
export class BlocksModule {}
