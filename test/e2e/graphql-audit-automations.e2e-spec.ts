import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { decodeFeedCursor, encodeFeedCursor } from '../../src/infrastructure/graphql/live-feed';
import type { EventMetadata } from '../../src/shared/ddd';
import { addAccountMember, createOtherTenant } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';
import { RecordedSubscription, type GqlError } from '../support/graphql-ws';

interface GqlResult<T> {
  data?: T | null;
  errors?: GqlError[];
}

/** An audit entry as REST writes it. */
interface RestEntry {
  id: string;
  occurred: string;
  event: string;
  actor: { id: string; type: string; name: string };
  account_id: string | null;
  workspace_id: string | null;
  resource: { id: string; type: string; name?: string };
  client_ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  details: unknown;
  position: number;
}
interface GqlEntry {
  id: string;
  occurredAt: string;
  event: string;
  actor: { id: string; type: string; name: string };
  accountId: string | null;
  workspaceId: string | null;
  resource: { id: string; type: string; name: string | null };
  clientIp: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: unknown;
}
interface EntryEvent {
  cursor: string;
  entry: GqlEntry;
}
interface RestAutomation {
  id: string;
  created: string;
  updated: string;
  name: string;
  description: string;
  enabled: boolean;
  tags: string[];
  trigger: unknown;
  actions: unknown;
  actions_on_trigger: unknown;
  actions_on_resolve: unknown;
  owner_resource: string | null;
}

const ENTRY = 'id occurredAt event actor { id type name } accountId workspaceId resource { id type name } clientIp userAgent requestId details';
const AUTOMATION = 'id name description enabled tags createdAt updatedAt trigger actions actionsOnTrigger actionsOnResolve ownerResource revision';

const asGql = (e: RestEntry): GqlEntry => ({
  id: e.id,
  occurredAt: e.occurred,
  event: e.event,
  actor: e.actor,
  accountId: e.account_id,
  workspaceId: e.workspace_id,
  resource: { id: e.resource.id, type: e.resource.type, name: e.resource.name ?? null },
  clientIp: e.client_ip,
  userAgent: e.user_agent,
  requestId: e.request_id,
  details: e.details,
});

