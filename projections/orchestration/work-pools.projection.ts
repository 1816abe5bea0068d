import type { Projection } from '../../src/shared/ddd';

/** The work-pools read models. */
export const workPoolsProjections: readonly Projection[] = [];
