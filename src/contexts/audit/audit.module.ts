import { Module } from '@nestjs/common';
import { AuditLogController } from './api/audit-log.controller';
import { AuditGraphqlModule } from './audit-graphql.module';
import { AuditLogUseCases } from './application/audit-log.use-cases';
import { AuditRetentionMonitor } from './application/audit-retention.monitor';

/** audit: the account audit log (REST), its export and the retention monitor. */
@Module({
  imports: [AuditGraphqlModule],
  controllers: [AuditLogController],
  providers: [AuditLogUseCases, AuditRetentionMonitor],
  exports: [AuditLogUseCases],
})
export class AuditModule {}
