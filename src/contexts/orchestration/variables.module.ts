import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { OrchestrationCoreModule } from './orchestration-core.module';
import { VariableEventsPublisher } from './application/variables/variable-events.reactor';
import { VariablesController } from './api/variables.controller';
import { VariableUseCases } from './application/variables/variable.use-cases';

/** variables: controllers, use cases, reactors and monitors. Imported by OrchestrationModule. */
@Module({
  imports: [CqrsModule, OrchestrationCoreModule],
  controllers: [VariablesController],
  providers: [VariableUseCases, VariableEventsPublisher],
  exports: [VariableUseCases],
})
export class VariablesModule {}
