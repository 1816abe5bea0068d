import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CommandBus } from '@nestjs/cqrs';
import { CreateUserApiKeyCommand, RegisterUserCommand } from '../../src/contexts/identity-access';
import { apiKeyDecider } from '../../src/contexts/identity-access/domain/api-key/api-key.decide';
import { PrefectSockets } from '../../src/contexts/orchestration/api/prefect-sockets';
import { workspaceDecider } from '../../src/contexts/tenancy/domain/workspace/workspace.decide';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import { DeciderCommandHandler, eventMetadata, NO_REQUEST, SYSTEM_PRINCIPAL } from '../../src/shared/application';
import { streamName } from '../../src/shared/ddd';
import { startTestServer, type TestServer } from '../support/test-server';
import { TestSocket, toWs, waitFor } from '../support/ws-client';

interface Member {
  readonly userId: string;
  readonly keyId: string;
  readonly key: string;
}

interface Received {
  readonly type: string;
  readonly event?: { id: string; event: string };
  readonly log?: { message: string };
}

/** Long enough for the idle re-check (every few seconds) to have run. */
const CLOSE_DEADLINE_MS = 20_000;

describe('open websockets stop serving a caller who lost access (revoked key, revoked workspace access)', () => {
  let t: TestServer;
  let handles = 0;
  const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const wsUrl = (path: string) => toWs(`${t.workspaceApi}${path}`);
  const event = (name: string) => ({
    id: randomUUID(),
    occurred: new Date().toISOString(),
    event: name,
    resource: { 'prefect.resource.id': `test.resource.${randomUUID()}` },
    related: [],
    payload: {},
  });
  const post = async (events: unknown[]) => assert.equal((await t.fetch(`${t.workspaceApi}/events`, json(events))).status, 204);
  const stored = async (name: string): Promise<string[]> => {
    const res = await t.fetch(`${t.workspaceApi}/events/filter`, json({ filter: { event: { name: [name] }, occurred: window() } }));
    assert.equal(res.status, 200);
    return ((await res.json()) as { events: { id: string }[] }).events.map((e) => e.id);
  };
  const postLog = async (flowRunId: string, message: string) =>
    assert.equal((await t.fetch(`${t.workspaceApi}/logs/`, json([{ name: 'prefect.flow_runs', level: 20, message, timestamp: new Date().toISOString(), flow_run_id: flowRunId, task_run_id: null }]))).status, 201);
  const window = () => ({ since: new Date(Date.now() - 60_000).toISOString(), until: new Date(Date.now() + 86_400_000).toISOString() });
  const wait = async (position: number | undefined) => {
    assert.ok(position !== undefined);
    await t.server.app.get(ProjectionRunner).wait(position);
  };

  /** A user granted the developer role in the installation's workspace, with an API key. */
  const member = async (): Promise<Member> => {
    const handle = `socket-user-${++handles}`;
    const bus = t.server.app.get(CommandBus);
    const { accountId, workspaceId } = t.server.installation.ids;
    const { userId } = await bus.execute(new RegisterUserCommand(SYSTEM_PRINCIPAL, NO_REQUEST, { handle, email: `${handle}@example.com`, firstName: null, lastName: null }));
    const granted = await t.server.app.get(DeciderCommandHandler).handle({
      decider: workspaceDecider,
      stream: streamName('workspace', workspaceId),
      command: { type: 'GrantWorkspaceAccess', data: { actorType: 'user', actorId: userId, role: 'developer', now: new Date().toISOString() } },
      metadata: eventMetadata(SYSTEM_PRINCIPAL, { kind: 'workspace', accountId, workspaceId }, NO_REQUEST, new Date()),
    });
    await wait(granted.position);
    const key = await bus.execute(new CreateUserApiKeyCommand(SYSTEM_PRINCIPAL, NO_REQUEST, userId, { name: handle, expiration: null }));
    await wait(key.position);
    return { userId, keyId: key.id, key: key.key };
  };

  const revokeWorkspaceAccess = async (m: Member) => {
    const { accountId, workspaceId } = t.server.installation.ids;
    const revoked = await t.server.app.get(DeciderCommandHandler).handle({
      decider: workspaceDecider,
      stream: streamName('workspace', workspaceId),
      command: { type: 'RevokeWorkspaceAccess', data: { actorId: m.userId, now: new Date().toISOString() } },
      metadata: eventMetadata(SYSTEM_PRINCIPAL, { kind: 'workspace', accountId, workspaceId }, NO_REQUEST, new Date()),
    });
    assert.deepEqual(revoked.events.map((e) => e.type), ['WorkspaceAccessRevoked']);
    await wait(revoked.position);
  };

  const revokeKey = async (m: Member) => {
    const revoked = await t.server.app.get(DeciderCommandHandler).handle({
      decider: apiKeyDecider,
      stream: streamName('apiKey', m.keyId),
      command: { type: 'RevokeApiKey', data: { keyId: m.keyId, now: new Date().toISOString() } },
      metadata: eventMetadata(SYSTEM_PRINCIPAL, { kind: 'installation' }, NO_REQUEST, new Date()),
    });
    assert.deepEqual(revoked.events.map((e) => e.type), ['ApiKeyRevoked']);
    await wait(revoked.position);
  };

  const subscribeEvents = async (key: string, prefix: string) => {
    const s = await TestSocket.open(wsUrl('/events/out'), { protocols: ['prefect'] });
    s.send({ type: 'auth', token: key });
    assert.deepEqual(await s.next(), { type: 'auth_success' });
    s.send({ type: 'filter', filter: { occurred: window(), event: { prefix: [prefix] } }, backfill: false });
    return s;
  };

  /** Posts probe events until one reaches the subscriber (the filter message is not acknowledged). */
  const live = async (s: TestSocket, name: string) => {
    const probe = await waitFor(async () => {
      await post([event(name)]);
      return s.next<Received>(200).then(
        (m) => m,
        () => undefined,
      );
    }, `the live subscription to ${name}`);
    assert.equal(probe.type, 'event');
    await s.ping();
    s.drain();
  };

  const subscribeLogs = async (key: string, flowRunId: string) => {
    const s = await TestSocket.open(wsUrl('/logs/out'), { protocols: ['prefect'] });
    s.send({ type: 'auth', token: key });
    assert.deepEqual(await s.next(), { type: 'auth_success' });
    s.send({ type: 'filter', filter: { flow_run_id: { any_: [flowRunId] } } });
    const probe = await waitFor(async () => {
      await postLog(flowRunId, 'probe');
      return s.next<Received>(200).then(
        (m) => m,
        () => undefined,
      );
    }, 'the live log subscription');
    assert.equal(probe.log?.message, 'probe');
    await s.ping();
    s.drain();
    return s;
  };

  /** The next message that is not a late probe (probes are posted until one arrives, so more may follow). */
  const nextReal = async (s: TestSocket): Promise<Received> => {
    for (;;) {
      const m = await s.next<Received>();
      if (!m.event?.event.endsWith('.probe') && m.log?.message !== 'probe') return m;
    }
  };

  const eventIds = (messages: unknown[]) => (messages as Received[]).map((m) => m.event?.id);

  before(async () => {
    t = await startTestServer();
    // Every delivery re-checks access, so the first one after a revoke is refused (in production an
    // "allowed" decision is trusted for up to a second).
    t.server.app.get(PrefectSockets).accessCacheMs = 0;
  });
  after(async () => {
    await t?.stop();
    if (t) rmSync(t.dataDir, { recursive: true, force: true });
  });

  it('/events/out: a subscriber whose workspace access is revoked receives nothing more and is closed (1008); the others keep receiving', async () => {
    const m = await member();
    const theirs = await subscribeEvents(m.key, 'access.ws.');
    const ours = await subscribeEvents(t.apiKey, 'access.ws.');
    await live(theirs, 'access.ws.probe');
    await ours.ping();
    ours.drain();

    await revokeWorkspaceAccess(m);
    const after = [event('access.ws.after'), event('access.ws.after')];
    await post(after);
    const closed = await theirs.expectClose(CLOSE_DEADLINE_MS);
    assert.deepEqual([closed.code, closed.reason], [1008, 'Workspace not found']);
    assert.deepEqual(eventIds(theirs.drain()).filter((id) => after.some((e) => e.id === id)), []);

    // Control: a caller whose access is intact still gets everything, and stays open after a re-check.
    assert.deepEqual([(await nextReal(ours)).event?.id, (await nextReal(ours)).event?.id], after.map((e) => e.id));
    await t.server.app.get(PrefectSockets).recheckAccess();
    const later = event('access.ws.later');
    await post([later]);
    assert.equal((await nextReal(ours)).event?.id, later.id);
    assert.equal(ours.ws.readyState, ours.ws.OPEN);
    await ours.close();

    // And the member cannot subscribe again.
    const again = await TestSocket.open(wsUrl('/events/out'), { protocols: ['prefect'] });
    again.send({ type: 'auth', token: m.key });
    assert.deepEqual([(await again.expectClose()).code], [1008]);
  });

  it('/events/out: a subscriber whose key is revoked receives nothing more and is closed (1008)', async () => {
    const m = await member();
    const s = await subscribeEvents(m.key, 'access.key.');
    await live(s, 'access.key.probe');
    await revokeKey(m);
    const after = event('access.key.after');
    await post([after]);
    const closed = await s.expectClose(CLOSE_DEADLINE_MS);
    assert.equal(closed.code, 1008);
    assert.match(closed.reason, /revoked/);
    assert.deepEqual(eventIds(s.drain()).filter((id) => id === after.id), []);
  });

  it('/events/out: an idle subscriber is closed by the periodic re-check once its key is revoked', async () => {
    const m = await member();
    const s = await subscribeEvents(m.key, 'access.idle.');
    await live(s, 'access.idle.probe');
    await revokeKey(m);
    // No traffic at all: only the idle re-check can notice.
    const closed = await s.expectClose(CLOSE_DEADLINE_MS);
    assert.equal(closed.code, 1008);
    assert.match(closed.reason, /revoked/);
    assert.deepEqual(s.drain(), []);
  });

  it('/logs/out: a subscriber whose workspace access or key is revoked receives no more lines and is closed (1008)', async () => {
    const flowRunId = randomUUID();
    const lostAccess = await member();
    const lostKey = await member();
    const a = await subscribeLogs(lostAccess.key, flowRunId);
    const b = await subscribeLogs(lostKey.key, flowRunId);
    const ours = await subscribeLogs(t.apiKey, flowRunId);
    await revokeWorkspaceAccess(lostAccess);
    await revokeKey(lostKey);
    await postLog(flowRunId, 'after the revoke');
    const [closedA, closedB] = await Promise.all([a.expectClose(CLOSE_DEADLINE_MS), b.expectClose(CLOSE_DEADLINE_MS)]);
    assert.deepEqual([closedA.code, closedA.reason], [1008, 'Workspace not found']);
    assert.equal(closedB.code, 1008);
    assert.match(closedB.reason, /revoked/);
    for (const s of [a, b]) assert.deepEqual((s.drain() as Received[]).filter((m) => m.log?.message === 'after the revoke'), []);
    // Control: the intact subscriber got the line and keeps receiving.
    assert.equal((await nextReal(ours)).log?.message, 'after the revoke');
    await postLog(flowRunId, 'later');
    assert.equal((await nextReal(ours)).log?.message, 'later');
    await ours.close();
  });

  it('/events/in: a client whose key is revoked is closed (1008) and its later events are not stored; an intact client keeps storing', async () => {
    const m = await member();
    const theirs = await TestSocket.open(wsUrl('/events/in'), { headers: { authorization: `bearer ${m.key}` } });
    const ours = await TestSocket.open(wsUrl('/events/in'), { headers: { authorization: `bearer ${t.apiKey}` } });
    const before = event('access.in.before');
    theirs.send(before);
    await theirs.ping();
    assert.deepEqual(await stored('access.in.before'), [before.id]);

    await revokeKey(m);
    const after = event('access.in.after');
    theirs.send(after);
    const closed = await theirs.expectClose(CLOSE_DEADLINE_MS);
    assert.equal(closed.code, 1008);
    assert.match(closed.reason, /revoked/);

    // Control: the intact client's events are stored (its pong acknowledges them) …
    const ok = event('access.in.intact');
    ours.send(ok);
    await ours.ping();
    assert.deepEqual(await stored('access.in.intact'), [ok.id]);
    await ours.close();
    // … and the revoked client's event, sent before that, never was.
    assert.deepEqual(await stored('access.in.after'), []);
  });

  it('/events/in: a client whose workspace access is revoked is closed (1008) and its later events are not stored', async () => {
    const m = await member();
    const s = await TestSocket.open(wsUrl('/events/in'), { protocols: ['prefect'] });
    s.send({ type: 'auth', token: m.key });
    assert.deepEqual(await s.next(), { type: 'auth_success' });
    const before = event('access.in-ws.before');
    s.send(before);
    await s.ping();
    assert.deepEqual(await stored('access.in-ws.before'), [before.id]);
    await revokeWorkspaceAccess(m);
    const after = event('access.in-ws.after');
    s.send(after);
    const closed = await s.expectClose(CLOSE_DEADLINE_MS);
    assert.deepEqual([closed.code, closed.reason], [1008, 'Workspace not found']);
    // A later event from a client with access is stored, so the revoked one's was not merely late.
    await post([event('access.in-ws.marker')]);
    assert.equal((await stored('access.in-ws.marker')).length, 1);
    assert.deepEqual(await stored('access.in-ws.after'), []);
  });
});
