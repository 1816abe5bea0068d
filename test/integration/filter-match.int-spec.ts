import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compileMatcher } from '../../src/infrastructure/read-store/filter-match';
import type { Document, Filter } from '../../src/infrastructure/read-store/read-store.port';
import { SqliteReadStore } from '../../src/infrastructure/read-store/sqlite-read-store';

/** The in-memory matcher must agree with the store on every filter: it decides live deliveries. */
describe('compileMatcher agrees with the read store', () => {
  const docs: Document[] = [
    { _id: 'r1', name: 'alpha', state: { type: 'RUNNING', name: 'Running' }, n: 1, tags: ['etl', 'prod'], scores: [1, 10], created: '2024-03-01T10:00:00.000Z', flag: true, note: 'Hello World' },
    { _id: 'r2', name: 'Beta', state: { type: 'COMPLETED', name: 'Completed' }, n: 10, tags: ['prod'], scores: [5], created: '2024-03-01T09:00:00.000Z', flag: false, note: 'a.b*c literal' },
    { _id: 'r3', name: 'gamma', state: { type: 'FAILED' }, n: 2, tags: [], created: '2024-02-28T23:59:59.000Z', note: null },
    { _id: 'r4', name: 'delta', state: { type: 'RUNNING' }, n: 2.5, created: '2024-03-02T00:00:00.000Z', note: 'AXBB' },
    { _id: 'r5', name: 'epsilon', state: { type: 'COMPLETED' }, n: '10', tags: 'etl', created: '2024-01-15T00:00:00.000Z', note: 'Ünïcode ÜBER straße' },
    { _id: 'r6', name: 'zeta', n: -3, tags: ['dev', null], flag: 1, labels: ['k=v', 'role|k=w'] },
  ];
  const filters: Filter[] = [
    {},
    { name: 'alpha' },
    { 'state.type': 'RUNNING', name: 'delta' },
    { n: 10 },
    { n: '10' },
    { flag: true },
    { flag: 1 },
    { 'state.type': { $ne: 'RUNNING' } },
    { 'state.type': { $in: ['FAILED', null] } },
    { 'state.type': { $nin: ['RUNNING', null] } },
    { n: { $gt: 1, $lte: 10 } },
    { n: { $gte: '1' } },
    { created: { $gte: '2024-03-01T00:00:00.000Z', $lt: '2024-03-02T00:00:00.000Z' } },
    { note: null },
    { note: { $exists: true } },
    { note: { $ne: null } },
    { 'state.name': null },
    { tags: 'prod' },
    { tags: { $ne: 'prod' } },
    { tags: { $nin: ['prod', 'etl'] } },
    { tags: null },
    { tags: { $all: ['etl', 'prod'] } },
    { tags: { $all: [] } },
    { tags: { $contains: 'RO' } },
    { scores: { $gt: 8, $lt: 3 } },
    { note: { $contains: 'a.b*' } },
    { note: { $contains: 'über' } },
    { note: { $startsWith: 'ax' } },
    { labels: { $startsWith: 'role|' } },
    { $or: [{ 'state.type': 'FAILED' }, { $and: [{ n: { $gte: 2 } }, { tags: 'prod' }] }] },
    { $nor: [{ 'state.type': 'RUNNING' }, { tags: 'etl' }] },
    { $nor: [{ tags: { $startsWith: 'PR' } }] },
    { $or: [] },
    { $nor: [] },
  ];
  let dir: string;
  let store: SqliteReadStore;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'praetor-match-'));
    store = SqliteReadStore.open(join(dir, 'rs.sqlite'));
    for (const d of docs) await store.put('runs', d);
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('on every filter of the list', async () => {
    for (const f of filters) {
      const expected = (await store.find('runs', f)).map((d) => d._id);
      const matches = compileMatcher(f);
      assert.deepEqual(docs.filter(matches).map((d) => d._id), expected, JSON.stringify(f));
    }
  });
});
