import { Module } from '@nestjs/common';
import { AuditResolvers } from './api/graphql/audit.resolvers';
import { AuditLogUseCases } from './application/audit-log.use-cases';

/** audit's GraphQL resolvers: the REST use cases for queries, the live feed for the subscription. */
@Module({
  providers: [AuditLogUseCases, AuditResolvers],
})
export class AuditGraphqlModule {}
