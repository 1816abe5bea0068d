import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../support/test-server';

interface GraphqlResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

describe('GraphQL endpoint: HTTP and graphql-ws', () => {
  let t: TestServer;
  const post = async (query: string, key?: string | null, variables?: Record<string, unknown>) => {
    const res = await t.fetch(`${t.server.url}/graphql`, { method: 'POST', key, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return { status: res.status, body: (await res.json()) as GraphqlResponse };
  };
  const wsClient = (connectionParams: Record<string, unknown>) =>
    createClient({ url: `${t.server.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });

  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t?.stop();
  });

  it('answers the viewer to an API key, and 401 without one', async () => {
    const ok = await post('{ viewer { id type name } }');
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body.data, { viewer: { id: t.server.installation.ids.userId, type: 'user', name: 'admin' } });
    assert.equal((await post('{ viewer { id } }', null)).status, 401);
  });

  it('refuses bad documents with VALIDATION_FAILED in extensions.code, and a body that is no GraphQL request with 422', async () => {
    const unknown = await post('{ viewer { nope } }');
    assert.equal(unknown.body.errors?.[0]?.extensions?.code, 'VALIDATION_FAILED');
    const syntax = await post('{ viewer { id ');
    assert.equal(syntax.body.errors?.[0]?.extensions?.code, 'VALIDATION_FAILED');
    const res = await t.fetch(`${t.server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ nothing: true }) });
    assert.equal(res.status, 422);
  });

  it('refuses a document that costs more than the limit (aliases count)', async () => {
    const fields = Array.from({ length: 2000 }, (_, i) => `a${i}: viewer { id }`).join(' ');
    const res = await post(`{ ${fields} }`);
    assert.equal(res.body.data, undefined);
    assert.equal(res.body.errors?.[0]?.extensions?.code, 'VALIDATION_FAILED');
    assert.match(res.body.errors?.[0]?.message ?? '', /cost/i);
  });

  it('runs an operation over graphql-ws with the key in connection_init, and refuses a connection without a valid one', async () => {
    const client = wsClient({ authorization: `Bearer ${t.apiKey}` });
    try {
      const result = await new Promise<GraphqlResponse>((resolve, reject) => {
        let got: GraphqlResponse | undefined;
        client.subscribe({ query: '{ viewer { type } }' }, { next: (v) => (got = v as GraphqlResponse), error: reject, complete: () => resolve(got!) });
      });
      assert.deepEqual(result.data, { viewer: { type: 'user' } });
    } finally {
      await client.dispose();
    }
    const refused = wsClient({ authorization: 'Bearer pnu_not_a_key' });
    try {
      const closed = await new Promise<unknown>((resolve) => {
        refused.subscribe({ query: '{ viewer { type } }' }, { next: () => undefined, error: resolve, complete: () => resolve('completed') });
      });
      assert.equal((closed as { code?: number }).code, 4403);
    } finally {
      await refused.dispose();
    }
  });

  it('leaves the prefect subprotocol of the Prefect sockets alone once a GraphQL socket has opened', async () => {
    const client = wsClient({ authorization: `Bearer ${t.apiKey}` });
    try {
      await new Promise<void>((resolve, reject) => client.subscribe({ query: '{ viewer { type } }' }, { next: () => undefined, error: reject, complete: resolve }));
    } finally {
      await client.dispose();
    }
    const url = `${t.workspaceApi.replace(/^http/, 'ws')}/events/out`;
    const socket = new WebSocket(url, ['prefect'], { headers: { authorization: `Bearer ${t.apiKey}` } });
    try {
      const protocol = await new Promise<string>((resolve, reject) => {
        socket.once('open', () => resolve(socket.protocol));
        socket.once('error', reject);
      });
      assert.equal(protocol, 'prefect');
    } finally {
      socket.close();
    }
  });
});
