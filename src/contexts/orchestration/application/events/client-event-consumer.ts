import type { Principal } from '../../../../shared/application';
import type { TenantScope } from '../orchestration-reads';
import type { ReceivedEvent } from './prefect-event';

/**
 * Something that turns client events into state, e.g. the task-run recorder (prefect-api.md §3.4):
 * it receives every event a client sent (`/events/in`, `POST /events`), never the server's own.
 *
 * Delivery is at least once, in `_seq` order, one workspace and one sender per call (`sender`: the
 * principal whose key sent the events; its `apiKeyId` is that key's id): after a crash, or after this
 * consumer (or another one) failed, the same events come again. `consume` must therefore be
 * idempotent (e.g. append with the event id as the event-store event id). A thrown error is logged
 * and the batch retried with backoff; nothing is skipped.
 */
export interface ClientEventConsumer {
  /** Names the consumer in logs (the class name when absent). */
  readonly name?: string;
  consume(scope: TenantScope, events: readonly ReceivedEvent[], sender?: Principal): Promise<void>;
}

/**
 * The consumers, as one provider whose value is an array. Register one by adding it to the factory
 * in orchestration.module.ts:
 *   { provide: CLIENT_EVENT_CONSUMERS, useFactory: (...c: ClientEventConsumer[]) => c, inject: [TaskRunRecorder] }
 */
export const CLIENT_EVENT_CONSUMERS = Symbol('CLIENT_EVENT_CONSUMERS');
