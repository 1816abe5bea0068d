import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { isEmailAddress, Mailer, messageIdFor } from './mailer';

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('Mailer', () => {
  it('derives the same Message-ID from the same idempotency key, a different one otherwise', () => {
    const a = messageIdFor('automation a1/action 0/event e1', 'praetor.test');
    assert.equal(a, messageIdFor('automation a1/action 0/event e1', 'praetor.test'));
    assert.notEqual(a, messageIdFor('automation a1/action 0/event e2', 'praetor.test'));
    assert.match(a, /^<[0-9a-f]{40}@praetor\.test>$/);
  });

  it('reports email as not configured without PRAETOR_SMTP_URL / PRAETOR_SMTP_FROM', async () => {
    const r = await new Mailer({}).send({ to: 'a@x.test', subject: 's', body: 'b' });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /not configured/);
    assert.equal(r.ok === false && r.retryable, false);
  });

  it('refuses bad recipients before connecting', async () => {
    const m = new Mailer({ smtpUrl: 'smtp://127.0.0.1:1', from: 'p@x.test' });
    for (const to of ['', 'no-at-sign', 'a@b.test\r\nBcc: victim@x.test', 'a@x.test, b@y.test', []]) {
      const r = await m.send({ to, subject: 's', body: 'b' });
      assert.equal(r.ok, false, `accepted ${JSON.stringify(to)}`);
      assert.equal(r.attempts, 0);
    }
    assert.equal(isEmailAddress('ops@example.com'), true);
  });

  it('turns an unreachable server into a retryable failure after bounded attempts, hiding credentials', async () => {
    const port = await closedPort();
    const waits: number[] = [];
    const m = new Mailer({ smtpUrl: `smtp://user:hunter2@127.0.0.1:${port}`, from: 'p@x.test', maxAttempts: 3, timeoutMs: 2000, sleep: async (ms) => void waits.push(ms), random: () => 0 });
    const r = await m.send({ to: 'a@x.test', subject: 's', body: 'b', idempotencyKey: 'k' });
    m.close();
    assert.equal(r.ok, false);
    assert.equal(r.ok === false && r.retryable, true);
    assert.equal(r.attempts, 3);
    assert.equal(waits.length, 2);
    assert.equal(r.ok === false && r.messageId, messageIdFor('k', 'x.test'));
    assert.ok(!JSON.stringify(r).includes('hunter2'));
  });

  it('refuses a non-SMTP URL as a failure result', async () => {
    const r = await new Mailer({ smtpUrl: 'http://127.0.0.1:25', from: 'p@x.test' }).send({ to: 'a@x.test', subject: 's', body: 'b' });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /smtp:\/\/ or smtps:\/\//);
  });
});
