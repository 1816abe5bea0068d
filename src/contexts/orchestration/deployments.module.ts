import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DeploymentsController } from './api/deployments.controller';
import { DeploymentQueries } from './api/deployments-queries';
import { DeploymentEventsPublisher } from './application/deployments/deployment-events.reactor';
import { DeploymentUseCases } from './application/deployments/deployment.use-cases';
import { OrchestrationCoreModule } from './orchestration-core.module';
import { WorkPoolsModule } from './work-pools.module';

/** deployments: controllers, use cases, reactors and monitors. Imported by OrchestrationModule. */
@Module({
  imports: [CqrsModule, OrchestrationCoreModule, WorkPoolsModule],
  controllers: [DeploymentsController],
  providers: [DeploymentUseCases, DeploymentQueries, DeploymentEventsPublisher],
  exports: [DeploymentUseCases, DeploymentQueries],
})
export class DeploymentsModule {}
