import { Module } from '@nestjs/common';
import { AutomationsResolvers } from './api/graphql/automations.resolvers';
import { AutomationReads } from './application/automation-reads';
import { AutomationUseCases } from './application/automation.use-cases';

/** automations' GraphQL resolvers, through the same reads and use cases as the REST routes (both stateless). */
@Module({
  providers: [AutomationReads, AutomationUseCases, AutomationsResolvers],
})
export class AutomationsGraphqlModule {}
