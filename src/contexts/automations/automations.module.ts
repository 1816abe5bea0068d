import { Module } from '@nestjs/common';
import { AutomationsController } from './api/automations.controller';
import { AutomationReads } from './application/automation-reads';
import { AutomationUseCases } from './application/automation.use-cases';

/** Prefect's automation API. The engine that evaluates triggers and runs actions arrives with issue 7. */
@Module({
  controllers: [AutomationsController],
  providers: [AutomationReads, AutomationUseCases],
})
export class AutomationsModule {}
