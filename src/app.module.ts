import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdentityAccessModule } from './contexts/identity-access';
import { TenancyModule } from './contexts/tenancy';
import { OrchestrationModule } from './contexts/orchestration';
import { AutomationsModule } from './contexts/automations';
import { AuditModule } from './contexts/audit';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { GraphqlModule } from './infrastructure/graphql/graphql.module';
import type { Runtime } from './infrastructure/runtime';

@Module({})
export class AppModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot(), InfrastructureModule.forRuntime(runtime), GraphqlModule, IdentityAccessModule, TenancyModule, OrchestrationModule, AutomationsModule, AuditModule],
    };
  }
}
