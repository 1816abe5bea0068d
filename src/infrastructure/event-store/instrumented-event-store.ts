import type { Metrics } from '../observability/metrics';
import type { AppendResult, EventStore, EventToAppend, ExpectedRevision } from './event-store.port';

/** Wraps any adapter with append counters and latency, so both adapters report the same metrics. */
export function instrumentEventStore(inner: EventStore, metrics: Metrics): EventStore {
  const append = async (stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> => {
    const end = metrics.appendLatency.startTimer();
    try {
      const result = await inner.append(stream, events, expected);
      metrics.appends.inc({ outcome: 'ok' });
      metrics.appendedEvents.inc(events.length);
      return result;
    } catch (err) {
      metrics.appends.inc({ outcome: (err as { code?: string }).code === 'CONFLICT' ? 'conflict' : 'error' });
      throw err;
    } finally {
      end();
    }
  };
  return {
    append,
    readStream: (s, o) => inner.readStream(s, o),
    readAll: (o) => inner.readAll(o),
    subscribeToAll: (o) => inner.subscribeToAll(o),
    headPosition: () => inner.headPosition(),
    streamRevision: (s) => inner.streamRevision(s),
    close: () => inner.close(),
  };
}
