/** What the projections and other contexts may use from work-pools: event types and pure helpers. */
export type { WorkPoolEvent, WorkQueue, WorkPoolSettings } from '../domain/work-pool/work-pool';