const automationAsGql = (a: RestAutomation) => ({
  id: a.id,
  name: a.name,
  description: a.description,
  enabled: a.enabled,
  tags: a.tags,
  createdAt: a.created,
  updatedAt: a.updated,
  trigger: a.trigger,
  actions: a.actions,
  actionsOnTrigger: a.actions_on_trigger,
  actionsOnResolve: a.actions_on_resolve,
  ownerResource: a.owner_resource,
});

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('GraphQL: audit entries (queries and a live subscription) and automations', () => {
  let t: TestServer;
  const clients: Client[] = [];
  const ids = () => t.server.installation.ids;
  const account = () => `${t.api}/accounts/${ids().accountId}`;
  const send = (method: string, url: string, body?: unknown, key?: string) =>
    t.fetch(url, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' }, ...(key ? { key } : {}) });
  const json = async <T>(res: Promise<Response>, status: number): Promise<T> => {
    const r = await res;
    const text = await r.text();
    assert.equal(r.status, status, text);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const gql = async <T>(query: string, variables: Record<string, unknown>, key?: string): Promise<GqlResult<T>> => {
    const res = await t.fetch(`${t.server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }), ...(key ? { key } : {}) });
    return (await res.json()) as GqlResult<T>;
  };
  const data = <T>(r: GqlResult<T>): T => {
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    return r.data!;
  };
  const client = (key = t.apiKey) => {
    const c = createClient({ url: `${t.server.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${key}` }, retryAttempts: 0, lazy: true });
    clients.push(c);
    return c;
  };
  const subscribeEntries = (key: string | undefined, after: string | null, filter: Record<string, unknown> | null = null, accountId = ids().accountId) =>
    new RecordedSubscription<EntryEvent>(
      client(key),
      `subscription A($a: ID!, $f: AuditEntryFilter, $after: String) { auditEntryAdded(accountId: $a, filter: $f, after: $after) { cursor entry { ${ENTRY} } } }`,
      { a: accountId, f: filter, after },
      'auditEntryAdded',
    );
  const restEntries = (body: Record<string, unknown> = {}) => json<RestEntry[]>(send('POST', `${account()}/audit_log/filter`, { limit: 200, ...body }), 200);
  /** The REST entries recorded after `position`, oldest first. */
  const restEntriesAfter = async (position: number) => (await restEntries()).filter((e) => e.position > position).reverse();
  /** A resume cursor at the newest entry so far: subscriptions from it miss nothing, whenever they start. */
  const currentCursor = async () => {
    const [newest] = await restEntries({ limit: 1 });
    return { cursor: encodeFeedCursor(newest!.position), position: newest!.position };
  };
  const setRole = async (userId: string, role: string) => assert.equal((await send('PATCH', `${account()}/account_memberships/${userId}`, { account_role_name: role })).status, 204);
  const createBot = (name: string) => json<{ id: string }>(send('POST', `${account()}/bots/`, { name }), 201);
  const rotate = (botId: string) => json<unknown>(send('POST', `${account()}/bots/${botId}/rotate_api_key`, { old_key_expires_in_seconds: 0 }), 201);

  let tom: { userId: string; key: string };

  before(async () => {
    t = await startTestServer();
    tom = await addAccountMember(t, 'tom', 'member', { workspaceRole: 'viewer' });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t?.stop();
  });

  it('auditEntries and auditEntry answer what REST audit_log/filter and GET answer (filter, paging, totalCount)', async () => {
    const bot = await createBot('audited-bot');
    await rotate(bot.id);
    await setRole(tom.userId, 'admin');
    await setRole(tom.userId, 'member');
    const all = await restEntries();
    assert.ok(all.length >= 6 && all.length < 200, `${all.length} entries`);
    const query = `query Q($a: ID!, $f: AuditEntryFilter, $first: Int, $after: String) { auditEntries(accountId: $a, filter: $f, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ${ENTRY} } } }`;
    type Page = { auditEntries: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: GqlEntry[] } };

    const whole = data(await gql<Page>(query, { a: ids().accountId, first: 200 })).auditEntries;
    assert.equal(whole.totalCount, all.length);
    assert.deepEqual(whole.nodes, all.map(asGql));

    // Two pages of three are REST's first six, in REST's order.
    const first = data(await gql<Page>(query, { a: ids().accountId, first: 3 })).auditEntries;
    assert.equal(first.pageInfo.hasNextPage, true);
    const second = data(await gql<Page>(query, { a: ids().accountId, first: 3, after: first.pageInfo.endCursor })).auditEntries;
    assert.deepEqual([...first.nodes, ...second.nodes], all.slice(0, 6).map(asGql));

    // A filter compiles to REST's: event prefixes, actors, times.
    const restFilter = { events: ['prefect-cloud.api-key.', 'prefect-cloud.account-membership.*'], actor_ids: [ids().userId], occurred: { since: all[all.length - 1]!.occurred } };
    const filtered = await restEntries(restFilter);
    assert.ok(filtered.some((e) => e.event === 'prefect-cloud.api-key.rotated'));
    assert.ok(filtered.some((e) => e.event === 'prefect-cloud.account-membership.updated'));
    const gqlFilter = { events: restFilter.events, actorIds: restFilter.actor_ids, occurredSince: restFilter.occurred.since };
    const got = data(await gql<Page>(query, { a: ids().accountId, f: gqlFilter, first: 200 })).auditEntries;
    assert.equal(got.totalCount, filtered.length);
    assert.deepEqual(got.nodes, filtered.map(asGql));

    const one = await json<RestEntry>(send('GET', `${account()}/audit_log/${filtered[0]!.id}`), 200);
    const single = data(await gql<{ auditEntry: GqlEntry }>(`query E($a: ID!, $id: ID!) { auditEntry(accountId: $a, id: $id) { ${ENTRY} } }`, { a: ids().accountId, id: one.id }));
    assert.deepEqual(single.auditEntry, asGql(one));
    const missing = await gql(`query E($a: ID!, $id: ID!) { auditEntry(accountId: $a, id: $id) { id } }`, { a: ids().accountId, id: randomUUID() });
    assert.equal(missing.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  });

  it('a Member gets FORBIDDEN on audit entries (query and subscription); another account is NOT_FOUND', async () => {
    const q = `query Q($a: ID!) { auditEntries(accountId: $a) { totalCount } }`;
    assert.equal((await gql(q, { a: ids().accountId }, tom.key)).errors?.[0]?.extensions?.code, 'FORBIDDEN');
    const sub = subscribeEntries(tom.key, null);
    await until('the member’s subscription refused', () => sub.done);
    assert.equal(sub.errors[0]?.extensions?.code, 'FORBIDDEN');
    assert.equal(sub.items.length, 0);
    const zed = await createOtherTenant(t, 'zed');
    assert.equal((await gql(q, { a: zed.accountId })).errors?.[0]?.extensions?.code, 'NOT_FOUND');
    assert.equal((await gql(q, { a: zed.accountId }, zed.key)).errors, undefined, 'the other account’s owner reads its own log');
  });

  it('auditEntryAdded delivers membership edits and key rotations as they happen, in order, as REST records them', async () => {
    const ada = await addAccountMember(t, 'ada', 'admin');
    const start = await currentCursor();
    const sub = subscribeEntries(ada.key, start.cursor);
    const rotations = subscribeEntries(ada.key, start.cursor, { events: ['prefect-cloud.api-key.rotated'] });
    const bot = await createBot('live-bot');
    await setRole(tom.userId, 'admin');
    await rotate(bot.id);
    await setRole(tom.userId, 'member');
    await rotate(bot.id);
    await until('both rotations', () => sub.items.filter((e) => e.entry.event === 'prefect-cloud.api-key.rotated').length === 2);
    const expected = await restEntriesAfter(start.position);
    await until('every entry REST has', () => sub.items.length >= expected.length);
    assert.deepEqual(sub.items.map((e) => e.entry), expected.map(asGql), 'the entries REST lists, oldest first');
    const positions = sub.items.map((e) => decodeFeedCursor(e.cursor));
    assert.deepEqual(positions, expected.map((e) => e.position));
    assert.ok(positions.every((p, i) => i === 0 || p > positions[i - 1]!));
    const edits = sub.items.filter((e) => e.entry.event === 'prefect-cloud.account-membership.updated');
    assert.equal(edits.length, 2);
    for (const e of [...edits, ...sub.items.filter((x) => x.entry.event === 'prefect-cloud.api-key.rotated')]) assert.equal(e.entry.actor.id, ids().userId);
    // Each delivered entry is a recorded event with its actor.
    const recorded = await t.server.runtime.stores.events.readAll({ after: start.position });
    const byId = new Map(recorded.map((e) => [e.id, e]));
    for (const e of edits) {
      const event = byId.get(e.entry.id)!;
      assert.equal(event.type, 'AccountMemberRoleChanged');
      assert.equal((event.metadata as EventMetadata).actor.id, ids().userId);
    }
    await until('the filtered subscription’s two rotations', () => rotations.items.length === 2);
    assert.deepEqual(rotations.items.map((e) => e.entry.id), sub.items.filter((e) => e.entry.event === 'prefect-cloud.api-key.rotated').map((e) => e.entry.id));
    sub.dispose();
    rotations.dispose();
  });

  it('auditEntryAdded resumes from a cursor after a reconnect: exactly the missed entries, none lost, none repeated', async () => {
    const start = await currentCursor();
    const first = subscribeEntries(undefined, start.cursor);
    await setRole(tom.userId, 'admin');
    await until('the first edit', () => first.items.length >= 1);
    const last = first.items[first.items.length - 1]!.cursor;
    first.dispose();
    await setRole(tom.userId, 'member');
    const bot = await createBot('resume-bot');
    await rotate(bot.id);
    const resumed = subscribeEntries(undefined, last);
    await setRole(tom.userId, 'admin');
    const expected = await restEntriesAfter(decodeFeedCursor(last));
    await until('the missed entries and the new one', () => resumed.items.length >= expected.length);
    assert.ok(expected.length >= 4, `${expected.length} entries after the cursor`);
    assert.deepEqual(resumed.items.map((e) => e.entry.id), expected.map((e) => e.id));
    assert.equal(new Set(resumed.items.map((e) => e.cursor)).size, resumed.items.length, 'no entry twice');
    assert.equal(resumed.items[resumed.items.length - 1]!.entry.event, 'prefect-cloud.account-membership.updated');
    resumed.dispose();
    await setRole(tom.userId, 'member');
  });

  it('an Admin demoted to Member receives nothing after the demotion (the owner still gets later entries)', async () => {
    const max = await addAccountMember(t, 'max', 'admin');
    const start = await currentCursor();
    const owner = subscribeEntries(undefined, start.cursor);
    const admin = subscribeEntries(max.key, start.cursor);
    await setRole(tom.userId, 'admin');
    await until('max sees the edit', () => admin.items.length >= 1);
    await setRole(max.userId, 'member');
    await setRole(tom.userId, 'member');
    const bot = await createBot('after-demotion');
    await rotate(bot.id);
    await until('the owner sees the rotation', () => owner.items.some((e) => e.entry.event === 'prefect-cloud.api-key.rotated'));
    await until('max’s subscription ended', () => admin.done);
    const demotion = owner.items.find((e) => e.entry.event === 'prefect-cloud.account-membership.updated' && e.entry.resource.id === max.userId);
    assert.ok(demotion, JSON.stringify(owner.items.map((e) => [e.entry.event, e.entry.resource])));
    const demotedAt = decodeFeedCursor(demotion.cursor);
    assert.ok(admin.items.length >= 1);
    assert.ok(admin.items.every((e) => decodeFeedCursor(e.cursor) < demotedAt), 'nothing from the demotion on');
    assert.deepEqual(admin.items.map((e) => e.entry.id), owner.items.filter((e) => decodeFeedCursor(e.cursor) < demotedAt).map((e) => e.entry.id));
    assert.equal(admin.errors[0]?.extensions?.code, 'FORBIDDEN');
    // Subscribing again as a Member is refused.
    const again = subscribeEntries(max.key, start.cursor);
    await until('the member refused', () => again.done);
    assert.equal(again.errors[0]?.extensions?.code, 'FORBIDDEN');
    assert.equal(again.items.length, 0);
    owner.dispose();
  });

  describe('automations', () => {
    const ws = (p: string) => `${t.workspaceApi}${p}`;
    const args = () => ({ a: ids().accountId, w: ids().workspaceId });
    const createAutomation = (body: Record<string, unknown>) => json<RestAutomation>(send('POST', ws('/automations/'), { actions: [{ type: 'do-nothing' }], ...body }), 201);
    let pinged: RestAutomation;

    before(async () => {
      pinged = await createAutomation({
        name: 'b-on-ping',
        tags: ['gql'],
        trigger: { type: 'event', match: { 'prefect.resource.id': 'test.gql.*' }, expect: ['test.gql.ping'], posture: 'Reactive', threshold: 1, within: 0 },
      });
      await createAutomation({ name: 'a-quiet', description: 'never fires', trigger: { type: 'event', expect: ['test.gql.never'], posture: 'Reactive', threshold: 1, within: 0 }, actions_on_resolve: [{ type: 'do-nothing' }] });
      await createAutomation({ name: 'c-third', trigger: { type: 'event', expect: ['test.gql.never'], posture: 'Reactive', threshold: 1, within: 0 } });
    });

    it('automations and automation answer what REST /automations/filter and GET answer', async () => {
      const rest = await json<RestAutomation[]>(send('POST', ws('/automations/filter'), {}), 200);
      assert.equal(rest.length, 3);
      type Page = { automations: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: (ReturnType<typeof automationAsGql> & { revision: number })[] } };
      const q = `query Q($a: ID!, $w: ID!, $first: Int, $after: String) { automations(accountId: $a, workspaceId: $w, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ${AUTOMATION} } } }`;
      const all = data(await gql<Page>(q, args())).automations;
      assert.equal(all.totalCount, 3);
      assert.deepEqual(all.nodes.map(({ revision, ...a }) => (assert.equal(revision, 0), a)), rest.map(automationAsGql));
      const p1 = data(await gql<Page>(q, { ...args(), first: 2 })).automations;
      const p2 = data(await gql<Page>(q, { ...args(), first: 2, after: p1.pageInfo.endCursor })).automations;
      assert.equal(p1.pageInfo.hasNextPage, true);
      assert.equal(p2.pageInfo.hasNextPage, false);
      assert.deepEqual([...p1.nodes, ...p2.nodes].map((a) => a.id), rest.map((a) => a.id));

      const one = await json<RestAutomation>(send('GET', ws(`/automations/${pinged.id}`)), 200);
      const got = data(await gql<{ automation: ReturnType<typeof automationAsGql> & { revision: number } }>(`query A($a: ID!, $w: ID!, $id: ID!) { automation(accountId: $a, workspaceId: $w, id: $id) { ${AUTOMATION} } }`, { ...args(), id: pinged.id }));
      const { revision, ...rest1 } = got.automation;
      assert.deepEqual(rest1, automationAsGql(one));
      assert.equal(revision, 0);
      const missing = await gql(`query A($a: ID!, $w: ID!, $id: ID!) { automation(accountId: $a, workspaceId: $w, id: $id) { id } }`, { ...args(), id: randomUUID() });
      assert.equal(missing.errors?.[0]?.extensions?.code, 'NOT_FOUND');
      // Another tenant's workspace is NOT_FOUND.
      const zed = await createOtherTenant(t, 'zora');
      const foreign = await gql(q, { a: zed.accountId, w: zed.workspaceId });
      assert.equal(foreign.errors?.[0]?.extensions?.code, 'NOT_FOUND');
    });

    it('firings list when each firing happened, its triggering event and each action’s outcome', { timeout: 60_000 }, async () => {
      const eventId = randomUUID();
      const res = await send('POST', ws('/events'), [{ id: eventId, occurred: new Date().toISOString(), event: 'test.gql.ping', resource: { 'prefect.resource.id': 'test.gql.thing' }, related: [], payload: {} }]);
      assert.ok([200, 201, 204].includes(res.status), String(res.status));
      type Firings = { automation: { firings: { totalCount: number; nodes: { id: string; triggeredAt: string | null; triggerId: string | null; posture: string | null; triggeringEventId: string | null; triggeringLabels: Record<string, string>; actions: { index: number; type: string; status: string; reason: string | null; related: unknown }[] }[] } } };
      const q = `query F($a: ID!, $w: ID!, $id: ID!) { automation(accountId: $a, workspaceId: $w, id: $id) { firings(first: 10) { totalCount nodes { id triggeredAt triggerId posture triggeringEventId triggeringLabels actions { index type status reason related } } } } }`;
      let firings: Firings['automation']['firings'] | undefined;
      await until(
        'an executed firing',
        async () => {
          firings = data(await gql<Firings>(q, { ...args(), id: pinged.id })).automation.firings;
          return firings.nodes.some((f) => f.actions[0]?.status === 'executed');
        },
        45_000,
      );
      assert.equal(firings!.totalCount, 1);
      const [f] = firings!.nodes;
      assert.equal(f!.triggeringEventId, eventId);
      assert.equal(f!.posture, 'Reactive');
      assert.equal(f!.triggerId, (pinged.trigger as { id: string }).id);
      assert.ok(f!.triggeredAt && !Number.isNaN(Date.parse(f!.triggeredAt)));
      assert.deepEqual(f!.actions.map((a) => [a.index, a.type, a.status]), [[0, 'do-nothing', 'executed']]);
      // The firing is the engine's recorded event.
      const triggered = (await t.server.runtime.stores.events.readAll()).filter((e) => e.type === 'AutomationTriggered' && (e.data as { automationId: string }).automationId === pinged.id);
      assert.deepEqual(triggered.map((e) => (e.data as { firingId: string }).firingId), [f!.id]);
    });

    it('setAutomationEnabled runs the REST PATCH use case (the caller is the actor); expectedVersion conflicts; a viewer is FORBIDDEN', async () => {
      const m = `mutation S($a: ID!, $w: ID!, $id: ID!, $enabled: Boolean!, $v: Int) { setAutomationEnabled(accountId: $a, workspaceId: $w, id: $id, enabled: $enabled, expectedVersion: $v) { id enabled revision } }`;
      const target = await createAutomation({ name: 'd-toggled', trigger: { type: 'event', expect: ['test.gql.never'], posture: 'Reactive', threshold: 1, within: 0 } });
      const off = data(await gql<{ setAutomationEnabled: { id: string; enabled: boolean; revision: number } }>(m, { ...args(), id: target.id, enabled: false, v: 0 })).setAutomationEnabled;
      assert.deepEqual(off, { id: target.id, enabled: false, revision: 1 });
      assert.equal((await json<RestAutomation>(send('GET', ws(`/automations/${target.id}`)), 200)).enabled, false);
      const stream = await t.server.runtime.stores.events.readStream(`automation-${target.id}`);
      assert.equal(stream.length, 2);
      assert.equal((stream[1]!.metadata as EventMetadata).actor.id, ids().userId);

      const stale = await gql(m, { ...args(), id: target.id, enabled: true, v: 0 });
      assert.equal(stale.errors?.[0]?.extensions?.code, 'CONFLICT');
      assert.equal((await t.server.runtime.stores.events.readStream(`automation-${target.id}`)).length, 2, 'nothing written on a conflict');

      const viewer = await gql(m, { ...args(), id: target.id, enabled: true }, tom.key);
      assert.equal(viewer.errors?.[0]?.extensions?.code, 'FORBIDDEN');
      const read = await gql<{ automation: { enabled: boolean } }>(`query A($a: ID!, $w: ID!, $id: ID!) { automation(accountId: $a, workspaceId: $w, id: $id) { enabled } }`, { ...args(), id: target.id }, tom.key);
      assert.equal(data(read).automation.enabled, false, 'a viewer still reads it');
      const on = data(await gql<{ setAutomationEnabled: { enabled: boolean; revision: number } }>(m, { ...args(), id: target.id, enabled: true })).setAutomationEnabled;
      assert.deepEqual(on, { id: target.id, enabled: true, revision: 2 });
    });
  });
});
