import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { OrchestrationCoreModule } from './orchestration-core.module';
import { DeploymentsModule } from './deployments.module';
import { WorkPoolsModule } from './work-pools.module';
import { BlocksModule } from './blocks.module';
import { VariablesModule } from './variables.module';
import { ArtifactsModule } from './artifacts.module';
import { OrchestrationQueryResolvers } from './api/graphql/queries.resolvers';
import { OrchestrationMutationResolvers } from './api/graphql/mutations.resolvers';
import { OrchestrationSubscriptionResolvers } from './api/graphql/subscriptions.resolvers';

/** Orchestration's GraphQL resolvers: queries, mutations (through the same use cases as REST) and subscriptions. */
@Module({
  imports: [CqrsModule, OrchestrationCoreModule, DeploymentsModule, WorkPoolsModule, BlocksModule, VariablesModule, ArtifactsModule],
  providers: [OrchestrationQueryResolvers, OrchestrationMutationResolvers, OrchestrationSubscriptionResolvers],
})
export class OrchestrationGraphqlModule {}
