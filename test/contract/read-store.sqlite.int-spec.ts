import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SqliteReadStore } from '../../src/infrastructure/read-store/sqlite-read-store';
import { readStoreContract } from './read-store.contract';

const dir = mkdtempSync(join(tmpdir(), 'praetor-read-store-'));
const file = join(dir, 'read-models.sqlite');

after(() => rmSync(dir, { recursive: true, force: true }));

readStoreContract('sqlite', async () => {
  const store = SqliteReadStore.open(file);
  return { store, cleanup: () => store.close() };
});

readStoreContract('sqlite :memory:', async () => {
  const store = SqliteReadStore.open(':memory:');
  return { store, cleanup: () => store.close() };
});

describe('SqliteReadStore specifics', () => {
  let store: SqliteReadStore;
  before(() => {
    store = SqliteReadStore.open(join(dir, 'specifics.sqlite'));
  });
  after(async () => {
    await store.close();
  });

  it('runs synchronous=FULL on a WAL file', () => {
    // synchronous is per-connection state, invisible from any other connection: ask the store's own.
    assert.equal(store['db'].pragma('synchronous', { simple: true }), 2);
    const observer = new Database(join(dir, 'specifics.sqlite'), { readonly: true, fileMustExist: true });
    try {
      assert.equal(observer.pragma('journal_mode', { simple: true }), 'wal');
    } finally {
      observer.close();
    }
  });

  it('declared indexes serve equality, ranges, null tests and sorts on scalar fields', async () => {
    await store.ensureCollection('plans', [
      { name: 'by_scope', fields: [{ field: '_account' }, { field: 'state.type' }] },
      { name: 'by_created', fields: [{ field: 'created' }] },
    ]);
    const docs = Array.from({ length: 200 }, (_, i) => ({
      _id: `d${i}`,
      _account: `a${i % 7}`,
      state: { type: i % 2 ? 'RUNNING' : 'DONE' },
      created: `2024-01-${String(1 + (i % 28)).padStart(2, '0')}`,
      tags: ['x'],
    }));
    await store.writeBatch(docs.map((doc) => ({ kind: 'put', collection: 'plans', doc })));
    const uses = (plan: string[], index: string) => assert.ok(plan.some((d) => d.includes(index)), plan.join(' | '));
    uses(store.queryPlan('plans', { _account: 'a1', 'state.type': 'RUNNING' }), 'docs_plans__by_scope');
    uses(store.queryPlan('plans', { _account: { $in: ['a1', 'a2'] } }), 'docs_plans__by_scope');
    uses(store.queryPlan('plans', { _account: null }), 'docs_plans__by_scope');
    uses(store.queryPlan('plans', { created: { $gte: '2024-01-10', $lt: '2024-01-12' } }), 'docs_plans__by_created');
    uses(store.queryPlan('plans', {}, { sort: [{ field: 'created', direction: 'desc' }], limit: 5 }), 'docs_plans__by_created');
    const expected = docs.filter((d) => d._account === 'a1' && d.state.type === 'RUNNING').map((d) => d._id).sort();
    assert.deepEqual((await store.find('plans', { _account: 'a1', 'state.type': 'RUNNING' })).map((d) => d._id), expected);
  });

  it('a changed index definition under the same name is rebuilt', async () => {
    await store.ensureCollection('redefined', [{ name: 'ix', fields: [{ field: 'a' }], unique: true }]);
    await store.put('redefined', { _id: '1', a: 1, b: 1 });
    await assert.rejects(store.put('redefined', { _id: '2', a: 1, b: 2 }));
    await store.ensureCollection('redefined', [{ name: 'ix', fields: [{ field: 'b' }], unique: true }]);
    assert.equal(await store.put('redefined', { _id: '2', a: 1, b: 2 }), true);
  });

  it('documents, array paths and checkpoints survive a reopen', async () => {
    const path = join(dir, 'reopen.sqlite');
    const first = SqliteReadStore.open(path);
    await first.writeBatch([{ kind: 'put', collection: 'kept', doc: { _id: 'a', _pos: 3, tags: ['t1', 't2'] } }], { name: 'kept', position: 3, version: 2 });
    await first.close();
    const second = SqliteReadStore.open(path);
    try {
      assert.deepEqual(await second.get('kept', 'a'), { _id: 'a', _pos: 3, tags: ['t1', 't2'] });
      assert.deepEqual((await second.find('kept', { tags: 't2' })).map((d) => d._id), ['a']);
      assert.deepEqual(await second.getCheckpoint('kept'), { name: 'kept', position: 3, version: 2 });
    } finally {
      await second.close();
    }
  });

  it('a second connection sees array fields the first one wrote later', async () => {
    const path = join(dir, 'two-connections.sqlite');
    const one = SqliteReadStore.open(path);
    const two = SqliteReadStore.open(path);
    try {
      await one.put('shared', { _id: 'a', tags: 'scalar' });
      assert.deepEqual((await two.find('shared', { tags: 'x' })).map((d) => d._id), []);
      await one.put('shared', { _id: 'b', tags: ['x', 'y'] });
      assert.deepEqual((await two.find('shared', { tags: 'x' })).map((d) => d._id), ['b']);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
