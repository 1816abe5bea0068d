import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { FlowRunStateChangedData, State } from '../../src/contexts/orchestration/domain';
import { PrefectSockets } from '../../src/contexts/orchestration/api/prefect-sockets';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import { reactorCheckpointName } from '../../src/infrastructure/reactors/reactor-runner';
import { eventMetadata, NO_REQUEST, SYSTEM_PRINCIPAL } from '../../src/shared/application';
import { createOtherTenant, type OtherTenant } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';
import { TestSocket, toWs, waitFor } from '../support/ws-client';

interface ReceivedEvent {
  id: string;
  occurred: string;
  event: string;
  resource: Record<string, string>;
  related: Record<string, string>[];
  payload: Record<string, unknown>;
  follows: string | null;
  received: string;
}

interface EventPage {
  events: ReceivedEvent[];
  total: number;
  next_page: string | null;
}

const BOOTSTRAP_KEY = `pnu_${'e'.repeat(36)}`;

let micros = 0;
/** A valid Prefect event; `name` is the event name. Occurrences are microseconds apart, in order. */
function event(name: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  micros = (micros + 1) % 1000;
  return {
    id: randomUUID(),
    occurred: new Date().toISOString().replace('Z', `${String(micros).padStart(3, '0')}Z`),
    event: name,
    resource: { 'prefect.resource.id': `test.resource.${randomUUID()}`, 'prefect.resource.name': 'thing' },
    related: [],
    payload: { n: 1 },
    ...over,
  };
}

