import type { Projection } from '../../src/shared/ddd';

/** The artifacts read models. */
export const artifactsProjections: readonly Projection[] = [];
