import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { ApiKeyAuthenticator, Authorizer, Principal } from '../../../shared/application';
import { NotFoundError } from '../../../shared/errors';
import { AccessCheck, GatedSender, type SocketSession } from './socket-session';

const principal = { actor: { type: 'user', id: randomUUID(), name: 'u' }, apiKeyId: null } as unknown as Principal;
const session: SocketSession = {
  scope: { kind: 'workspace', accountId: randomUUID(), workspaceId: randomUUID() },
  principal,
  apiKey: 'k',
  permission: 'see_flows',
  handshake: true,
};

/** A key and a membership the test revokes, counting the look-ups. */
function world() {
  const w = { keyValid: true, member: true, lookups: 0, clock: 0 };
  const authenticator = {
    authenticate: async () => {
      w.lookups++;
      return w.keyValid ? principal : undefined;
    },
  } as unknown as ApiKeyAuthenticator;
  const authorizer = {
    authorize: async () => {
      if (!w.member) throw new NotFoundError('workspace not found');
    },
  } as unknown as Authorizer;
  const access = (maxAgeMs = 1000) => new AccessCheck({ session, authenticator, authorizer, maxAgeMs: () => maxAgeMs, now: () => w.clock });
  return { w, access };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('AccessCheck', () => {
  it('trusts an "allowed" decision for maxAgeMs (the open counts as one), then asks again', async () => {
    const { w, access } = world();
    const a = access(1000);
    assert.equal(a.fresh, true);
    assert.equal(await a.refused(), undefined);
    assert.equal(w.lookups, 0);
    w.clock = 1000;
    assert.equal(a.fresh, false);
    assert.equal(await a.refused(), undefined);
    assert.equal(w.lookups, 1);
    assert.equal(await a.refused(), undefined);
    assert.equal(w.lookups, 1, 'the new decision is cached');
    assert.equal(await a.refused(true), undefined);
    assert.equal(w.lookups, 2, 'force ignores the cache');
  });

  it('a revoked key or a revoked membership is a final refusal with the reason used at open', async () => {
    const { w, access } = world();
    const byKey = access(0);
    w.keyValid = false;
    assert.equal(await byKey.refused(), 'API key revoked or expired');
    w.keyValid = true;
    assert.equal(await byKey.refused(), 'API key revoked or expired', 'a refusal is final');
    const byMembership = access(0);
    w.member = false;
    assert.equal(await byMembership.refused(), 'Workspace not found');
    assert.equal(byMembership.fresh, false);
  });
});

describe('GatedSender', () => {
  const sender = (a: AccessCheck) => {
    const sent: unknown[] = [];
    const refusals: string[] = [];
    const deliver = (m: unknown, written?: () => void) => {
      sent.push(m);
      written?.();
    };
    const g = new GatedSender(
      a,
      deliver,
      (r) => refusals.push(r),
      (err) => {
        throw err;
      },
    );
    return { g, sent, refusals };
  };

  it('sends at once while the decision is fresh; otherwise waits for a new one, keeping the order', async () => {
    const { w, access } = world();
    const { g, sent, refusals } = sender(access(1000));
    g.send(1);
    assert.deepEqual(sent, [1]);
    w.clock = 5000;
    g.send(2);
    g.send(3);
    assert.deepEqual(sent, [1], 'held until access is confirmed');
    await flush();
    assert.deepEqual(sent, [1, 2, 3]);
    assert.equal(w.lookups, 1, 'one look-up for the batch');
    g.send(4);
    assert.deepEqual(sent, [1, 2, 3, 4]);
    assert.deepEqual(refusals, []);
  });

  it('after a revoke sends nothing more, reports the refusal once, and calls `written` for what it dropped', async () => {
    const { w, access } = world();
    const { g, sent, refusals } = sender(access(0));
    w.keyValid = false;
    let dropped = 0;
    g.send('a', () => dropped++);
    g.send('b', () => dropped++);
    await flush();
    g.send('c', () => dropped++);
    await flush();
    assert.deepEqual(sent, []);
    assert.deepEqual(refusals, ['API key revoked or expired']);
    assert.equal(dropped, 3);
  });
});
