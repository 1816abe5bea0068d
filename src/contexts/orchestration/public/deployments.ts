/** What the projections and other contexts may use from deployments: event types and pure helpers. */
export type {
  DeploymentEvent,
  DeploymentSchedule,
  DeploymentSettings,
  DeploymentChanges,
  ConcurrencyOptions as DeploymentConcurrencyOptions,
  CollisionStrategy as DeploymentCollisionStrategy,
} from '../domain/deployment/deployment';

/** Every deployment event type (the scheduler reacts to all of them; each carries `data.deploymentId`). */
export const DEPLOYMENT_EVENT_TYPES = ['DeploymentCreated', 'DeploymentUpdated', 'DeploymentDeleted'] as const;

/** The name of the global (v2) concurrency limit that backs a deployment's `concurrency_limit` (as Prefect names it). */
export const deploymentConcurrencyLimitName = (deploymentId: string): string => `deployment:${deploymentId}`;

/** A deployment is READY while something polled for its runs within this many seconds. */
export const DEPLOYMENT_READY_SECONDS = 60;

/** The deployment decider (pure), for specs that need real event shapes. */
export { deploymentDecider } from '../domain/deployment/deployment';
