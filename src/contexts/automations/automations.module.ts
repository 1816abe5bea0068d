import { Module, type OnModuleInit } from '@nestjs/common';
import { ReactorRegistry } from '../../infrastructure/reactors/reactor-registry';
import { AutomationsController } from './api/automations.controller';
import { AutomationReads } from './application/automation-reads';
import { AutomationUseCases } from './application/automation.use-cases';
import { ActionExecutor } from './application/engine/action-executor.reactor';
import { MetricEvaluator } from './application/engine/metric-evaluator';
import { OrchestrationGateway, ORCHESTRATION_MODULES } from './application/engine/orchestration-gateway';
import { TriggerEngine } from './application/engine/trigger-engine';

/** Prefect's automation API, and the engine: triggers evaluated on the event stream, actions run exactly once. */
@Module({
  imports: [...ORCHESTRATION_MODULES],
  controllers: [AutomationsController],
  providers: [AutomationReads, AutomationUseCases, OrchestrationGateway, MetricEvaluator, TriggerEngine, ActionExecutor],
})
export class AutomationsModule implements OnModuleInit {
  constructor(
    private readonly registry: ReactorRegistry,
    private readonly triggers: TriggerEngine,
  ) {}

  onModuleInit(): void {
    this.registry.registerMonitor(this.triggers);
  }
}
