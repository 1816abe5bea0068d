/** What the projections and other contexts may use from blocks: event types and pure helpers. */
export type { BlockTypeEvent } from '../domain/block/block-type';
export type { BlockSchemaEvent } from '../domain/block/block-schema';
export type { BlockDocumentEvent } from '../domain/block/block-document';
