import type { Document, Projection } from '../../src/shared/ddd';

export interface StreamStatsDoc extends Document {
  stream: string;
  events: number;
  lastRevision: number;
  sum: number;
}

/** A test projection over every event type the crash test writes: per-stream counts and a checksum. */
export const streamStatsProjection: Projection<StreamStatsDoc> = {
  name: 'test_stream_stats',
  version: 1,
  collection: 'test_stream_stats',
  eventTypes: ['CrashTestAppended'],
  keys: (e) => [e.stream],
  evolve(doc, e) {
    const n = (e.data as { n: number }).n;
    return { _id: e.stream, stream: e.stream, events: (doc?.events ?? 0) + 1, lastRevision: e.revision, sum: (doc?.sum ?? 0) + n };
  },
};
