export type { FlowEvent } from './domain/flow/flow';
export type { ConcurrencyLimitEvent } from './domain/concurrency-limit/concurrency-limit';
export type { FlowRunEvent } from './domain/flow-run/flow-run.events';
export type { TaskRunEvent } from './domain/task-run/task-run.events';
export type { State } from './domain/states/state';
export * from './read-models';
export { OrchestrationModule } from './orchestration.module';
export { flowRunDecider } from './domain/flow-run/flow-run.decide';
export { taskRunDecider } from './domain/task-run/task-run.decide';
