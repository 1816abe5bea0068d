import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { AUDIT_ENTRIES, EXPORT_PAGE_SIZE, type AuditEntry } from '../../src/contexts/audit';
import { hashApiKey } from '../../src/contexts/identity-access';
import { ACCOUNTS } from '../../src/contexts/tenancy';
import type { EventStore } from '../../src/infrastructure/event-store/event-store.port';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import { apiClient, json } from '../support/http';
import { addAccountMember, createOtherTenant, type OtherTenant } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';

const CLI = join(__dirname, '../../src/cli.js');
const UA = 'audit-e2e/1.0 (praetor)';
const run = promisify(execFile);

/** `praetor audit verify FILE` as a child process: its exit code and output. */
async function verify(file: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [CLI, 'audit', 'verify', file]);
    return { code: 0, out: stdout.trim() };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: `${err.stdout}${err.stderr}`.trim() };
  }
}

describe('audit log: entries, filters, retention, hash-chained export, praetor audit verify', () => {
  let t: TestServer;
  let eve: OtherTenant;
  let memberKey: string;
  let accountId: string;
  let account: string;
  let ownerId: string;
  let workspaceId: string;
  let dir: string;
  const plainKeys: string[] = [];
  let linaId: string;
  let botId: string;
  let runId: string;

  const { send } = apiClient(() => t);
  /** A request as a browser or client would send it, with a user agent. */
  const call = (method: string, url: string, body?: unknown, key?: string | null) =>
    t.fetch(url, { method, key, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'user-agent': UA, ...(body === undefined ? {} : { 'content-type': 'application/json' }) } });
  const filter = (body: unknown, key?: string | null) => json<AuditEntry[]>(send('POST', `${account}/audit_log/filter`, body, key), 200);
  const exportText = async (query: string) => {
    const res = await t.fetch(`${account}/audit_log/export?${query}`);
    const text = await res.text();
    assert.equal(res.status, 200, text);
    return { text, type: res.headers.get('content-type') };
  };

  before(async () => {
    t = await startTestServer({ PRAETOR_MONITOR_LOOP_SECONDS: '1' });
    ({ accountId, userId: ownerId, workspaceId } = t.server.installation.ids);
    account = `${t.api}/accounts/${accountId}`;
    eve = await createOtherTenant(t, 'eve');
    memberKey = (await addAccountMember(t, 'max', 'member')).key;
    plainKeys.push(t.apiKey, eve.key, memberKey);
    dir = mkdtempSync(join(tmpdir(), 'praetor-audit-'));

    // Membership edits, key rotations and run state changes, over HTTP with a user agent.
    linaId = (await addAccountMember(t, 'lina', 'member')).userId;
    assert.equal((await call('PATCH', `${account}/account_memberships/${linaId}`, { account_role_name: 'admin' })).status, 204);
    assert.equal((await call('PATCH', `${account}/account_memberships/${linaId}`, { account_role_name: 'member' })).status, 204);
    const bot = await json<{ id: string; api_key: { key: string } }>(call('POST', `${account}/bots/`, { name: 'audited-bot' }), 201);
    botId = bot.id;
    plainKeys.push(bot.api_key.key);
    for (let i = 0; i < 2; i++) {
      const rotated = await json<{ api_key: { key: string } }>(call('POST', `${account}/bots/${botId}/rotate_api_key`, { old_key_expires_in_seconds: 0 }), 201);
      plainKeys.push(rotated.api_key.key);
    }
    const flow = await json<{ id: string }>(call('POST', `${t.workspaceApi}/flows/`, { name: 'audited-flow' }), 201);
    runId = (await json<{ id: string }>(call('POST', `${t.workspaceApi}/flow_runs/`, { flow_id: flow.id, state: { type: 'PENDING', name: 'Pending' } }), 201)).id;
    for (const state of [{ type: 'RUNNING', name: 'Running' }, { type: 'COMPLETED', name: 'Completed' }]) {
      const res = await call('POST', `${t.workspaceApi}/flow_runs/${runId}/set_state`, { state: { ...state, message: null, data: null, state_details: {} }, force: false });
      assert.equal(res.status, 201, await res.text());
    }
  });
  after(async () => {
    await t?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has an entry, with actor, IP and user agent, for membership edits, key rotations and run state changes', async () => {
    const entries = await filter({ limit: 200 });
    const by = (event: string, resourceId: string) => entries.filter((e) => e.event === event && e.resource.id === resourceId);
    const roleChanges = by('prefect-cloud.account-membership.updated', linaId);
    assert.equal(roleChanges.length, 2);
    assert.deepEqual(roleChanges.map((e) => (e.details as { role: string }).role), ['member', 'admin'], 'newest first');
    const rotations = entries.filter((e) => e.event === 'prefect-cloud.api-key.rotated' && (e.details as { botId: string }).botId === botId);
    assert.equal(rotations.length, 2);
    const states = entries.filter((e) => e.resource.id === runId && e.resource.type === 'prefect.flow-run');
    assert.deepEqual(states.map((e) => e.event).filter((n) => n !== 'prefect.flow-run.created').slice(0, 2), ['prefect.flow-run.Completed', 'prefect.flow-run.Running']);
    for (const e of [...roleChanges, ...rotations, ...states.slice(0, 2)]) {
      assert.deepEqual(e.actor, { id: ownerId, type: 'user', name: e.actor.name });
      assert.ok(e.actor.name.length > 0);
      assert.equal(e.account_id, accountId);
      assert.equal(e.client_ip, '127.0.0.1');
      assert.equal(e.user_agent, UA);
      assert.ok(e.request_id);
      assert.ok(e.position > 0);
    }
    assert.equal(states[0]!.workspace_id, workspaceId);
    assert.equal(roleChanges[0]!.workspace_id, null);
    // Each entry is the event of that id, with its position and recorded time.
    const [stored] = (await t.server.runtime.stores.events.readAll({ after: rotations[0]!.position - 1, maxCount: 1 })) as { id: string; recordedAt: string; type: string }[];
    assert.deepEqual([stored!.id, stored!.recordedAt, stored!.type], [rotations[0]!.id, rotations[0]!.occurred, 'ServiceAccountKeyRotated']);
  });

  it('marks what system jobs did as such', async () => {
    const system = (await filter({ limit: 200 })).filter((e) => e.actor.type === 'system');
    assert.ok(system.some((e) => e.event === 'prefect-cloud.account-membership.created' && e.resource.id === linaId), 'the test set-up added lina as the system');
  });

  it('filters by event (exact or prefix), actor, workspace and time; newest first; paged', async () => {
    const keys = await filter({ events: ['prefect-cloud.api-key.'] });
    assert.ok(keys.length >= 3);
    assert.ok(keys.every((e) => e.event.startsWith('prefect-cloud.api-key.')));
    assert.ok(keys.some((e) => e.event === 'prefect-cloud.api-key.created'));
    const exact = await filter({ events: ['prefect-cloud.api-key.rotated', 'prefect.flow-run.Running'] });
    assert.deepEqual([...new Set(exact.map((e) => e.event))].sort(), ['prefect-cloud.api-key.rotated', 'prefect.flow-run.Running']);
    const ws = await filter({ workspace_ids: [workspaceId], limit: 200 });
    assert.ok(ws.length > 0 && ws.every((e) => e.workspace_id === workspaceId));
    const mine = await filter({ actor_ids: [ownerId], limit: 200 });
    assert.ok(mine.length > 0 && mine.every((e) => e.actor.id === ownerId));
    const all = await filter({ limit: 200 });
    assert.deepEqual(all.map((e) => e.occurred), [...all.map((e) => e.occurred)].sort().reverse());
    const middle = all[Math.floor(all.length / 2)]!.occurred;
    const since = await filter({ occurred: { since: middle }, limit: 200 });
    assert.ok(since.length > 0 && since.length < all.length && since.every((e) => e.occurred >= middle));
    const until = await filter({ occurred: { until: middle }, limit: 200 });
    assert.ok(until.every((e) => e.occurred <= middle));
    assert.deepEqual(await filter({ occurred: { since: '2999-01-01T00:00:00Z' } }), []);
    const page2 = await filter({ limit: 2, offset: 2 });
    assert.deepEqual(page2.map((e) => e.id), all.slice(2, 4).map((e) => e.id));
    for (const bad of [{ limit: -1 }, { limit: 1000 }, { events: 'x' }, { occurred: { since: 'yesterday' } }, { actor_ids: [1] }]) {
      assert.equal((await send('POST', `${account}/audit_log/filter`, bad)).status, 422, JSON.stringify(bad));
    }
  });

  it('reads one entry; Owners read the log, a Member gets 403, another account 404', async () => {
    const [latest] = await filter({ limit: 1 });
    assert.deepEqual(await json(send('GET', `${account}/audit_log/${latest!.id}`), 200), latest);
    assert.equal((await send('GET', `${account}/audit_log/${randomUUID()}`)).status, 404);
    assert.equal((await send('GET', `${account}/audit_log/not-a-uuid`)).status, 404);
    assert.equal((await send('POST', `${account}/audit_log/filter`, {}, memberKey)).status, 403);
    assert.equal((await send('GET', `${account}/audit_log/${latest!.id}`, undefined, memberKey)).status, 403);
    assert.equal((await send('GET', `${account}/audit_log/export`, undefined, memberKey)).status, 403);
    assert.equal((await send('POST', `${account}/audit_log/filter`, {}, eve.key)).status, 404);
    assert.equal((await send('GET', `${account}/audit_log/export`, undefined, eve.key)).status, 404);
    assert.equal((await send('POST', `${account}/audit_log/filter`, {}, null)).status, 401);
    // Eve's own log holds her account's entries only: none of the installation's.
    const own = await json<AuditEntry[]>(send('POST', `${t.api}/accounts/${eve.accountId}/audit_log/filter`, { limit: 200 }, eve.key), 200);
    assert.ok(own.length > 0 && own.every((e) => e.account_id === eve.accountId));
    // An entry of another account is not found through this account.
    assert.equal((await send('GET', `${account}/audit_log/${own[0]!.id}`)).status, 404);
  });

  it('exports a range with membership edits, key rotations and run state changes byte-identically, hash-chained, verifiable', async () => {
    const to = new Date(Date.now() + 1000).toISOString();
    // The range ends in the past once we wait past it, so nothing new can enter it.
    await new Promise((r) => setTimeout(r, 1100));
    const one = await exportText(`from=2000-01-01T00:00:00Z&to=${to}&format=ndjson`);
    const two = await exportText(`from=2000-01-01T00:00:00Z&to=${to}&format=ndjson`);
    assert.equal(one.text, two.text);
    assert.match(one.type ?? '', /ndjson/);
    const lines = one.text.split('\n').slice(0, -1);
    const header = JSON.parse(lines[0]!);
    assert.equal(header.format, 'praetor-audit-v1');
    assert.equal(header.account_id, accountId);
    const entries = lines.slice(1).map((l) => JSON.parse(l) as AuditEntry & { hash: string });
    for (const event of ['prefect-cloud.account-membership.updated', 'prefect-cloud.api-key.rotated', 'prefect.flow-run.Running', 'prefect.flow-run.Completed']) {
      assert.ok(entries.some((e) => e.event === event), event);
    }
    assert.ok(entries.every((e) => e.account_id === accountId));
    assert.deepEqual(entries.map((e) => e.position), [...entries.map((e) => e.position)].sort((a, b) => a - b));

    const file = join(dir, 'export.ndjson');
    writeFileSync(file, one.text);
    assert.deepEqual(await verify(file), { code: 0, out: `ok: ${entries.length} entries, last hash ${entries.at(-1)!.hash}` });

    // One byte changed in the middle of line K: verify fails and names K.
    const k = Math.floor(lines.length / 2) + 1;
    const bytes = Buffer.from(one.text);
    let offset = 0;
    for (let i = 0; i < k - 1; i++) offset = bytes.indexOf(0x0a, offset) + 1;
    const at = bytes.indexOf(Buffer.from('"event":"'), offset) + 9;
    bytes[at] = bytes[at] === 0x70 ? 0x71 : 0x70;
    writeFileSync(file, bytes);
    assert.deepEqual(await verify(file), { code: 1, out: `line ${k}: hash mismatch` });

    // CSV: the same entries and hashes, also verifiable and also byte-identical when re-run.
    const csv = await exportText(`from=2000-01-01T00:00:00Z&to=${to}&format=csv`);
    assert.equal(csv.text, (await exportText(`from=2000-01-01T00:00:00Z&to=${to}&format=csv`)).text);
    const csvFile = join(dir, 'export.csv');
    writeFileSync(csvFile, csv.text);
    const csvResult = await verify(csvFile);
    assert.equal(csvResult.code, 0, csvResult.out);
    assert.match(csvResult.out, new RegExp(`^ok: ${entries.length} entries, last hash [0-9a-f]{64}$`));
    assert.equal(csv.text.split('\n')[1], 'id,occurred,event,actor_id,actor_type,actor_name,account_id,workspace_id,resource_id,resource_type,resource_name,client_ip,user_agent,request_id,details,position,hash');
    writeFileSync(csvFile, csv.text.replace(UA, UA.replace('e2e', 'e3e')));
    assert.match((await verify(csvFile)).out, /^line \d+: hash mismatch$/);
  });

  it('resumes from a position, continuing the chain', async () => {
    const to = new Date(Date.now() - 1).toISOString();
    const full = (await exportText(`to=${to}`)).text.split('\n').slice(0, -1);
    const cut = JSON.parse(full[4]!) as { position: number; hash: string };
    const rest = (await exportText(`to=${to}&after_position=${cut.position}&previous_hash=${cut.hash}`)).text;
    const restLines = rest.split('\n').slice(0, -1);
    assert.deepEqual(restLines.slice(1), full.slice(5));
    assert.equal(JSON.parse(restLines[0]!).genesis, cut.hash);
    const file = join(dir, 'resumed.ndjson');
    writeFileSync(file, rest);
    assert.equal((await verify(file)).code, 0);
    for (const bad of ['format=xml', 'after_position=-1', 'previous_hash=abc', 'from=never']) {
      assert.equal((await t.fetch(`${account}/audit_log/export?${bad}`)).status, 422, bad);
    }
  });

  it('never shows a plain secret or its hash, in entries or exports', async () => {
    const entries = JSON.stringify(await filter({ limit: 200 }));
    const exported = (await exportText('format=ndjson')).text + (await exportText('format=csv')).text;
    assert.ok(plainKeys.length >= 6);
    for (const key of plainKeys) {
      for (const secret of [key, hashApiKey(key)]) {
        assert.equal(entries.includes(secret), false, `${secret.slice(0, 8)}… in an entry`);
        assert.equal(exported.includes(secret), false, `${secret.slice(0, 8)}… in an export`);
      }
    }
    assert.doesNotMatch(exported, /keyHash|TokenHash|passwordHash/);
  });

  it('hides entries older than the account\'s audit_log_retention_days and prunes them from the read model; exports still have every event', async () => {
    const store = t.server.runtime.stores.readStore;
    assert.equal((await (await send('GET', `${account}/`)).json() as { audit_log_retention_days: number }).audit_log_retention_days, 365, 'the default');
    assert.equal((await send('PATCH', `${account}/`, { audit_log_retention_days: 0 })).status, 422);
    assert.equal((await send('PATCH', `${account}/`, { audit_log_retention_days: 30 })).status, 204);
    assert.equal((await (await send('GET', `${account}/`)).json() as { audit_log_retention_days: number }).audit_log_retention_days, 30);
    const acc = (await store.get(ACCOUNTS, accountId))!;
    const { _pos, ...rest } = acc;
    void _pos;
    const [recent] = await filter({ limit: 1 });
    const old = { ...recent!, id: randomUUID(), occurred: '2020-01-01T00:00:00.000Z', event: 'prefect-cloud.account.updated' };
    await store.put(AUDIT_ENTRIES, { _id: old.id, _account: accountId, _workspace: null, ...old });
    const old40 = { ...old, id: randomUUID(), occurred: new Date(Date.now() - 40 * 86_400_000).toISOString() };
    const old20 = { ...old, id: randomUUID(), occurred: new Date(Date.now() - 20 * 86_400_000).toISOString() };
    for (const e of [old40, old20]) await store.put(AUDIT_ENTRIES, { _id: e.id, _account: accountId, _workspace: null, ...e });

    const ids = (await filter({ limit: 200 })).map((e) => e.id);
    assert.ok(!ids.includes(old.id) && !ids.includes(old40.id), 'older than 30 days: hidden');
    assert.ok(ids.includes(old20.id) && ids.includes(recent!.id), 'within 30 days: shown');
    assert.equal((await send('GET', `${account}/audit_log/${old40.id}`)).status, 404);

    // The monitor prunes them from the read model.
    const deadline = Date.now() + 15_000;
    while ((await store.get(AUDIT_ENTRIES, old40.id)) || (await store.get(AUDIT_ENTRIES, old.id))) {
      assert.ok(Date.now() < deadline, 'the retention monitor did not prune the old entries');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(await store.get(AUDIT_ENTRIES, old20.id), 'an entry within retention stays');
    assert.ok(await store.get(AUDIT_ENTRIES, recent!.id));

    // A retention shorter than a millisecond hides every real entry; the export, read from the event store, still has them.
    const before = (await exportText('format=ndjson')).text.split('\n').length;
    await store.put(ACCOUNTS, { ...rest, audit_log_retention_days: 1e-9 });
    assert.deepEqual(await filter({ limit: 200 }), []);
    assert.equal((await send('GET', `${account}/audit_log/${recent!.id}`)).status, 404);
    assert.equal((await exportText('format=ndjson')).text.split('\n').length, before);
    while ((await store.count(AUDIT_ENTRIES, { _account: accountId })) > 0) {
      assert.ok(Date.now() < deadline + 15_000, 'the retention monitor did not prune the entries');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok((await store.count(AUDIT_ENTRIES, { _account: eve.accountId })) > 0, 'other accounts keep theirs');
  });

  it('streams a large export (20k events) from the event store page by page, never all at once', async () => {
    const events = t.server.runtime.stores.events as EventStore;
    const metadata = { actor: { type: 'system', id: '00000000-0000-0000-0000-000000000000', name: 'Praetor' }, accountId, workspaceId: null, clientIp: null, userAgent: null, requestId: null };
    const from = new Date().toISOString();
    // ~2 KB per line, ~40 MB in all: far more than the socket buffers between server and test can hold.
    const padding = 'x'.repeat(2000);
    for (let b = 0; b < 40; b++) {
      const batch = Array.from({ length: 500 }, (_, i) => ({ id: randomUUID(), type: 'AuditLoadGenerated', data: { n: b * 500 + i, note: padding }, metadata }));
      await events.append(`auditLoad-${randomUUID()}`, batch, 'no_stream');
    }
    await t.server.app.get(ProjectionRunner).wait(await events.headPosition());
    const readAll = events.readAll.bind(events);
    /** The export's page reads (it asks for EXPORT_PAGE_SIZE events at a time); other readers ask for more. */
    const pages: number[] = [];
    (events as { readAll: EventStore['readAll'] }).readAll = async (o) => {
      const page = await readAll(o);
      if (o?.maxCount === EXPORT_PAGE_SIZE) pages.push(page.length);
      return page;
    };
    try {
      const res = await t.fetch(`${account}/audit_log/export?from=${from}`);
      assert.equal(res.status, 200);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let carry = '';
      let lines = 0;
      let loadLines = 0;
      let pagesAt1000Lines = -1;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        // Only the unfinished last line is kept: the test holds no copy of the export either.
        const parts = (carry + decoder.decode(value, { stream: true })).split('\n');
        carry = parts.pop()!;
        for (const line of parts) {
          lines += 1;
          if (line.includes('"event":"praetor.event.AuditLoadGenerated"')) loadLines += 1;
        }
        if (pagesAt1000Lines < 0 && lines >= 1000) pagesAt1000Lines = pages.length;
      }
      assert.equal(carry, '');
      assert.equal(loadLines, 20_000);
      assert.ok(pages.length >= 40, `${pages.length} pages`);
      assert.ok(Math.max(...pages) <= EXPORT_PAGE_SIZE);
      assert.ok(pagesAt1000Lines < pages.length / 2, `the first 1000 lines came after ${pagesAt1000Lines} of ${pages.length} pages were read`);
    } finally {
      (events as { readAll: EventStore['readAll'] }).readAll = readAll;
    }
  });
});
