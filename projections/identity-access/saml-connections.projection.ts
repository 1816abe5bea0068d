import type { Projection } from '../../src/shared/ddd';

export const samlConnectionsProjections: readonly Projection[] = [];
