export type { FlowEvent } from './domain/flow/flow';
export type { ConcurrencyLimitEvent } from './domain/concurrency-limit/concurrency-limit';
export type { FlowRunEvent } from './domain/flow-run/flow-run.events';
export type { TaskRunEvent } from './domain/task-run/task-run.events';
export type { State } from './domain/states/state';
export type { ResultStorageEvent } from './domain/workspace-settings/result-storage';
export * from './read-models';
export { OrchestrationModule } from './orchestration.module';
export { flowRunDecider } from './domain/flow-run/flow-run.decide';
export { taskRunDecider } from './domain/task-run/task-run.decide';
export * from './public/deployments';
export * from './public/work-pools';
export * from './public/blocks';
export * from './public/variables';
export * from './public/artifacts';
export * from './public/scheduling';
/** Prefect's filter objects compiled to read-store filters, for other contexts' Prefect routes. */
export { compileFilter, ops, and, body as filterBody, findOptions, paging } from './api/prefect-filters';
// For the automations engine: its actions run through the same use cases as REST.
export { EventsService } from './application/events/events.service';
export { DeploymentUseCases } from './application/deployments/deployment.use-cases';
export { FlowRunUseCases } from './application/flow-runs/flow-run.use-cases';
export { WorkPoolUseCases } from './application/work-pools/work-pool.use-cases';
export { OrchestrationCoreModule } from './orchestration-core.module';
export { DeploymentsModule } from './deployments.module';
export { WorkPoolsModule } from './work-pools.module';
export { BlocksModule } from './blocks.module';
export { BlockQueries } from './application/blocks/block-queries';
