/** What the projections and other contexts may use from variables: event types and pure helpers. */
export type { VariableEvent } from '../domain/variable/variable';
export type { VariableNamesEvent } from '../domain/variable/variable-names';
export type { VariableChanges } from '../domain/variable/variable-rules';
export { variableDecider } from '../domain/variable/variable';
