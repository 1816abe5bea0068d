export type { FlowEvent } from './domain/flow/flow';
export type { ConcurrencyLimitEvent } from './domain/concurrency-limit/concurrency-limit';
export * from './read-models';
export { OrchestrationModule } from './orchestration.module';
