export type { FlowEvent } from './domain/flow/flow';
export * from './read-models';
export { OrchestrationModule } from './orchestration.module';
