import type { Projection } from '../../src/shared/ddd';

export const oidcConnectionsProjections: readonly Projection[] = [];
