import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RecordedEvent } from '../../../shared/ddd';
import { exportLines, type ExportQuery } from './audit-export';
import { canonicalJson, ChainVerifier, exportHeader, sha256 } from './hash-chain';

const A = 'acc-1';
function event(position: number, accountId: string | null, type = 'AccountMemberAdded', minute = position): RecordedEvent {
  return {
    id: `e${position}`,
    type,
    data: { accountId, userId: `u${position}`, role: 'member', keyHash: 'secret-hash', addedAt: 't' },
    metadata: { actor: { type: 'user', id: 'u0', name: 'ada, "the" owner\nline' }, accountId, workspaceId: null, clientIp: '10.0.0.1', userAgent: 'ua', requestId: null },
    stream: `account-${accountId}`,
    revision: position,
    position,
    recordedAt: new Date(Date.UTC(2026, 10, 27, 0, minute)).toISOString(),
  };
}

/** An event store of `n` events that counts what the export asks of it. */
function countingStore(n: number, make: (p: number) => RecordedEvent = (p) => event(p, p % 3 === 0 ? 'acc-2' : A)) {
  const stats = { calls: 0, maxAsked: 0, maxReturned: 0 };
  return {
    stats,
    store: {
      async headPosition() {
        return n;
      },
      async readAll(o: { after?: number; maxCount?: number } = {}) {
        stats.calls += 1;
        stats.maxAsked = Math.max(stats.maxAsked, o.maxCount ?? Infinity);
        const out: RecordedEvent[] = [];
        for (let p = (o.after ?? 0) + 1; p <= n && out.length < (o.maxCount ?? 1000); p++) out.push(make(p));
        stats.maxReturned = Math.max(stats.maxReturned, out.length);
        return out;
      },
    },
  };
}

const query = (q: Partial<ExportQuery> = {}): ExportQuery => ({ accountId: A, from: null, to: null, afterPosition: 0, previousHash: null, format: 'ndjson', ...q });

async function collect(gen: AsyncGenerator<string>): Promise<string> {
  let s = '';
  for await (const l of gen) s += l;
  return s;
}

function verify(text: string) {
  const v = new ChainVerifier();
  for (const l of text.split('\n').slice(0, -1)) v.push(l);
  return v.finish();
}

describe('audit export', () => {
  it('starts with a self-describing header whose genesis is the hash of the header', async () => {
    const text = await collect(exportLines(countingStore(5).store, query({ from: '2026-11-27T00:00:00.000Z' })));
    const header = JSON.parse(text.split('\n')[0]!);
    const { genesis, ...rest } = header;
    assert.deepEqual(rest, { format: 'praetor-audit-v1', account_id: A, from: '2026-11-27T00:00:00.000Z', to: null, after_position: 0, previous_hash: null });
    assert.equal(genesis, sha256(canonicalJson(rest)));
  });

  it('holds only the account\'s entries, in position order, each chained to the previous line', async () => {
    const text = await collect(exportLines(countingStore(30).store, query()));
    const lines = text.split('\n').slice(1, -1).map((l) => JSON.parse(l));
    assert.equal(lines.length, 20);
    assert.ok(lines.every((l) => l.account_id === A));
    assert.deepEqual(lines.map((l) => l.position), [...lines.map((l) => l.position)].sort((a, b) => a - b));
    assert.ok(!text.includes('secret-hash'), 'secret-looking fields are removed');
    const result = verify(text);
    assert.deepEqual(result, { ok: true, entries: 20, lastHash: lines.at(-1).hash });
  });

  it('gives the same bytes when run twice (ndjson and csv)', async () => {
    for (const format of ['ndjson', 'csv'] as const) {
      const one = await collect(exportLines(countingStore(40).store, query({ format })));
      const two = await collect(exportLines(countingStore(40).store, query({ format })));
      assert.equal(one, two);
      assert.deepEqual(verify(one).ok, true, format);
    }
  });

  it('keeps to the time range: from inclusive, to exclusive', async () => {
    const text = await collect(exportLines(countingStore(30).store, query({ from: '2026-11-27T00:10:00.000Z', to: '2026-11-27T00:20:00.000Z' })));
    const positions = text.split('\n').slice(1, -1).map((l) => JSON.parse(l).position);
    assert.deepEqual(positions, [10, 11, 13, 14, 16, 17, 19]);
  });

  it('resumes after a position, chaining from the previous hash: the same lines as the full export', async () => {
    const full = (await collect(exportLines(countingStore(30).store, query()))).split('\n').slice(1, -1);
    const cut = JSON.parse(full[6]!);
    const rest = await collect(exportLines(countingStore(30).store, query({ afterPosition: cut.position, previousHash: cut.hash })));
    const lines = rest.split('\n');
    assert.equal(JSON.parse(lines[0]!).genesis, cut.hash);
    assert.deepEqual(lines.slice(1, -1), full.slice(7));
    assert.equal(verify(rest).ok, true);
  });

  it('names the first line whose bytes changed', async () => {
    for (const format of ['ndjson', 'csv'] as const) {
      const text = await collect(exportLines(countingStore(12).store, query({ format })));
      const lines = text.split('\n');
      const k = format === 'csv' ? 5 : 4; // 1-based
      const i = lines[k - 1]!.indexOf('u0');
      lines[k - 1] = `${lines[k - 1]!.slice(0, i)}u9${lines[k - 1]!.slice(i + 2)}`;
      const result = verify(lines.join('\n'));
      assert.deepEqual(result.ok ? 'ok' : result.line, k, format);
    }
  });

  it('detects a changed header, a dropped line and reordered keys', async () => {
    const text = await collect(exportLines(countingStore(9).store, query()));
    const lines = text.split('\n');
    assert.deepEqual(verify(text.replace(A, 'acc-9')), { ok: false, line: 1, reason: 'the genesis does not match the header' });
    const dropped = [...lines.slice(0, 2), ...lines.slice(3)].join('\n');
    assert.equal((verify(dropped) as { line: number }).line, 3);
    const entry = JSON.parse(lines[1]!);
    const reordered = [lines[0], JSON.stringify({ hash: entry.hash, ...entry }), ...lines.slice(2)].join('\n');
    assert.equal((verify(reordered) as { line: number }).line, 2);
  });

  it('streams with bounded memory: reads the store page by page, only as fast as lines are taken', async () => {
    const { store, stats } = countingStore(20_000);
    const gen = exportLines(store, query(), 500);
    await gen.next(); // header
    await gen.next(); // first entry
    assert.equal(stats.calls, 1, 'taking one line reads one page');
    let lines = 2;
    for await (const _ of gen) lines += 1;
    assert.equal(lines, 1 + 13_334);
    assert.equal(stats.maxAsked, 500);
    assert.equal(stats.maxReturned, 500);
    assert.equal(stats.calls, 40);
  });

  it('stops at the head it saw when it started', async () => {
    const { store } = countingStore(10);
    const grown = { ...store, readAll: async (o: { after?: number; maxCount?: number }) => [...(await store.readAll(o)), event(11, A)] };
    const text = await collect(exportLines(grown, query(), 100));
    assert.ok(!text.includes('"position":11'));
  });

  it('has a header line that carries the resume point', () => {
    const h = exportHeader({ account_id: A, from: null, to: null, after_position: 7, previous_hash: 'f'.repeat(64) });
    assert.equal(h.genesis, 'f'.repeat(64));
  });
});
