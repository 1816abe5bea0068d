import type { Projection } from '../../src/shared/ddd';

/** The variables read models. */
export const variablesProjections: readonly Projection[] = [];
