import type { Projection } from '../../src/shared/ddd';

export const invitationsProjections: readonly Projection[] = [];
