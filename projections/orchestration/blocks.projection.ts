import type { Projection } from '../../src/shared/ddd';

/** The blocks read models. */
export const blocksProjections: readonly Projection[] = [];
