import type { Projection } from '../../src/shared/ddd';

/** The service-accounts read models. */
export const serviceAccountsProjections: readonly Projection[] = [];
