import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import pino from 'pino';
import type { WebSocket } from 'ws';
import { Metrics } from '../../../infrastructure/observability/metrics';
import type { ApiKeyAuthenticator, Authorizer } from '../../../shared/application';
import type { EventsService, IngestResult } from '../application/events/events.service';
import type { PrefectEvent } from '../application/events/prefect-event';
import { EventsInSession } from './events-in.session';
import { AccessCheck, type SocketSession } from './socket-session';

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  readyState = 1;
  paused = false;
  pongs: string[] = [];
  closedWith: { code: number; reason: string } | undefined;
  pause() {
    this.paused = true;
  }
  resume() {
    this.paused = false;
  }
  pong(data: Buffer) {
    this.pongs.push(data.toString());
  }
  close(code: number, reason: string) {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }
  text(value: unknown) {
    this.emit('message', Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)), false);
  }
  ping(label: string) {
    this.emit('ping', Buffer.from(label));
  }
}

/** An EventsService whose writes complete when the test says so. */
class HeldWrites {
  readonly calls: { events: readonly PrefectEvent[]; resolve: (r: IngestResult) => void; reject: (e: unknown) => void }[] = [];
  ingest(_scope: unknown, events: readonly PrefectEvent[]): Promise<IngestResult> {
    return new Promise((resolve, reject) => this.calls.push({ events, resolve, reject }));
  }
  get written(): number {
    return this.calls.reduce((n, c) => n + c.events.length, 0);
  }
  releaseAll() {
    for (const c of this.calls.splice(0)) c.resolve({ stored: c.events.length, duplicates: 0 });
  }
}

const session: SocketSession = {
  scope: { kind: 'workspace', accountId: randomUUID(), workspaceId: randomUUID() },
  principal: { actor: { type: 'user', id: randomUUID(), name: 'u' }, apiKeyId: null },
  apiKey: 'k',
  permission: 'run_flows',
  handshake: false,
};

const event = () => ({ id: randomUUID(), occurred: new Date().toISOString(), event: 'x.y', resource: { 'prefect.resource.id': 'r' } });

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

function setup(handshake = false) {
  const socket = new FakeSocket();
  const writes = new HeldWrites();
  const s = new EventsInSession(socket as unknown as WebSocket, handshake, writes as unknown as EventsService, pino({ level: 'silent' }), new Metrics(false));
  return { socket, writes, s };
}

describe('EventsInSession', () => {
  it('processes nothing before authentication, then everything received meanwhile', async () => {
    const { socket, writes, s } = setup();
    socket.text(event());
    socket.text(event());
    socket.ping('p1');
    // Nothing can be written without a session: the messages wait in the session, unparsed.
    assert.equal(writes.calls.length, 0);
    assert.deepEqual(socket.pongs, [], 'no pong before the events are stored');
    s.start(session);
    await until(() => writes.calls.length === 1, 'the first write');
    assert.equal(writes.written, 2);
    writes.releaseAll();
    await until(() => socket.pongs.length === 1, 'the pong');
  });

  it('holds a pong until every message before the ping is stored or dropped; later messages do not hold it', async () => {
    const { socket, writes, s } = setup();
    s.start(session);
    socket.ping('empty');
    assert.deepEqual(socket.pongs, ['empty'], 'nothing pending: answered at once');
    socket.text(event());
    socket.text('garbage');
    socket.ping('p1');
    await until(() => writes.calls.length === 1, 'the first write');
    socket.text(event());
    socket.ping('p2');
    assert.deepEqual(socket.pongs, ['empty']);
    writes.releaseAll();
    await until(() => socket.pongs.includes('p1'), 'p1');
    await until(() => writes.calls.length === 1, 'the second write');
    assert.deepEqual(socket.pongs, ['empty', 'p1']);
    writes.releaseAll();
    await until(() => socket.pongs.includes('p2'), 'p2');
  });

  it('a handshake’s auth message is not an event and counts as done', async () => {
    const { socket, s } = setup(true);
    socket.text({ type: 'auth', token: 'k' });
    socket.ping('after-auth');
    const auth = await s.nextAuthFrame(1000);
    assert.ok(auth);
    assert.deepEqual(socket.pongs, ['after-auth']);
  });

  it('writes in batches, stops reading when writes fall behind and reads again when they catch up', async () => {
    const { socket, writes, s } = setup();
    s.start(session);
    for (let i = 0; i < 2500; i++) socket.text(event());
    assert.equal(socket.paused, true);
    // One write at a time, 500 events each.
    for (let batch = 1; batch <= 5; batch++) {
      await until(() => writes.calls.length === 1, `write ${batch}`);
      assert.equal(writes.calls[0]!.events.length, 500);
      writes.releaseAll();
    }
    await until(() => !socket.paused, 'resumed');
    assert.equal(writes.calls.length, 0);
  });

  it('closes with 1011 when events cannot be stored, so the client resends them', async () => {
    const { socket, writes, s } = setup();
    s.start(session);
    socket.text(event());
    socket.ping('p');
    await until(() => writes.calls.length === 1, 'the write');
    writes.calls[0]!.reject(new Error('disk full'));
    await until(() => socket.closedWith !== undefined, 'the close');
    assert.equal(socket.closedWith!.code, 1011);
    assert.deepEqual(socket.pongs, [], 'never acknowledged');
  });

  it('re-checks access before storing each batch: once the key is revoked nothing more is stored or acknowledged, and the socket closes with 1008', async () => {
    const { socket, writes, s } = setup();
    let valid = true;
    const authenticator = { authenticate: async () => (valid ? session.principal : undefined) } as unknown as ApiKeyAuthenticator;
    const authorizer = { authorize: async () => undefined } as unknown as Authorizer;
    const access = new AccessCheck({ session, authenticator, authorizer, maxAgeMs: () => 0 });
    s.start(session, access);
    socket.text(event());
    socket.ping('p1');
    await until(() => writes.calls.length === 1, 'the first write');
    writes.releaseAll();
    await until(() => socket.pongs.length === 1, 'the first pong');
    valid = false;
    socket.text(event());
    socket.ping('p2');
    await until(() => socket.closedWith !== undefined, 'the close');
    assert.deepEqual(socket.closedWith, { code: 1008, reason: 'API key revoked or expired' });
    assert.equal(writes.calls.length, 0, 'the later event is not stored');
    assert.deepEqual(socket.pongs, ['p1'], 'the later event is never acknowledged');
  });
});
