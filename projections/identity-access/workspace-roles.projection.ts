import type { Projection } from '../../src/shared/ddd';

/** The workspace-roles read models. */
export const workspaceRolesProjections: readonly Projection[] = [];
