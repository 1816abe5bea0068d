import fastifyWebsocket from '@fastify/websocket';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';

/**
 * The largest websocket message read at all. Routes apply their own, smaller limits (a Prefect
 * event may be 1.5 MB) and drop an oversized message themselves instead of losing the socket; a
 * message beyond this one closes the connection (1009), which protects memory.
 */
export const MAX_WEBSOCKET_MESSAGE_BYTES = 8 * 1024 * 1024;

/** The subprotocol Prefect clients offer (reference/prefect-api.md §3.1). */
export const PREFECT_SUBPROTOCOL = 'prefect';

/** The subprotocol of GraphQL over websockets (the graphql-ws library's protocol). */
export const GRAPHQL_WS_SUBPROTOCOL = 'graphql-transport-ws';

/**
 * Adds websockets to the Fastify instance under Nest. Must run before `app.init()`: the plugin's
 * `onRoute` hook has to see the websocket routes, which the context modules add to the instance in
 * `onModuleInit` (plain Fastify routes, so Nest's guards and pipes do not apply: they authenticate
 * themselves). Upgrade requests go through Fastify's routing, so the OSS-layout URL rewrite applies.
 *
 * Pings are not answered automatically (`autoPong: false`): every websocket route answers them
 * itself, which lets `/events/in` hold a pong until the events sent before the ping are stored —
 * the Prefect client treats a pong as the acknowledgement of everything it sent before.
 */
export async function registerWebsocketSupport(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  await fastify.register(fastifyWebsocket, {
    options: {
      maxPayload: MAX_WEBSOCKET_MESSAGE_BYTES,
      autoPong: false,
      // Accept `prefect` or graphql-ws's protocol when offered; a client offering nothing is accepted without one.
      handleProtocols: (protocols: Set<string>) => (protocols.has(PREFECT_SUBPROTOCOL) ? PREFECT_SUBPROTOCOL : protocols.has(GRAPHQL_WS_SUBPROTOCOL) ? GRAPHQL_WS_SUBPROTOCOL : false),
    },
  });
}

/** Close codes and the 123-byte limit of a close reason (RFC 6455 §5.5). */
export const WS_CLOSE = { normal: 1000, goingAway: 1001, protocolError: 1002, policyViolation: 1008, internalError: 1011, tryAgainLater: 1013 } as const;

export function closeReason(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= 123) return text;
  let cut = 120;
  // Do not split a multi-byte character.
  while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut--;
  return `${bytes.subarray(0, cut).toString('utf8')}...`;
}
