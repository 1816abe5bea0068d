import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MongoClient } from 'mongodb';
import { MongoReadStore } from '../../src/infrastructure/read-store/mongo-read-store';
import { startMongoTestServer, type MongoTestServer } from '../support/mongo-test-server';
import { readStoreContract } from './read-store.contract';

// One server for the whole file; every store gets a database of its own.
let server: Promise<MongoTestServer> | undefined;
const shared = () => (server ??= startMongoTestServer());
after(async () => {
  await (await server)?.stop();
});

async function openStore(suffix: string, transactions: 'auto' | 'never') {
  const { url, dbName } = await shared();
  const name = `${dbName}_${suffix}`;
  const store = await MongoReadStore.connect(url, name, { transactions });
  return {
    store,
    dbName: name,
    async cleanup() {
      await store.close();
      await dropDatabase(url, name);
    },
  };
}

readStoreContract('mongodb wire protocol, transactional batches', () => openStore('tx', 'auto'));
readStoreContract('mongodb wire protocol, batches without transactions', () => openStore('plain', 'never'));

describe('MongoReadStore specifics', () => {
  let store: MongoReadStore;
  let dbName: string;
  let cleanup: () => Promise<void>;
  before(async () => {
    ({ store, dbName, cleanup } = await openStore('specifics', 'auto'));
  });
  after(() => cleanup());

  it('uses transactions on a replica set', async (t) => {
    const { url } = await shared();
    const client = await MongoClient.connect(url);
    try {
      const hello = await client.db('admin').command({ hello: 1 });
      if (typeof hello.setName !== 'string') return t.skip('MONGODB_URL is not a replica set');
      assert.equal(store.transactional, true);
    } finally {
      await client.close();
    }
  });

  it('stores documents as they are, with _id as the id', async () => {
    const { url } = await shared();
    await store.put('raw', { _id: 'a', _pos: 7, nested: { v: [1, 'x'] } });
    const client = await MongoClient.connect(url);
    try {
      const raw = await client.db(dbName).collection<{ _id: string }>('raw').findOne({ _id: 'a' });
      assert.deepEqual(raw, { _id: 'a', _pos: 7, nested: { v: [1, 'x'] } });
    } finally {
      await client.close();
    }
  });
});

/** Real MongoDB drops the database; test servers without dropDatabase vanish with their process. */
async function dropDatabase(url: string, name: string): Promise<void> {
  const client = await MongoClient.connect(url);
  try {
    await client.db(name).dropDatabase();
  } catch {
    // jongodb has no dropDatabase; its data lives only as long as the server does.
  } finally {
    await client.close();
  }
}
