#!/usr/bin/env node
/**
 * A GraphQL subscriber for the compat suite (test_graphql_subscription.py): subscribes over graphql-ws to
 * `flowRunStateChanged` of one workspace and appends every event to a file, one JSON object per line
 * (`{"event": {...}}`; `{"errors": [...]}` or `{"closed": code}` when the server ends it). Uses the repo's
 * `graphql-ws` and `ws` packages.
 *
 *   node gql_subscriber.mjs <ws://host:port/graphql> <api key> <account id> <workspace id> <output file>
 *
 * Runs until killed (SIGTERM/SIGINT dispose the client and exit 0).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, key, accountId, workspaceId, out] = process.argv.slice(2);
if (!out) {
  process.stderr.write('usage: gql_subscriber.mjs <url> <key> <accountId> <workspaceId> <out>\n');
  process.exit(2);
}
writeFileSync(out, '');
const write = (obj) => appendFileSync(out, `${JSON.stringify(obj)}\n`);

const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${key}` }, retryAttempts: 0, lazy: false });
const query = `subscription States($a: ID!, $w: ID!) {
  flowRunStateChanged(accountId: $a, workspaceId: $w) {
    cursor flowRunId occurredAt
    state { id type name timestamp }
    actor { id type name }
  }
}`;
client.subscribe(
  { query, variables: { a: accountId, w: workspaceId } },
  {
    next: (v) => (v.errors ? write({ errors: v.errors }) : write({ event: v.data.flowRunStateChanged })),
    error: (e) => {
      write(Array.isArray(e) ? { errors: e } : { closed: e?.code ?? String(e) });
      process.exit(1);
    },
    complete: () => {
      write({ completed: true });
      process.exit(0);
    },
  },
);

const stop = () => {
  void client.dispose();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
