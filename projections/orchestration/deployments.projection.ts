import type { Projection } from '../../src/shared/ddd';

/** The deployments read models. */
export const deploymentsProjections: readonly Projection[] = [];
