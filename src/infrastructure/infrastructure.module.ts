import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { APP_CONFIG } from '../config/config';
import { CLOCK, CommandRunner, DeciderCommandHandler, ID_GENERATOR, randomIds, systemClock } from '../shared/application';
import { ApiKeyGuard } from './auth/api-key.guard';
import { ApiKeyBasicStrategy, ApiKeyBearerStrategy } from './auth/api-key.strategies';
import { ScopeGuard } from './auth/scope.guard';
import { AccountPermissionGuard } from './auth/account-permission.guard';
import { SecretsService } from './secrets';
import { EVENT_STORE } from './event-store/event-store.port';
import { MetaController, MetricsController } from './http/meta.controller';
import { LOGGER } from './observability/logger';
import { Metrics } from './observability/metrics';
import { ProjectionRunner } from './projections/projection-runner';
import { ReactorRegistry } from './reactors/reactor-registry';
import { READ_STORE } from './read-store/read-store.port';
import type { Runtime } from './runtime';

/** Hands the opened runtime (stores, runner, metrics, logger) to Nest's container. */
@Global()
@Module({})
export class InfrastructureModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: InfrastructureModule,
      imports: [PassportModule.register({ session: false })],
      controllers: [MetaController, MetricsController],
      providers: [
        { provide: APP_CONFIG, useValue: runtime.config },
        { provide: LOGGER, useValue: runtime.logger },
        { provide: Metrics, useValue: runtime.metrics },
        { provide: EVENT_STORE, useValue: runtime.stores.events },
        { provide: READ_STORE, useValue: runtime.stores.readStore },
        { provide: ProjectionRunner, useValue: runtime.projections },
        { provide: DeciderCommandHandler, useFactory: () => new DeciderCommandHandler(runtime.stores.events) },
        CommandRunner,
        ReactorRegistry,
        { provide: CLOCK, useValue: systemClock },
        SecretsService,
        { provide: ID_GENERATOR, useValue: randomIds },
        ApiKeyBearerStrategy,
        ApiKeyBasicStrategy,
        // Guards run in this order: who is calling, then may they touch this workspace.
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: ScopeGuard },
        { provide: APP_GUARD, useClass: AccountPermissionGuard },
      ],
      exports: [SecretsService, APP_CONFIG, LOGGER, Metrics, EVENT_STORE, READ_STORE, ProjectionRunner, DeciderCommandHandler, CommandRunner, ReactorRegistry, CLOCK, ID_GENERATOR],
    };
  }
}
