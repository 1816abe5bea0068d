import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { NOTIFICATIONS, NotificationsService } from '../../infrastructure/notifications';
import { ReactorRegistry } from '../../infrastructure/reactors/reactor-registry';
import { AutomationsController } from './api/automations.controller';
import { AutomationsGraphqlModule } from './automations-graphql.module';
import { AutomationReads } from './application/automation-reads';
import { AutomationUseCases } from './application/automation.use-cases';
import { ActionExecutor } from './application/engine/action-executor.reactor';
import { MetricEvaluator } from './application/engine/metric-evaluator';
import { OrchestrationGateway, ORCHESTRATION_MODULES } from './application/engine/orchestration-gateway';
import { TriggerEngine } from './application/engine/trigger-engine';

/**
 * The notifications the actions send, configured from AppConfig (SMTP URL and From address, UI URL).
 * Provided here rather than through `NotificationsModule.forRoot`, whose factory cannot inject the config.
 */
const notificationsProvider = {
  provide: NOTIFICATIONS,
  useFactory: (config: AppConfig) => new NotificationsService({ mail: { smtpUrl: config.smtpUrl, from: config.smtpFrom }, uiUrl: config.uiUrl }),
  inject: [APP_CONFIG],
};

/** Prefect's automation API, and the engine: triggers evaluated on the event stream, actions run exactly once. */
@Module({
  imports: [...ORCHESTRATION_MODULES, AutomationsGraphqlModule],
  controllers: [AutomationsController],
  providers: [notificationsProvider, AutomationReads, AutomationUseCases, OrchestrationGateway, MetricEvaluator, TriggerEngine, ActionExecutor],
})
export class AutomationsModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly registry: ReactorRegistry,
    private readonly triggers: TriggerEngine,
    @Inject(NOTIFICATIONS) private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.registry.registerMonitor(this.triggers);
  }

  /** Closes pooled SMTP connections. */
  onApplicationShutdown(): void {
    this.notifications.close();
  }
}
