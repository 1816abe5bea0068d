import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyedQueue } from './keyed-queue';
import { scopeOfDoc, systemCaller } from './system-caller';

describe('KeyedQueue', () => {
  it('runs the jobs of one key one at a time, in call order, and other keys alongside', async () => {
    const q = new KeyedQueue();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a1 = q.run('a', async () => {
      log.push('a1 start');
      await gate;
      log.push('a1 end');
    });
    const a2 = q.run('a', async () => {
      log.push('a2');
    });
    const b1 = q.run('b', async () => {
      log.push('b1');
    });
    await b1;
    assert.deepEqual(log, ['a1 start', 'b1'], 'b does not wait for a; a2 waits for a1');
    release();
    await Promise.all([a1, a2]);
    assert.deepEqual(log, ['a1 start', 'b1', 'a1 end', 'a2']);
  });

  it('a failing job fails its caller only; the next job of the key still runs', async () => {
    const q = new KeyedQueue();
    await assert.rejects(q.run('k', async () => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(await q.run('k', async () => 42), 42);
  });
});

describe('system caller', () => {
  it('acts as the system actor in the workspace of a document', () => {
    const scope = scopeOfDoc({ _account: 'acc', _workspace: 'ws' })!;
    const c = systemCaller(scope);
    assert.equal(c.principal.actor.type, 'system');
    assert.deepEqual(c.scope, { kind: 'workspace', accountId: 'acc', workspaceId: 'ws' });
    assert.equal(scopeOfDoc({ _account: 'acc', _workspace: null }), undefined);
  });
});
