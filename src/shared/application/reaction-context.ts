import type { EventMetadata, RecordedEvent } from '../ddd';
import { NO_REQUEST, type RequestContext } from './event-metadata';
import type { Principal } from './principal';

/**
 * Who a reactor acts as when it reacts to a recorded event: the event's actor (the change it finishes is
 * theirs), in the same correlation, caused by that event.
 */
export function reactionContext(event: RecordedEvent): { principal: Principal; request: RequestContext } {
  const metadata = event.metadata as EventMetadata;
  return {
    principal: { actor: metadata.actor, apiKeyId: null },
    request: { ...NO_REQUEST, correlationId: metadata.correlationId ?? null, causationId: event.id },
  };
}
