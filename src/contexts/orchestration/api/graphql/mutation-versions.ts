import type { EventStore } from '../../../../infrastructure/event-store/event-store.port';
import type { GraphqlContext } from '../../../../infrastructure/graphql/graphql-context';
import { streamName } from '../../../../shared/ddd';
import { ConflictError, ValidationError } from '../../../../shared/errors';
import { variableStream } from '../../application/variables/variable.use-cases';

/**
 * The event stream that holds each kind of object mutations change, keyed by the read-model document's id. A work
 * queue lives in its pool's aggregate, so its version is its pool's.
 */
export const VERSIONED_STREAMS = {
  FlowRun: (doc: { _id: string }) => streamName('flowRun', doc._id),
  Deployment: (doc: { _id: string }) => streamName('deployment', doc._id),
  WorkPool: (doc: { _id: string }) => streamName('workPool', doc._id),
  WorkQueue: (doc: { work_pool_id: string }) => streamName('workPool', doc.work_pool_id),
  BlockDocument: (doc: { _id: string }) => streamName('blockDocument', doc._id),
  Variable: (doc: { _id: string }) => variableStream(doc._id),
} as const;

export type VersionedType = keyof typeof VERSIONED_STREAMS;

/**
 * Optimistic concurrency for GraphQL mutations: an object's version is its stream's revision (as `StateChange.revision`
 * counts), read from the event store, never from a read model that may lag.
 */
export class MutationVersions {
  constructor(private readonly events: EventStore) {}

  /** The stream's revision (-1 when it has no event). */
  current(stream: string): Promise<number> {
    return this.events.streamRevision(stream);
  }

  /**
   * CONFLICT when the caller saw another version than the stream is at now; nothing is written then. This early check
   * gives the clear answer; the same expected revision also goes down to the append (Caller.expectedRevision), which
   * closes the race with a write landing in between.
   */
  async check(stream: string, expectedVersion: number | null | undefined): Promise<void> {
    if (expectedVersion === null || expectedVersion === undefined) return;
    if (!Number.isInteger(expectedVersion) || expectedVersion < 0) throw new ValidationError('expectedVersion must be a non-negative integer');
    const actual = await this.current(stream);
    if (actual !== expectedVersion) {
      throw new ConflictError(`The object is at version ${actual}, not ${expectedVersion}: read it again and retry`, { expectedVersion, actualVersion: actual });
    }
  }

  /** The `revision` field of `type`: one event-store read per stream and operation (DataLoader). */
  field(type: VersionedType) {
    const streamOf = VERSIONED_STREAMS[type] as (doc: unknown) => string;
    return (parent: unknown, _args: unknown, ctx: GraphqlContext): Promise<number> =>
      ctx.loader<string, number>('orchestration:streamRevision', (streams) => Promise.all(streams.map((s) => this.current(s)))).load(streamOf(parent));
  }
}
