import type { Projection } from '../../src/shared/ddd';

export const ssoProjections: readonly Projection[] = [];
