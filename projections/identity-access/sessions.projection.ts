import type { Projection } from '../../src/shared/ddd';

export const sessionsProjections: readonly Projection[] = [];
