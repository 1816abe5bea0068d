/** What the projections and other contexts may use from artifacts: event types and pure helpers. */
export type { ArtifactEvent, ArtifactSnapshot, ArtifactChanges } from '../domain/artifact/artifact';
export { artifactStreamDecider } from '../domain/artifact/artifact';
