import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics, served at /metrics. One registry per process (tests may create several apps). */
export class Metrics {
  readonly registry = new Registry();

  readonly appends = new Counter({ name: 'praetor_event_store_appends_total', help: 'Appends acknowledged by the event store', labelNames: ['outcome'] as const, registers: [this.registry] });
  readonly appendedEvents = new Counter({ name: 'praetor_event_store_events_appended_total', help: 'Events written to the event store', registers: [this.registry] });
  readonly appendLatency = new Histogram({
    name: 'praetor_event_store_append_duration_seconds',
    help: 'Time from append call to durable acknowledgement',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly projectionLag = new Gauge({ name: 'praetor_projection_lag_events', help: 'Events appended but not yet applied by the projections', registers: [this.registry] });
  readonly projectionPosition = new Gauge({ name: 'praetor_projection_position', help: 'Last global position applied by the projections', registers: [this.registry] });
  readonly projectionBatch = new Histogram({
    name: 'praetor_projection_batch_duration_seconds',
    help: 'Time to apply one batch of events to every projection',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });
  readonly httpLatency = new Histogram({
    name: 'praetor_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly clientEvents = new Counter({
    name: 'praetor_client_events_total',
    help: 'Prefect events offered by clients and the server, by outcome (stored, duplicate) and origin',
    labelNames: ['outcome', 'origin'] as const,
    registers: [this.registry],
  });
  readonly droppedEventFrames = new Counter({
    name: 'praetor_event_frames_dropped_total',
    help: 'Websocket frames on /events/in that were not a valid Prefect event, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly logLines = new Counter({ name: 'praetor_log_lines_written_total', help: 'Run log lines written to the read store', registers: [this.registry] });
  readonly websockets = new Gauge({ name: 'praetor_websockets_open', help: 'Open websocket connections, by route', labelNames: ['route'] as const, registers: [this.registry] });
  readonly reactorFailures = new Counter({ name: 'praetor_reactor_failures_total', help: 'Reactor batches that failed and are retried', labelNames: ['reactor'] as const, registers: [this.registry] });
  readonly reactorPosition = new Gauge({ name: 'praetor_reactor_position', help: 'Last global position a reactor handled', labelNames: ['reactor'] as const, registers: [this.registry] });

  constructor(withDefaults = true) {
    if (withDefaults) collectDefaultMetrics({ register: this.registry, prefix: 'praetor_' });
  }
}
