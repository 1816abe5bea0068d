import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Document, Filter, FindOptions, ReadStore } from '../../src/infrastructure/read-store/read-store.port';

export interface ReadStoreUnderTest {
  readonly store: ReadStore;
  cleanup(): Promise<void>;
}

/**
 * The behaviour every ReadStore adapter must show (the semantics are written down in
 * read-store.port.ts). Every test works in collections of its own, so the order of tests and a
 * store shared with other runs do not matter.
 */
export function readStoreContract(name: string, factory: () => Promise<ReadStoreUnderTest>): void {
  describe(`ReadStore contract: ${name}`, () => {
    let subject: ReadStoreUnderTest | undefined;
    const store = (): ReadStore => {
      assert.ok(subject, 'the factory did not produce a store');
      return subject.store;
    };
    let seq = 0;
    /** A collection name no other test uses. */
    const fresh = (hint: string): string => `${hint}_${++seq}`;

    before(async () => {
      subject = await factory();
    });
    after(async () => {
      await subject?.cleanup();
    });

    describe('documents by id', () => {
      it('put, get and delete a document', async () => {
        const c = fresh('docs');
        const doc = { _id: 'a', _pos: 1, name: 'alpha', nested: { list: [1, 'two', null, { three: true }] }, empty: {}, none: null };
        assert.equal(await store().put(c, doc), true);
        assert.deepEqual(await store().get(c, 'a'), doc);
        assert.equal(await store().get(c, 'b'), undefined);
        assert.equal(await store().delete(c, 'a'), true);
        assert.equal(await store().get(c, 'a'), undefined);
        assert.equal(await store().delete(c, 'a'), false);
      });

      it('a collection never written reads as empty', async () => {
        const c = fresh('never');
        assert.equal(await store().get(c, 'x'), undefined);
        assert.deepEqual(await store().getMany(c, ['x']), []);
        assert.deepEqual(await store().find(c, { a: 1 }), []);
        assert.equal(await store().count(c), 0);
        assert.deepEqual(await store().countBy(c, 'a'), []);
        assert.equal(await store().delete(c, 'x', 5), false);
      });

      it('a put without _pos replaces the whole document; undefined properties are not stored', async () => {
        const c = fresh('replace');
        await store().put(c, { _id: 'a', keep: 1, drop: 2 });
        assert.equal(await store().put(c, { _id: 'a', keep: 3, gone: undefined }), true);
        assert.deepEqual(await store().get(c, 'a'), { _id: 'a', keep: 3 });
      });

      it('getMany returns the found documents in the order asked, each once', async () => {
        const c = fresh('many');
        for (const id of ['a', 'b', 'c']) await store().put(c, { _id: id, v: id.toUpperCase() });
        const got = await store().getMany(c, ['c', 'missing', 'a', 'c']);
        assert.deepEqual(got, [{ _id: 'c', v: 'C' }, { _id: 'a', v: 'A' }]);
        assert.deepEqual(await store().getMany(c, []), []);
        const ids = Array.from({ length: 1500 }, (_, i) => `id${i}`);
        assert.deepEqual((await store().getMany(c, [...ids, 'b'])).map((d) => d._id), ['b']);
      });
    });

    describe('the position guard', () => {
      it('put: an older or same position is ignored, a newer one applied', async () => {
        const c = fresh('guard_put');
        assert.equal(await store().put(c, { _id: 'a', _pos: 5, v: 'five' }), true);
        assert.equal(await store().put(c, { _id: 'a', _pos: 3, v: 'three' }), false);
        assert.deepEqual(await store().get(c, 'a'), { _id: 'a', _pos: 5, v: 'five' });
        assert.equal(await store().put(c, { _id: 'a', _pos: 5, v: 'five again' }), false);
        assert.deepEqual(await store().get(c, 'a'), { _id: 'a', _pos: 5, v: 'five' });
        assert.equal(await store().put(c, { _id: 'a', _pos: 6, v: 'six' }), true);
        assert.deepEqual(await store().get(c, 'a'), { _id: 'a', _pos: 6, v: 'six' });
      });

      it('put: a guard applies only when both sides carry a position', async () => {
        const c = fresh('guard_unset');
        await store().put(c, { _id: 'a', v: 'unpositioned' });
        assert.equal(await store().put(c, { _id: 'a', _pos: 1, v: 'one' }), true);
        assert.equal(await store().put(c, { _id: 'a', v: 'unpositioned again' }), true);
        assert.deepEqual(await store().get(c, 'a'), { _id: 'a', v: 'unpositioned again' });
      });

      it('delete: an older or same position is ignored, a newer one applied, none always applies', async () => {
        const c = fresh('guard_delete');
        await store().put(c, { _id: 'a', _pos: 5 });
        assert.equal(await store().delete(c, 'a', 4), false);
        assert.equal(await store().delete(c, 'a', 5), false);
        assert.deepEqual(await store().get(c, 'a'), { _id: 'a', _pos: 5 });
        assert.equal(await store().delete(c, 'a', 6), true);
        assert.equal(await store().get(c, 'a'), undefined);
        await store().put(c, { _id: 'b', _pos: 9 });
        assert.equal(await store().delete(c, 'b'), true);
        assert.equal(await store().get(c, 'b'), undefined);
        await store().put(c, { _id: 'c' });
        assert.equal(await store().delete(c, 'c', 1), true);
      });
    });

    describe('batches and checkpoints', () => {
      it('applies the ops in order, each guarded, and the checkpoint with them; a replay changes nothing', async () => {
        const c1 = fresh('batch_one');
        const c2 = fresh('batch_two');
        const cp = `proj_${c1}`;
        await store().put(c1, { _id: 'pre', _pos: 10, v: 'newer than the batch' });
        const batch = [
          { kind: 'put', collection: c1, doc: { _id: 'a', _pos: 3, v: 3 } },
          { kind: 'put', collection: c1, doc: { _id: 'b', _pos: 4, v: 4 } },
          { kind: 'put', collection: c2, doc: { _id: 'x', _pos: 4, v: 'x' } },
          { kind: 'put', collection: c1, doc: { _id: 'a', _pos: 5, v: 5 } },
          { kind: 'put', collection: c1, doc: { _id: 'a', _pos: 4, v: 'stale' } },
          { kind: 'put', collection: c1, doc: { _id: 'pre', _pos: 6, v: 'stale' } },
          { kind: 'delete', collection: c1, id: 'b', position: 6 },
          { kind: 'delete', collection: c1, id: 'nothing', position: 6 },
          { kind: 'put', collection: c1, doc: { _id: 'u', v: 1 } },
          { kind: 'put', collection: c1, doc: { _id: 'u', v: 2 } },
        ] as const;
        await store().writeBatch(batch, { name: cp, position: 6, version: 1 });
        const expected1 = [
          { _id: 'a', _pos: 5, v: 5 },
          { _id: 'pre', _pos: 10, v: 'newer than the batch' },
          { _id: 'u', v: 2 },
        ];
        assert.deepEqual(await store().find(c1), expected1);
        assert.deepEqual(await store().find(c2), [{ _id: 'x', _pos: 4, v: 'x' }]);
        assert.deepEqual(await store().getCheckpoint(cp), { name: cp, position: 6, version: 1 });

        await store().writeBatch(batch, { name: cp, position: 6, version: 1 });
        assert.deepEqual(await store().find(c1), expected1);
        assert.deepEqual(await store().find(c2), [{ _id: 'x', _pos: 4, v: 'x' }]);
      });

      it('a checkpoint alone can move anywhere, also back to 0 under a new version', async () => {
        const cp = `proj_${fresh('cp')}`;
        assert.equal(await store().getCheckpoint(cp), undefined);
        await store().writeBatch([], { name: cp, position: 42, version: 1 });
        assert.deepEqual(await store().getCheckpoint(cp), { name: cp, position: 42, version: 1 });
        await store().writeBatch([], { name: cp, position: 0, version: 2 });
        assert.deepEqual(await store().getCheckpoint(cp), { name: cp, position: 0, version: 2 });
        await store().writeBatch([{ kind: 'put', collection: fresh('cp_docs'), doc: { _id: 'a' } }]);
        assert.deepEqual(await store().getCheckpoint(cp), { name: cp, position: 0, version: 2 });
      });

      it('a batch refused by a unique index rejects and leaves the checkpoint where it was', async () => {
        const c = fresh('batch_unique');
        const created = fresh('batch_created');
        const cp = `proj_${c}`;
        await store().ensureCollection(c, [{ name: 'by_handle', fields: [{ field: 'handle' }], unique: true }]);
        await store().writeBatch([{ kind: 'put', collection: c, doc: { _id: 'a', _pos: 1, handle: 'taken' } }], { name: cp, position: 1, version: 1 });
        await assert.rejects(
          store().writeBatch(
            [
              { kind: 'put', collection: created, doc: { _id: 'first', _pos: 2 } },
              { kind: 'put', collection: c, doc: { _id: 'b', _pos: 2, handle: 'free' } },
              { kind: 'put', collection: c, doc: { _id: 'c', _pos: 3, handle: 'taken' } },
            ],
            { name: cp, position: 3, version: 1 },
          ),
          hasCode('ALREADY_EXISTS'),
        );
        assert.deepEqual(await store().getCheckpoint(cp), { name: cp, position: 1, version: 1 });
        assert.equal(await store().get(c, 'c'), undefined);
        assert.deepEqual(await store().get(c, 'a'), { _id: 'a', _pos: 1, handle: 'taken' });
        // A collection the failed batch would have created is still writable.
        assert.equal(await store().put(created, { _id: 'second', _pos: 3 }), true);
        assert.deepEqual(await store().get(created, 'second'), { _id: 'second', _pos: 3 });
      });
    });

    describe('queries', () => {
      const runs: Document[] = [
        { _id: 'r1', name: 'alpha', state: { type: 'RUNNING', name: 'Running' }, n: 1, tags: ['etl', 'prod'], scores: [1, 10], created: '2024-03-01T10:00:00.000Z', flag: true, note: 'Hello World' },
        { _id: 'r2', name: 'Beta', state: { type: 'COMPLETED', name: 'Completed' }, n: 10, tags: ['prod'], scores: [5], created: '2024-03-01T09:00:00.000Z', flag: false, note: 'a.b*c literal' },
        { _id: 'r3', name: 'gamma', state: { type: 'FAILED' }, n: 2, tags: [], created: '2024-02-28T23:59:59.000Z', note: null },
        { _id: 'r4', name: 'delta', state: { type: 'RUNNING' }, n: 2.5, created: '2024-03-02T00:00:00.000Z', note: 'AXBB' },
        { _id: 'r5', name: 'epsilon', state: { type: 'COMPLETED' }, n: '10', tags: 'etl', created: '2024-01-15T00:00:00.000Z', note: 'Ünïcode ÜBER straße' },
        { _id: 'r6', name: 'zeta', n: -3, tags: ['dev', null], flag: 1 },
      ];
      const c = fresh('runs');
      const ids = async (filter?: Filter, options?: FindOptions): Promise<string[]> => (await store().find(c, filter, options)).map((d) => d._id);
      const expectIds = async (filter: Filter, expected: string[], options?: FindOptions): Promise<void> => {
        assert.deepEqual(await ids(filter, options), expected, `filter ${JSON.stringify(filter)} ${options ? JSON.stringify(options) : ''}`);
        if (!options) assert.equal(await store().count(c, filter), expected.length, `count ${JSON.stringify(filter)}`);
      };

      before(async () => {
        await store().ensureCollection(c, [{ name: 'by_state', fields: [{ field: 'state.type' }, { field: 'created', direction: 'desc' }] }, { name: 'by_n', fields: [{ field: 'n' }] }]);
        // Inserted out of id order, so the default order cannot be the insertion order by luck.
        for (const doc of [...runs].reverse()) await store().put(c, doc);
      });

      it('without a filter: every document, by _id', async () => {
        assert.deepEqual(await store().find(c), runs);
        assert.equal(await store().count(c), 6);
      });

      it('equality on top-level and dotted nested fields, without type coercion', async () => {
        await expectIds({ name: 'alpha' }, ['r1']);
        await expectIds({ name: 'ALPHA' }, []);
        await expectIds({ 'state.type': 'RUNNING' }, ['r1', 'r4']);
        await expectIds({ 'state.type': 'RUNNING', name: 'delta' }, ['r4']);
        await expectIds({ 'state.type': 'RUNNING', name: 'beta' }, []);
        await expectIds({ n: 10 }, ['r2']);
        await expectIds({ n: '10' }, ['r5']);
        await expectIds({ n: 2.5 }, ['r4']);
        await expectIds({ flag: true }, ['r1']);
        await expectIds({ flag: false }, ['r2']);
        await expectIds({ flag: 1 }, ['r6']);
        await expectIds({ _id: 'r3' }, ['r3']);
        await expectIds({ 'state.name': 'Completed' }, ['r2']);
        await expectIds({ name: undefined, 'state.type': 'FAILED' }, ['r3']);
      });

      it('$eq $ne $in $nin', async () => {
        await expectIds({ 'state.type': { $eq: 'FAILED' } }, ['r3']);
        await expectIds({ 'state.type': { $ne: 'RUNNING' } }, ['r2', 'r3', 'r5', 'r6']);
        await expectIds({ 'state.type': { $in: ['FAILED', 'COMPLETED'] } }, ['r2', 'r3', 'r5']);
        await expectIds({ 'state.type': { $in: ['FAILED', null] } }, ['r3', 'r6']);
        await expectIds({ 'state.type': { $in: [] } }, []);
        await expectIds({ 'state.type': { $nin: ['RUNNING', null] } }, ['r2', 'r3', 'r5']);
        await expectIds({ 'state.type': { $nin: [] } }, ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
        await expectIds({ n: { $in: [10, 1, true] } }, ['r1', 'r2']);
        await expectIds({ n: { $in: ['10'] } }, ['r5']);
        await expectIds({ flag: { $in: [true, 1] } }, ['r1', 'r6']);
        await expectIds({ _id: { $in: ['r2', 'r9', 'r4'] } }, ['r2', 'r4']);
        await expectIds({ _id: { $nin: ['r2', 'r4'] } }, ['r1', 'r3', 'r5', 'r6']);
      });

      it('$gt $gte $lt $lte compare numbers with numbers and strings with strings', async () => {
        await expectIds({ n: { $gt: 2 } }, ['r2', 'r4']);
        await expectIds({ n: { $gte: 2 } }, ['r2', 'r3', 'r4']);
        await expectIds({ n: { $lt: 2 } }, ['r1', 'r6']);
        await expectIds({ n: { $lte: 1 } }, ['r1', 'r6']);
        await expectIds({ n: { $gt: 1, $lte: 10 } }, ['r2', 'r3', 'r4']);
        await expectIds({ n: { $gte: '1' } }, ['r5']);
        await expectIds({ name: { $gte: 'd', $lt: 'f' } }, ['r4', 'r5']);
        await expectIds({ created: { $gte: '2024-03-01T00:00:00.000Z', $lt: '2024-03-02T00:00:00.000Z' } }, ['r1', 'r2']);
        await expectIds({ created: { $lt: '2024-03-01T00:00:00.000Z' } }, ['r3', 'r5']);
        await expectIds({ flag: { $gte: 0 } }, ['r6']);
      });

      it('$exists, and null against missing', async () => {
        await expectIds({ flag: { $exists: true } }, ['r1', 'r2', 'r6']);
        await expectIds({ flag: { $exists: false } }, ['r3', 'r4', 'r5']);
        await expectIds({ note: { $exists: true } }, ['r1', 'r2', 'r3', 'r4', 'r5']);
        await expectIds({ note: { $exists: false } }, ['r6']);
        await expectIds({ note: null }, ['r3', 'r6']);
        await expectIds({ note: { $eq: null } }, ['r3', 'r6']);
        await expectIds({ note: { $ne: null } }, ['r1', 'r2', 'r4', 'r5']);
        await expectIds({ note: { $exists: true, $ne: null } }, ['r1', 'r2', 'r4', 'r5']);
        await expectIds({ 'state.name': null }, ['r3', 'r4', 'r5', 'r6']);
        await expectIds({ 'state.name': { $exists: true } }, ['r1', 'r2']);
        await expectIds({ 'no.such.path': null }, ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
        await expectIds({ 'name.inner': { $exists: true } }, []);
        await expectIds({ _id: { $exists: true } }, ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
      });

      it('array fields match when any element does, like MongoDB', async () => {
        await expectIds({ tags: 'prod' }, ['r1', 'r2']);
        await expectIds({ tags: 'etl' }, ['r1', 'r5']);
        await expectIds({ tags: { $eq: 'dev' } }, ['r6']);
        await expectIds({ tags: { $in: ['dev', 'etl'] } }, ['r1', 'r5', 'r6']);
        await expectIds({ tags: { $ne: 'prod' } }, ['r3', 'r4', 'r5', 'r6']);
        await expectIds({ tags: { $nin: ['prod', 'etl'] } }, ['r3', 'r4', 'r6']);
        await expectIds({ tags: null }, ['r4', 'r6']);
        await expectIds({ tags: { $ne: null } }, ['r1', 'r2', 'r3', 'r5']);
        await expectIds({ tags: { $exists: true } }, ['r1', 'r2', 'r3', 'r5', 'r6']);
        await expectIds({ tags: { $gt: 'e' } }, ['r1', 'r2', 'r5']);
        await expectIds({ tags: { $contains: 'RO' } }, ['r1', 'r2']);
        await expectIds({ scores: 10 }, ['r1']);
        await expectIds({ scores: { $gte: 5 } }, ['r1', 'r2']);
        // Each bound may be met by a different element.
        await expectIds({ scores: { $gt: 8, $lt: 3 } }, ['r1']);
        await expectIds({ scores: { $gt: 3, $lt: 8 } }, ['r1', 'r2']);
        await expectIds({ scores: { $gt: 5, $lt: 8 } }, ['r1']);
        await expectIds({ scores: { $gt: 10 } }, []);
      });

      it('$all', async () => {
        await expectIds({ tags: { $all: ['etl', 'prod'] } }, ['r1']);
        await expectIds({ tags: { $all: ['prod'] } }, ['r1', 'r2']);
        await expectIds({ tags: { $all: ['etl'] } }, ['r1', 'r5']);
        await expectIds({ tags: { $all: ['prod', 'dev'] } }, []);
        await expectIds({ tags: { $all: [] } }, []);
      });

      it('$contains and $startsWith: case-insensitive, literal needles, strings only', async () => {
        await expectIds({ note: { $contains: 'world' } }, ['r1']);
        await expectIds({ note: { $contains: 'WORLD' } }, ['r1']);
        // As a pattern `a.b*` would match 'AXBB'; as text it matches only the literal.
        await expectIds({ note: { $contains: 'a.b*' } }, ['r2']);
        await expectIds({ note: { $contains: 'A.B*C' } }, ['r2']);
        await expectIds({ note: { $startsWith: 'A.b' } }, ['r2']);
        await expectIds({ note: { $startsWith: 'ax' } }, ['r4']);
        await expectIds({ note: { $startsWith: 'world' } }, []);
        await expectIds({ note: { $contains: 'über' } }, ['r5']);
        await expectIds({ note: { $contains: 'ÜNÏ' } }, ['r5']);
        await expectIds({ note: { $contains: 'STRASSE' } }, []);
        await expectIds({ note: { $contains: 'straße' } }, ['r5']);
        await expectIds({ name: { $startsWith: 'b' } }, ['r2']);
        await expectIds({ n: { $contains: '1' } }, ['r5']);
        await expectIds({ note: { $contains: '' } }, ['r1', 'r2', 'r4', 'r5']);
        await expectIds({ note: { $contains: 'o', $startsWith: 'h' } }, ['r1']);
      });

      it('$and and $or, nested', async () => {
        await expectIds({ $or: [{ 'state.type': 'FAILED' }, { $and: [{ n: { $gte: 2 } }, { tags: 'prod' }] }] }, ['r2', 'r3']);
        await expectIds({ 'state.type': 'RUNNING', $or: [{ flag: true }, { flag: { $exists: false } }] }, ['r1', 'r4']);
        await expectIds({ $and: [{ $or: [{ name: 'alpha' }, { name: 'zeta' }] }, { $or: [{ n: { $lt: 0 } }, { tags: 'etl' }] }] }, ['r1', 'r6']);
        await expectIds({ $and: [{ $and: [{ $or: [{ n: 1 }, { n: 2 }] }] }, { $or: [{ $or: [{ name: 'gamma' }] }] }] }, ['r3']);
        await expectIds({ $or: [] }, []);
        await expectIds({ $and: [] }, ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
        await expectIds({ $or: [{ name: 'alpha' }, {}] }, ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
        await expectIds({ $and: [{ _account: 'nobody' }, { name: 'alpha' }] }, []);
      });

      it('$nor: none of the filters holds; on arrays, no element matches', async () => {
        await expectIds({ $nor: [{ 'state.type': 'RUNNING' }] }, ['r2', 'r3', 'r5', 'r6']);
        await expectIds({ $nor: [{ 'state.type': 'RUNNING' }, { tags: 'etl' }] }, ['r2', 'r3', 'r6']);
        await expectIds({ $nor: [{ tags: { $startsWith: 'PR' } }] }, ['r3', 'r4', 'r5', 'r6']);
        await expectIds({ $nor: [{ note: { $contains: 'o' } }] }, ['r2', 'r3', 'r4', 'r6']);
        await expectIds({ $nor: [{ $nor: [{ name: 'alpha' }] }] }, ['r1']);
        await expectIds({ $nor: [] }, ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
        await expectIds({ $nor: [{}] }, []);
        await expectIds({ tags: { $exists: true }, $nor: [{ tags: 'prod' }, { tags: null }] }, ['r3', 'r5']);
      });

      it('sorts on several fields in mixed directions, then by _id', async () => {
        // state.type ascending (missing first), created (ISO timestamps) descending within it.
        await expectIds({}, ['r6', 'r2', 'r5', 'r3', 'r4', 'r1'], { sort: [{ field: 'state.type', direction: 'asc' }, { field: 'created', direction: 'desc' }] });
        await expectIds({}, ['r6', 'r2', 'r5', 'r3', 'r1', 'r4'], { sort: [{ field: 'state.type', direction: 'asc' }] });
        await expectIds({}, ['r1', 'r4', 'r3', 'r2', 'r5', 'r6'], { sort: [{ field: 'state.type', direction: 'desc' }] });
        await expectIds({}, ['r4', 'r1', 'r2', 'r3', 'r5', 'r6'], { sort: [{ field: 'created', direction: 'desc' }] });
        // Numbers as numbers (10 after 2.5), before strings.
        await expectIds({}, ['r6', 'r1', 'r3', 'r4', 'r2', 'r5'], { sort: [{ field: 'n', direction: 'asc' }] });
        await expectIds({ n: { $gte: -100 } }, ['r2', 'r4', 'r3', 'r1', 'r6'], { sort: [{ field: 'n', direction: 'desc' }] });
        await expectIds({}, ['r6', 'r5', 'r4', 'r3', 'r2', 'r1'], { sort: [{ field: '_id', direction: 'desc' }] });
      });

      it('limit and offset page through the sorted result', async () => {
        const sort = [{ field: 'created', direction: 'asc' }] as const;
        await expectIds({}, ['r6', 'r5', 'r3', 'r2', 'r1', 'r4'], { sort });
        await expectIds({}, ['r5', 'r3'], { sort, offset: 1, limit: 2 });
        await expectIds({}, ['r1', 'r4'], { sort, offset: 4 });
        await expectIds({}, ['r6', 'r5', 'r3'], { sort, limit: 3 });
        await expectIds({}, [], { sort, limit: 0 });
        await expectIds({}, [], { sort, offset: 10 });
        await expectIds({ 'state.type': 'RUNNING' }, ['r4'], { limit: 1, offset: 1 });
        const pages: string[] = [];
        for (let offset = 0; offset < 6; offset += 4) pages.push(...(await ids({}, { sort: [{ field: 'state.type', direction: 'asc' }], limit: 4, offset })));
        assert.deepEqual(pages, ['r6', 'r2', 'r5', 'r3', 'r1', 'r4']);
      });

      it('count and countBy (null for null or missing), ordered by value', async () => {
        assert.equal(await store().count(c, { tags: 'prod' }), 2);
        assert.deepEqual(await store().countBy(c, 'state.type'), [
          { value: null, count: 1 },
          { value: 'COMPLETED', count: 2 },
          { value: 'FAILED', count: 1 },
          { value: 'RUNNING', count: 2 },
        ]);
        assert.deepEqual(await store().countBy(c, 'note'), [
          { value: null, count: 2 },
          { value: 'AXBB', count: 1 },
          { value: 'Hello World', count: 1 },
          { value: 'a.b*c literal', count: 1 },
          { value: 'Ünïcode ÜBER straße', count: 1 },
        ]);
        assert.deepEqual(await store().countBy(c, 'flag'), [
          { value: null, count: 3 },
          { value: 1, count: 1 },
          { value: false, count: 1 },
          { value: true, count: 1 },
        ]);
        assert.deepEqual(await store().countBy(c, 'n', { 'state.type': { $in: ['COMPLETED', 'FAILED'] } }), [
          { value: 2, count: 1 },
          { value: 10, count: 1 },
          { value: '10', count: 1 },
        ]);
        assert.deepEqual(await store().countBy(c, 'name', { name: 'nobody' }), []);
      });

      it('rejects malformed filters and options', async () => {
        const bad: [Filter, FindOptions?][] = [
          [{ $where: 'true' } as unknown as Filter],
          [{ 'a..b': 1 }],
          [{ 'a b': 1 }],
          [{ "x')": 1 }],
          [{ n: { $regex: 'x' } as unknown as Filter[string] }],
          [{ n: {} }],
          [{ n: { $in: 'x' } as unknown as Filter[string] }],
          [{ n: { $gt: null } as unknown as Filter[string] }],
          [{ n: { $exists: 1 } as unknown as Filter[string] }],
          [{ n: Number.NaN }],
          [{ $or: { n: 1 } } as unknown as Filter],
          [{}, { limit: -1 }],
          [{}, { offset: 1.5 }],
          [{}, { sort: [{ field: 'bad path!', direction: 'asc' }] }],
          [{}, { sort: [{ field: 'n', direction: 'up' as 'asc' }] }],
        ];
        for (const [filter, options] of bad) {
          await assert.rejects(store().find(c, filter, options), hasCode('VALIDATION_FAILED'), JSON.stringify([filter, options]));
        }
        await assert.rejects(store().countBy(c, "n') --"), hasCode('VALIDATION_FAILED'));
        await assert.rejects(store().get('bad name', 'x'), hasCode('VALIDATION_FAILED'));
        await assert.rejects(store().put(c, { _id: '' }), hasCode('VALIDATION_FAILED'));
        assert.equal(await store().count(c), 6);
      });
    });

    describe('text matching', () => {
      it('regular-expression metacharacters in a needle are plain text', async () => {
        const c = fresh('meta');
        const text = 'Cost: $5 (approx) [x] {y} ^z | a+b? back\\slash /path/ .*';
        await store().put(c, { _id: 'match', s: text });
        await store().put(c, { _id: 'other', s: 'cost 5 approx x y z a b backslash path' });
        const needles = ['$5', '(approx)', '[x]', '{y}', '^z', '| a+b?', 'back\\slash', '/path/', '.*', 'cost: $'];
        for (const needle of needles) {
          assert.deepEqual((await store().find(c, { s: { $contains: needle } })).map((d) => d._id), ['match'], `$contains ${needle}`);
        }
        assert.deepEqual((await store().find(c, { s: { $startsWith: 'cost: $5 (' } })).map((d) => d._id), ['match']);
        assert.deepEqual((await store().find(c, { s: { $startsWith: '.*' } })).map((d) => d._id), []);
      });
    });

    describe('declared indexes', () => {
      const indexes = [
        { name: 'by_state', fields: [{ field: 'state.type' }, { field: 'created', direction: 'desc' as const }] },
        { name: 'by_handle', fields: [{ field: 'handle' }], unique: true },
        { name: 'by_scope', fields: [{ field: '_account' }, { field: '_workspace' }, { field: 'name' }], unique: true },
      ];

      it('ensureCollection is idempotent, before and after documents exist, and queries keep working', async () => {
        const c = fresh('indexed');
        await store().ensureCollection(c, indexes);
        await store().ensureCollection(c, indexes);
        await store().put(c, { _id: 'a', handle: 'h1', name: 'a', state: { type: 'RUNNING' }, created: '2024-01-01' });
        await store().put(c, { _id: 'b', handle: 'h2', name: 'b', state: { type: 'RUNNING' }, created: '2024-01-02' });
        await store().ensureCollection(c, indexes);
        await store().ensureCollection(c);
        const found = await store().find(c, { 'state.type': 'RUNNING' }, { sort: [{ field: 'created', direction: 'desc' }] });
        assert.deepEqual(found.map((d) => d._id), ['b', 'a']);
        assert.deepEqual((await store().find(c, { handle: 'h1' })).map((d) => d._id), ['a']);
      });

      it('a unique index rejects a duplicate and keeps both documents as they were', async () => {
        const c = fresh('unique');
        await store().ensureCollection(c, [indexes[1]!]);
        await store().put(c, { _id: 'a', _pos: 1, handle: 'taken' });
        await store().put(c, { _id: 'b', _pos: 2, handle: 'other' });
        await assert.rejects(store().put(c, { _id: 'c', _pos: 3, handle: 'taken' }), hasCode('ALREADY_EXISTS'));
        await assert.rejects(store().put(c, { _id: 'b', _pos: 4, handle: 'taken' }), hasCode('ALREADY_EXISTS'));
        assert.equal(await store().get(c, 'c'), undefined);
        assert.deepEqual(await store().get(c, 'b'), { _id: 'b', _pos: 2, handle: 'other' });
        // The holder of a key may rewrite itself, and a freed key is free.
        assert.equal(await store().put(c, { _id: 'a', _pos: 5, handle: 'taken', v: 2 }), true);
        assert.equal(await store().put(c, { _id: 'a', _pos: 6, handle: 'moved' }), true);
        assert.equal(await store().put(c, { _id: 'c', _pos: 7, handle: 'taken' }), true);
        // A stale write that would collide is simply not written.
        assert.equal(await store().put(c, { _id: 'b', _pos: 1, handle: 'taken' }), false);
      });

      it('in a unique index, null and missing are one value; compound keys collide only as a whole', async () => {
        const c = fresh('unique_null');
        await store().ensureCollection(c, indexes);
        await store().put(c, { _id: 'a', handle: 'h-a', name: 'a' });
        await store().put(c, { _id: 'no-handle', name: 'no-handle' });
        await assert.rejects(store().put(c, { _id: 'null-handle', handle: null, name: 'null-handle' }), hasCode('ALREADY_EXISTS'));
        await store().put(c, { _id: 's1', handle: 's1', _account: 'acc', _workspace: null, name: 'n' });
        await store().put(c, { _id: 's2', handle: 's2', _account: 'acc', _workspace: 'ws', name: 'n' });
        await store().put(c, { _id: 's3', handle: 's3', _account: 'acc2', _workspace: null, name: 'n' });
        await assert.rejects(store().put(c, { _id: 's4', handle: 's4', _account: 'acc', name: 'n' }), hasCode('ALREADY_EXISTS'));
        assert.equal(await store().count(c), 5);
      });
    });

    describe('dropCollection', () => {
      it('removes every document; the collection is usable again; checkpoints stay', async () => {
        const c = fresh('dropped');
        const cp = `proj_${c}`;
        await store().ensureCollection(c, [{ name: 'by_v', fields: [{ field: 'v' }] }]);
        await store().writeBatch(
          [
            { kind: 'put', collection: c, doc: { _id: 'a', _pos: 1, v: 1, list: [1] } },
            { kind: 'put', collection: c, doc: { _id: 'b', _pos: 2, v: 2 } },
          ],
          { name: cp, position: 2, version: 1 },
        );
        await store().dropCollection(c);
        assert.equal(await store().get(c, 'a'), undefined);
        assert.equal(await store().count(c), 0);
        assert.deepEqual(await store().find(c, { v: { $gte: 0 } }), []);
        assert.deepEqual(await store().getCheckpoint(cp), { name: cp, position: 2, version: 1 });
        // A rebuild starts over: positions below the old ones are accepted again.
        await store().ensureCollection(c, [{ name: 'by_v', fields: [{ field: 'v' }] }]);
        assert.equal(await store().put(c, { _id: 'a', _pos: 1, v: 10 }), true);
        assert.deepEqual(await store().find(c, { v: 10 }), [{ _id: 'a', _pos: 1, v: 10 }]);
        await store().dropCollection(fresh('never_created'));
      });
    });

    describe('values', () => {
      it('unicode survives storage, equality and code-point sorting', async () => {
        const c = fresh('unicode');
        const docs = [
          { _id: 'u1', s: 'z' },
          { _id: 'u2', s: 'é' },
          { _id: 'u3', s: '日本語' },
          { _id: 'u4', s: 'emoji 🎉 ok', 'clé ünïcode': { 'ключ': 'значение', mixed: ['😀', 'e\u0301', '\u0000nul', 'tab\tline\nbreak'] } },
          { _id: 'u5', s: 'Z' },
          { _id: 'ü-🎉', s: '🎉' },
        ];
        for (const d of docs) await store().put(c, d);
        assert.deepEqual(await store().get(c, 'u4'), docs[3]);
        assert.deepEqual(await store().get(c, 'ü-🎉'), docs[5]);
        assert.deepEqual((await store().find(c, { s: '日本語' })).map((d) => d._id), ['u3']);
        assert.deepEqual((await store().find(c, { s: { $contains: '🎉' } })).map((d) => d._id), ['u4', 'ü-🎉']);
        const sorted = await store().find(c, {}, { sort: [{ field: 's', direction: 'asc' }] });
        assert.deepEqual(sorted.map((d) => d.s), ['Z', 'emoji 🎉 ok', 'z', 'é', '日本語', '🎉']);
        assert.deepEqual((await store().find(c, { s: { $gt: 'z' } })).map((d) => d._id), ['u2', 'u3', 'ü-🎉']);
      });

      it('a document of about 1 MiB round-trips and is found by its fields', async () => {
        const c = fresh('large');
        const doc = {
          _id: 'big',
          _pos: 1,
          kind: 'large',
          blob: 'x'.repeat(1024 * 1024 - 16 * 1024) + 'ünïcödé 🎉',
          items: Array.from({ length: 1000 }, (_, i) => ({ i, label: `item ${i}` })),
        };
        assert.ok(JSON.stringify(doc).length > 1024 * 1024);
        assert.equal(await store().put(c, doc), true);
        await store().put(c, { _id: 'small', kind: 'small' });
        assert.deepEqual(await store().get(c, 'big'), doc);
        const found = await store().find(c, { kind: 'large' });
        assert.equal(found.length, 1);
        assert.deepEqual(found[0], doc);
        assert.equal(await store().put(c, { ...doc, _pos: 2, kind: 'larger' }), true);
        assert.equal((await store().get(c, 'big'))?.kind, 'larger');
      });

      it('numbers keep their value: integers, fractions, negatives, large integers', async () => {
        const c = fresh('numbers');
        const doc = { _id: 'n', ints: [0, -1, 2147483647, 2147483648, 2 ** 53 - 1], fractions: [0.1, -2.5, 1e-7, 1.5e300] };
        await store().put(c, doc);
        assert.deepEqual(await store().get(c, 'n'), doc);
        assert.deepEqual((await store().find(c, { ints: 2 ** 53 - 1 })).map((d) => d._id), ['n']);
        assert.deepEqual((await store().find(c, { fractions: { $lt: -2 } })).map((d) => d._id), ['n']);
      });
    });
  });
}

function hasCode(code: string): (err: unknown) => boolean {
  return (err: unknown) => {
    assert.equal((err as { code?: unknown }).code, code, `expected ${code}, got ${String(err)}`);
    return true;
  };
}