describe('Prefect events: /events/in, /events/out, /events/filter, count-by, and the flow-run event publisher', () => {
  let t: TestServer;
  let eve: OtherTenant;
  const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const wsUrl = (path: string) => toWs(`${t.workspaceApi}${path}`);
  const filter = async (body: unknown, base = t.workspaceApi): Promise<EventPage> => {
    const res = await t.fetch(`${base}/events/filter`, json(body));
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as EventPage;
  };
  const byName = async (prefix: string) => (await filter({ filter: { event: { prefix: [prefix] }, order: 'ASC' } })).events;
  const post = (events: unknown[]) => t.fetch(`${t.workspaceApi}/events`, json(events));

  before(async () => {
    t = await startTestServer({ PRAETOR_BOOTSTRAP_API_KEY: BOOTSTRAP_KEY });
    eve = await createOtherTenant(t);
  });
  after(async () => {
    await t?.stop();
    if (t) rmSync(t.dataDir, { recursive: true, force: true });
  });

  describe('/events/in', () => {
    it('Cloud mode: bearer key on the upgrade, no subprotocol, events at once; a pong acknowledges stored events', async () => {
      const s = await TestSocket.open(wsUrl('/events/in'), { headers: { authorization: `bearer ${t.apiKey}` } });
      assert.equal(s.protocol, '');
      const sent = [event('cloud.a'), event('cloud.b'), event('cloud.c')];
      for (const e of sent) s.send(e);
      await s.ping();
      // No polling: the pong means every event sent before the ping is stored.
      const stored = await byName('cloud.');
      assert.deepEqual(stored.map((e) => e.id), sent.map((e) => e.id));
      assert.equal(stored[0]!.occurred, sent[0]!.occurred, 'microseconds are kept');
      assert.ok(stored[0]!.received);
      assert.deepEqual(stored[0]!.payload, { n: 1 });
      assert.equal(s.ws.readyState, s.ws.OPEN);
      await s.close();
    });

    it('OSS mode: subprotocol prefect, auth message with "<user>:<key>" or the bare key → auth_success', async () => {
      for (const token of [`api:${t.apiKey}`, t.apiKey]) {
        // The OSS layout: /api/events/in is the default workspace.
        const s = await TestSocket.open(`${toWs(t.api)}/events/in`, { protocols: ['prefect'] });
        assert.equal(s.protocol, 'prefect');
        await s.ping();
        s.send({ type: 'auth', token });
        assert.deepEqual(await s.next(), { type: 'auth_success' });
        const e = event('oss.token');
        s.send(e);
        await s.ping();
        assert.ok((await byName('oss.token')).some((x) => x.id === e.id));
        await s.close();
      }
    });

    it('OSS mode with a null token takes the key from the upgrade’s Basic header', async () => {
      const basic = `Basic ${Buffer.from(`api:${t.apiKey}`).toString('base64')}`;
      const s = await TestSocket.open(`${toWs(t.api)}/events/in`, { protocols: ['prefect'], headers: { authorization: basic } });
      s.send({ type: 'auth', token: null });
      assert.deepEqual(await s.next(), { type: 'auth_success' });
      const e = event('oss.header');
      s.send(e);
      await s.ping();
      assert.equal((await byName('oss.header')).length, 1);
      await s.close();
    });

    it('legacy mode (no subprotocol, no auth message) works with the key on the upgrade header', async () => {
      const basic = `Basic ${Buffer.from(`api:${t.apiKey}`).toString('base64')}`;
      const s = await TestSocket.open(`${toWs(t.api)}/events/in`, { headers: { authorization: basic } });
      const e = event('legacy.one');
      s.send(e);
      await s.ping();
      assert.equal((await byName('legacy.one')).length, 1);
      await s.close();
    });

    it('refuses without a key, with a bad key, with a wrong first message and for another tenant’s workspace (1008); nothing is stored', async () => {
      const cases: { name: string; open: () => Promise<TestSocket>; handshake?: unknown; reason: RegExp }[] = [
        { name: 'cloud, no header', open: () => TestSocket.open(wsUrl('/events/in')), reason: /Unauthorized/ },
        { name: 'cloud, bad key', open: () => TestSocket.open(wsUrl('/events/in'), { headers: { authorization: `bearer pnu_${'x'.repeat(36)}` } }), reason: /Invalid token/ },
        { name: 'oss, null token, no header', open: () => TestSocket.open(wsUrl('/events/in'), { protocols: ['prefect'] }), handshake: { type: 'auth', token: null }, reason: /no token/ },
        { name: 'oss, bad token', open: () => TestSocket.open(wsUrl('/events/in'), { protocols: ['prefect'] }), handshake: { type: 'auth', token: 'api:nope' }, reason: /Invalid token/ },
        { name: 'oss, not an auth message', open: () => TestSocket.open(wsUrl('/events/in'), { protocols: ['prefect'] }), handshake: { type: 'hello' }, reason: /Expected 'auth' message/ },
        { name: 'another tenant’s key on our workspace', open: () => TestSocket.open(wsUrl('/events/in'), { headers: { authorization: `bearer ${eve.key}` } }), reason: /not found/i },
        { name: 'malformed workspace id', open: () => TestSocket.open(`${toWs(t.api)}/accounts/nope/workspaces/nope/events/in`, { headers: { authorization: `bearer ${t.apiKey}` } }), reason: /not found/i },
      ];
      for (const c of cases) {
        const s = await c.open();
        if (c.handshake) s.send(c.handshake);
        s.send(event('refused.event'));
        const closed = await s.expectClose();
        assert.equal(closed.code, 1008, c.name);
        assert.match(closed.reason, c.reason, c.name);
      }
      assert.deepEqual(await byName('refused.'), []);
    });

    it('drops malformed messages (warning, counter) and keeps the socket: good events around them land', async () => {
      const s = await TestSocket.open(wsUrl('/events/in'), { headers: { authorization: `bearer ${t.apiKey}` } });
      const good1 = event('mixed.good');
      const good2 = event('mixed.good');
      s.send(good1);
      s.send('this is not json');
      s.send({ ...event('mixed.bad'), id: 'not-a-uuid' });
      s.send({ ...event('mixed.bad'), occurred: 'yesterday' });
      s.send({ ...event('mixed.bad'), resource: { 'prefect.resource.name': 'no id' } });
      s.send({ ...event('mixed.bad'), resource: { 'prefect.resource.id': '' } });
      s.send({ ...event('mixed.bad'), related: [{ 'prefect.resource.id': 'x' }] });
      s.send({ ...event('mixed.bad'), resource: { 'prefect.resource.id': 'x', n: 1 } });
      s.send({ ...event('mixed.bad'), payload: { big: 'x'.repeat(1_600_000) } });
      s.ws.send(Buffer.from([1, 2, 3]), { binary: true });
      s.send(good2);
      await s.ping();
      assert.equal(s.ws.readyState, s.ws.OPEN);
      assert.deepEqual((await byName('mixed.')).map((e) => e.id), [good1.id, good2.id]);
      const metrics = await (await t.fetch(`${t.server.url}/metrics`)).text();
      for (const reason of ['invalid_json', 'invalid_event', 'too_large', 'binary']) {
        assert.match(metrics, new RegExp(`praetor_event_frames_dropped_total\\{reason="${reason}"\\} [1-9]`), reason);
      }
      await s.close();
    });

    it('stores an event id once: repeated on one socket, on a new socket and through POST /events', async () => {
      const e = event('dup.once');
      const s1 = await TestSocket.open(wsUrl('/events/in'), { headers: { authorization: `bearer ${t.apiKey}` } });
      s1.send(e);
      s1.send(e);
      await s1.ping();
      await s1.close();
      const s2 = await TestSocket.open(wsUrl('/events/in'), { headers: { authorization: `bearer ${t.apiKey}` } });
      s2.send({ ...e, event: 'dup.once' });
      await s2.ping();
      await s2.close();
      assert.equal((await post([e, e])).status, 204);
      const page = await filter({ filter: { id: { id: [e.id as string] } } });
      assert.equal(page.total, 1);
      // The same id in another workspace is another event.
      const res = await t.fetch(`${eve.api}/events`, { ...json([e]), key: eve.key });
      assert.equal(res.status, 204);
      assert.equal((await filter({ filter: { id: { id: [e.id as string] } } })).total, 1);
    });

    it('takes thousands of events on one socket in batches, with backpressure, and acknowledges them all', async () => {
      const s = await TestSocket.open(wsUrl('/events/in'), { headers: { authorization: `bearer ${t.apiKey}` } });
      const n = 5000;
      for (let i = 0; i < n; i++) s.send(event('bulk.item', { payload: { i } }));
      await s.ping(30_000);
      assert.equal((await filter({ filter: { event: { name: ['bulk.item'] } }, limit: 0 })).total, n);
      await s.close();
    });

    it('POST /events takes a JSON array (204) and answers a bad event with 422', async () => {
      assert.equal((await post([event('rest.one'), event('rest.one')])).status, 204);
      assert.equal((await byName('rest.one')).length, 2);
      const bad = await post([event('rest.bad'), { ...event('rest.bad'), id: 42 }]);
      assert.equal(bad.status, 422);
      assert.equal(((await bad.json()) as { exception_message: string }).exception_message, 'Invalid request received.');
      assert.deepEqual(await byName('rest.bad'), []);
      assert.equal((await t.fetch(`${t.workspaceApi}/events`, { ...json([event('rest.x')]), key: null })).status, 401);
    });
  });

  describe('/events/out', () => {
    const subscribe = async (filterBody: unknown, extra: Record<string, unknown> = {}, url = wsUrl('/events/out'), token = t.apiKey) => {
      const s = await TestSocket.open(url, { protocols: ['prefect'] });
      s.send({ type: 'auth', token });
      assert.deepEqual(await s.next(), { type: 'auth_success' });
      s.send({ type: 'filter', filter: filterBody, ...extra });
      return s;
    };
    const nextEvent = async (s: TestSocket) => {
      const m = await s.next<{ type: string; event: ReceivedEvent }>();
      assert.equal(m.type, 'event');
      return m.event;
    };
    const window = () => ({ since: new Date(Date.now() - 60_000).toISOString(), until: new Date(Date.now() + 365 * 86_400_000).toISOString() });

    it('backfills stored matches oldest first, then streams live ones, filtered by event prefix', async () => {
      const old = [event('out.prefix.a'), event('out.prefix.b')];
      assert.equal((await post([...old, event('out.other')])).status, 204);
      const s = await subscribe({ occurred: window(), event: { prefix: ['out.prefix.'] } });
      assert.deepEqual([(await nextEvent(s)).id, (await nextEvent(s)).id], old.map((e) => e.id));
      const live = event('out.prefix.live');
      await post([event('out.other'), live]);
      const got = await nextEvent(s);
      assert.equal(got.id, live.id);
      assert.ok(got.received);
      assert.deepEqual(got.resource, live.resource);
      await s.ping();
      assert.deepEqual(s.drain(), [], 'nothing else arrives');
      await s.close();
    });

    it('without backfill sends only live events; filters by resource id and by related role', async () => {
      const rid = `test.resource.${randomUUID()}`;
      const earlier = event('out.rid.before', { resource: { 'prefect.resource.id': rid } });
      await post([earlier]);
      const byResource = await subscribe({ occurred: window(), resource: { id: [rid] } }, { backfill: false });
      // No backfill, and no acknowledgement of the filter: probe until the subscription is live.
      const probe = await waitFor(async () => {
        await post([event('out.rid.probe', { resource: { 'prefect.resource.id': rid } })]);
        return byResource.next<{ event: ReceivedEvent }>(200).then((m) => m.event, () => undefined);
      }, 'the live subscription');
      assert.equal(probe.event, 'out.rid.probe', 'the event stored before subscribing is not sent');
      await byResource.ping();
      byResource.drain();
      // With a backfill, its first event shows the subscription is live.
      const marker = event('out.role.marker', { related: [{ 'prefect.resource.id': 'prefect.work-pool.0', 'prefect.resource.role': 'work-pool' }] });
      await post([marker]);
      const byRole = await subscribe({ occurred: window(), event: { prefix: ['out.role.'] }, related: { role: ['work-pool'] } });
      assert.equal((await nextEvent(byRole)).id, marker.id);
      const inRole = event('out.role.yes', { related: [{ 'prefect.resource.id': 'prefect.work-pool.1', 'prefect.resource.role': 'work-pool' }] });
      const otherRole = event('out.role.no', { related: [{ 'prefect.resource.id': 'prefect.work-pool.1', 'prefect.resource.role': 'flow' }] });
      const forResource = event('out.rid.after', { resource: { 'prefect.resource.id': rid } });
      await post([otherRole, inRole, forResource, event('out.rid.other')]);
      assert.equal((await nextEvent(byResource)).id, forResource.id);
      assert.equal((await nextEvent(byRole)).id, inRole.id);
      await Promise.all([byResource.ping(), byRole.ping()]);
      assert.deepEqual([...byResource.drain(), ...byRole.drain()], []);
      await Promise.all([byResource.close(), byRole.close()]);
    });

    it('answers a wrong first message with 1002 "Expected \'filter\' message" and a bad filter with 1002 "Invalid filter: ..."', async () => {
      const s1 = await TestSocket.open(wsUrl('/events/out'), { protocols: ['prefect'] });
      s1.send({ type: 'auth', token: t.apiKey });
      await s1.next();
      s1.send({ type: 'subscribe' });
      const c1 = await s1.expectClose();
      assert.deepEqual([c1.code, c1.reason], [1002, "Expected 'filter' message"]);
      const s2 = await subscribe({ order: 'SIDEWAYS' });
      const c2 = await s2.expectClose();
      assert.equal(c2.code, 1002);
      assert.match(c2.reason, /^Invalid filter: order must be ASC or DESC/);
      const s3 = await subscribe({ occurred: { since: 'not a date' } });
      assert.match((await s3.expectClose()).reason, /^Invalid filter: occurred.since/);
    });

    it('never shows another workspace’s events; a key revoked mid-stream closes the socket (1008)', async () => {
      const postHers = async (events: unknown[]) => assert.equal((await t.fetch(`${eve.api}/events`, { ...json(events), key: eve.key })).status, 204);
      const hers1 = event('tenant.hers');
      await postHers([hers1]);
      await post([event('tenant.ours')]);
      const s = await subscribe({ occurred: window(), event: { prefix: ['tenant.'] } }, {}, toWs(`${eve.api}/events/out`), eve.key);
      assert.equal((await nextEvent(s)).id, hers1.id);
      await post([event('tenant.ours')]);
      const hers2 = event('tenant.hers');
      await postHers([hers2]);
      assert.equal((await nextEvent(s)).id, hers2.id);
      await s.ping();
      assert.deepEqual(s.drain(), []);
      const eveUrl = toWs(`${eve.api}/events/out`);
      // Revoke Eve's key (no REST route yet: append the event), then let the periodic check run.
      const appended = await t.server.runtime.stores.events.append(
        `apiKey-${eve.keyId}`,
        [{ id: randomUUID(), type: 'ApiKeyRevoked', data: { keyId: eve.keyId, revokedAt: new Date().toISOString() }, metadata: eventMetadata(SYSTEM_PRINCIPAL, { kind: 'installation' }, NO_REQUEST, new Date()) }],
        'stream_exists',
      );
      await t.server.app.get(ProjectionRunner).wait(appended.position);
      await t.server.app.get(PrefectSockets).recheck();
      const closed = await s.expectClose();
      assert.equal(closed.code, 1008);
      assert.match(closed.reason, /revoked/);
      const again = await TestSocket.open(eveUrl, { protocols: ['prefect'] });
      again.send({ type: 'auth', token: eve.key });
      assert.equal((await again.expectClose()).code, 1008);
    });
  });

  describe('/events/filter and count-by', () => {
    it('pages with next_page (absolute URL) until null, newest first; limit is at most 50', async () => {
      const base = Date.now() - 10_000;
      const events = Array.from({ length: 120 }, (_, i) => event('page.item', { occurred: new Date(base + i * 10).toISOString() }));
      assert.equal((await post(events)).status, 204);
      const first = await filter({ filter: { event: { name: ['page.item'] } } });
      assert.equal(first.total, 120);
      assert.equal(first.events.length, 50);
      assert.ok(first.next_page?.startsWith(`${t.workspaceApi}/events/filter/next?page-token=`), first.next_page ?? 'null');
      const seen = [...first.events];
      let next = first.next_page;
      while (next) {
        const res = await t.fetch(next);
        assert.equal(res.status, 200);
        const page = (await res.json()) as EventPage;
        assert.equal(page.total, 120);
        seen.push(...page.events);
        next = page.next_page;
      }
      assert.equal(seen.length, 120);
      assert.equal(new Set(seen.map((e) => e.id)).size, 120);
      assert.deepEqual(seen.map((e) => e.id), [...events].reverse().map((e) => e.id), 'DESC by occurred');
      // OSS layout: the next page link stays in that layout.
      const oss = await filter({ filter: { event: { name: ['page.item'] } }, limit: 10 }, t.api);
      assert.ok(oss.next_page?.startsWith(`${t.api}/events/filter/next?page-token=`), oss.next_page ?? 'null');
      assert.equal((await t.fetch(oss.next_page!)).status, 200);
      assert.equal((await t.fetch(`${t.workspaceApi}/events/filter`, json({ limit: 51 }))).status, 422);
      assert.equal((await t.fetch(`${t.workspaceApi}/events/filter/next?page-token=garbage`)).status, 403);
      const asc = await filter({ filter: { event: { name: ['page.item'] }, order: 'ASC' }, limit: 3 });
      assert.deepEqual(asc.events.map((e) => e.id), events.slice(0, 3).map((e) => e.id));
    });

    it('filters by labels (wildcard, negation), related id+role, any_resource, exclude_prefix and time', async () => {
      const flowRun = `prefect.flow-run.${randomUUID()}`;
      const a = event('lab.state.Running', { resource: { 'prefect.resource.id': flowRun, 'prefect.state-type': 'RUNNING' }, related: [{ 'prefect.resource.id': 'prefect.flow.f1', 'prefect.resource.role': 'flow', 'prefect.resource.name': 'etl' }] });
      const b = event('lab.state.Completed', { resource: { 'prefect.resource.id': flowRun, 'prefect.state-type': 'COMPLETED' }, related: [{ 'prefect.resource.id': 'prefect.flow.f1', 'prefect.resource.role': 'tag' }] });
      const c = event('lab.other', { occurred: new Date(Date.now() - 3 * 86_400_000).toISOString(), resource: { 'prefect.resource.id': 'prefect.task-run.1' } });
      await post([a, b, c]);
      const ids = async (f: Record<string, unknown>) => (await filter({ filter: { event: { prefix: ['lab.'] }, order: 'ASC', ...f } })).events.map((e) => e.id);
      assert.deepEqual(await ids({}), [c.id, a.id, b.id]);
      assert.deepEqual(await ids({ resource: { labels: { 'prefect.resource.id': 'prefect.flow-run.*' } } }), [a.id, b.id]);
      assert.deepEqual(await ids({ resource: { labels: { 'prefect.state-type': '!RUNNING' } } }), [b.id]);
      assert.deepEqual(await ids({ resource: { labels: { 'prefect.state-type': ['RUNNING', 'COMPLETED'] } } }), [a.id, b.id]);
      assert.deepEqual(await ids({ resource: { id_prefix: ['prefect.task-run.'] } }), [c.id]);
      assert.deepEqual(await ids({ related: { id: ['prefect.flow.f1'], role: ['flow'] } }), [a.id]);
      assert.deepEqual(await ids({ related: { resources_in_roles: [['prefect.flow.f1', 'tag']] } }), [b.id]);
      assert.deepEqual(await ids({ related: { labels: { 'prefect.resource.role': 'flow', 'prefect.resource.name': 'et*' } } }), [a.id]);
      assert.deepEqual(await ids({ any_resource: { id: ['prefect.task-run.1'] } }), [c.id]);
      assert.deepEqual(await ids({ any_resource: { id_prefix: ['prefect.flow.'] } }), [a.id, b.id]);
      assert.deepEqual(await ids({ event: { prefix: ['lab.'], exclude_prefix: ['lab.state.'] } }), [c.id]);
      assert.deepEqual(await ids({ event: { prefix: ['lab.'], exclude_name: ['lab.other'] } }), [a.id, b.id]);
      assert.deepEqual(await ids({ occurred: { since: new Date(Date.now() - 86_400_000).toISOString() } }), [a.id, b.id]);
      assert.deepEqual(await ids({ text: { query: 'COMPLETED -Running' } }), [b.id]);
      const distinct = await filter({ filter: { event: { prefix: ['lab.'] }, resource: { distinct: true }, order: 'ASC' } });
      assert.deepEqual([distinct.total, distinct.events.map((e) => e.id)], [2, [c.id, a.id]]);
    });

    it('count-by event, resource, day and time in Prefect’s EventCount shape', async () => {
      const now = Date.now();
      const rid = `test.counted.${randomUUID()}`;
      await post([
        event('cnt.a', { resource: { 'prefect.resource.id': rid, 'prefect.resource.name': 'counted' }, occurred: new Date(now - 2 * 3_600_000).toISOString() }),
        event('cnt.a', { resource: { 'prefect.resource.id': rid, 'prefect.resource.name': 'counted' }, occurred: new Date(now - 60_000).toISOString() }),
        event('cnt.b', { occurred: new Date(now - 60_000).toISOString() }),
      ]);
      const countBy = async (what: string, body: Record<string, unknown>) => {
        const res = await t.fetch(`${t.workspaceApi}/events/count-by/${what}`, json(body));
        assert.equal(res.status, 200, await res.clone().text());
        return (await res.json()) as { value: string; label: string; count: number; start_time: string; end_time: string }[];
      };
      const f = { event: { prefix: ['cnt.'] } };
      const byEvent = await countBy('event', { filter: f });
      assert.deepEqual(byEvent.map((c) => [c.value, c.label, c.count]), [['cnt.a', 'cnt.a', 2], ['cnt.b', 'cnt.b', 1]]);
      assert.ok(byEvent[0]!.start_time < byEvent[0]!.end_time);
      const byResource = await countBy('resource', { filter: { ...f, event: { name: ['cnt.a'] } } });
      assert.deepEqual(byResource.map((c) => [c.value, c.label, c.count]), [[rid, 'counted', 2]]);
      const since = new Date(now - 3 * 86_400_000).toISOString();
      const byDay = await countBy('day', { filter: { ...f, occurred: { since, until: new Date(now).toISOString() } } });
      assert.ok(byDay.length >= 3 && byDay.length <= 5, `${byDay.length} daily buckets`);
      assert.equal(byDay.reduce((n, c) => n + c.count, 0), 3);
      assert.deepEqual(byDay.map((c) => c.value), byDay.map((_, i) => String(i)));
      assert.match(byDay[0]!.label, /T00:00:00\+00:00$/);
      const byHour = await countBy('time', { filter: { ...f, occurred: { since: new Date(now - 3 * 3_600_000).toISOString(), until: new Date(now).toISOString() } }, time_unit: 'hour', time_interval: 1 });
      assert.equal(byHour.reduce((n, c) => n + c.count, 0), 3);
      assert.equal(byHour[byHour.length - 1]!.count + (byHour[byHour.length - 2]?.count ?? 0) >= 2, true);
      const tooMany = await t.fetch(`${t.workspaceApi}/events/count-by/time`, json({ filter: { occurred: { since, until: new Date(now).toISOString() } }, time_unit: 'second', time_interval: 1 }));
      assert.equal(tooMany.status, 422);
      assert.equal((await t.fetch(`${t.workspaceApi}/events/count-by/color`, json({ filter: {} }))).status, 422);
    });
  });

  describe('the prefect-event-publisher reactor', () => {
    it('publishes a FlowRunStateChanged as prefect.flow-run.<state> exactly once, also after a restart that replays the log', async () => {
      const flow = (await (await t.fetch(`${t.workspaceApi}/flows/`, json({ name: 'published-flow', tags: ['etl'] }))).json()) as { id: string };
      const flowRunId = randomUUID();
      const appendTransition = async (from: State, to: State, runCount: number) => {
        const data: FlowRunStateChangedData = {
          flowRunId,
          flow_id: flow.id,
          deployment_id: null,
          parent_task_run_id: null,
          initial_state: from,
          state: to,
          status: 'ACCEPT',
          reason: null,
          forced: false,
          run_count: runCount,
          start_time: to.timestamp,
          end_time: null,
          total_run_time: 0,
          expected_start_time: from.timestamp,
          next_scheduled_start_time: null,
          state_type: to.type,
          state_name: to.name,
          state_timestamp: to.timestamp,
        };
        const metadata = eventMetadata(SYSTEM_PRINCIPAL, { kind: 'workspace', ...t.server.installation.ids }, NO_REQUEST, new Date());
        return t.server.runtime.stores.events.append(`flowRun-${flowRunId}`, [{ id: randomUUID(), type: 'FlowRunStateChanged', data, metadata }], 'any');
      };
      const state = (type: State['type'], name: string, at: number): State => ({ id: randomUUID(), type, name, timestamp: new Date(at).toISOString(), message: null, data: null, state_details: { flow_run_id: flowRunId } });
      const pending = state('PENDING', 'Pending', Date.now() - 1000);
      const running = state('RUNNING', 'Running', Date.now());
      await appendTransition(pending, running, 1);
      const resourceFilter = { filter: { resource: { id: [`prefect.flow-run.${flowRunId}`] } } };
      const published = await waitFor(async () => {
        const page = await filter(resourceFilter);
        return page.total > 0 ? page : undefined;
      }, 'the published flow-run event');
      assert.equal(published.total, 1);
      const e = published.events[0]!;
      assert.equal(e.event, 'prefect.flow-run.Running');
      assert.equal(e.id, running.id);
      assert.equal(e.follows, pending.id);
      assert.equal(Date.parse(e.occurred), Date.parse(running.timestamp));
      assert.equal(e.resource['prefect.state-type'], 'RUNNING');
      assert.equal(e.resource['prefect.state-name'], 'Running');
      assert.equal(e.resource['prefect.run-count'], '1');
      assert.equal(e.resource['prefect.state-message'], '');
      assert.match(e.resource['prefect.state-timestamp']!, /\+00:00$/);
      assert.deepEqual(e.related, [
        { 'prefect.resource.id': `prefect.flow.${flow.id}`, 'prefect.resource.role': 'flow', 'prefect.resource.name': 'published-flow' },
        { 'prefect.resource.id': 'prefect.tag.etl', 'prefect.resource.role': 'tag' },
      ]);
      assert.deepEqual(e.payload, { intended: { from: 'PENDING', to: 'RUNNING' }, initial_state: { type: 'PENDING', name: 'Pending' }, validated_state: { type: 'RUNNING', name: 'Running' } });

      // Restart on the same data, with the reactor's checkpoint reset so it replays the whole log.
      const dataDir = t.dataDir;
      await t.server.runtime.stores.readStore.writeBatch([], { name: reactorCheckpointName('prefect-event-publisher'), position: 0, version: 1 });
      await t.stop({ keepData: true });
      t = await startTestServer({ PRAETOR_BOOTSTRAP_API_KEY: BOOTSTRAP_KEY }, dataDir);
      const completed = state('COMPLETED', 'Completed', Date.now());
      await appendTransition(running, completed, 1);
      // Reactors go in log order: once the new state is published, the replay has passed the old one.
      await waitFor(async () => ((await filter(resourceFilter)).total >= 2 ? true : undefined), 'the event published after the restart');
      const after = await filter({ ...resourceFilter, filter: { ...resourceFilter.filter, order: 'ASC' } });
      assert.deepEqual(after.events.map((x) => [x.id, x.event]), [
        [running.id, 'prefect.flow-run.Running'],
        [completed.id, 'prefect.flow-run.Completed'],
      ]);
    });
  });
});
