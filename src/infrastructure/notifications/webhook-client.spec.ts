import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WebhookClient } from './webhook-client';

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A scripted fetch: each call takes the next step (a Response, or an Error to throw). */
function scripted(steps: (Response | Error | ((init: RequestInit) => Promise<Response>))[]) {
  const seen: Seen[] = [];
  const fetchFn = (async (input: URL | RequestInfo, init?: RequestInit) => {
    seen.push({
      url: String(input),
      method: String(init?.method),
      headers: { ...(init?.headers as Record<string, string>) },
      body: init?.body === undefined ? undefined : String(init.body),
    });
    const step = steps.shift();
    if (!step) throw new Error('no more scripted responses');
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return step(init ?? {});
    return step;
  }) as typeof fetch;
  return { fetchFn, seen };
}

function client(fetchFn: typeof fetch, waits: number[] = [], extra: Partial<ConstructorParameters<typeof WebhookClient>[0]> = {}) {
  return new WebhookClient({
    fetch: fetchFn,
    maxAttempts: 4,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...extra,
  });
}

describe('WebhookClient', () => {
  it('retries 5xx, 429 and network errors with exponential backoff, then reports the success', async () => {
    const { fetchFn, seen } = scripted([new Response('down', { status: 503 }), new TypeError('fetch failed'), new Response('slow down', { status: 429 }), new Response('ok', { status: 200 })]);
    const waits: number[] = [];
    const r = await client(fetchFn, waits).call({ url: 'https://hooks.test/x', body: { a: 1 } }, 'key-1');
    assert.equal(r.ok, true);
    assert.equal(r.status, 200);
    assert.equal(r.body, 'ok');
    assert.deepEqual(r.attempts, [{ status: 503 }, { error: 'network error: fetch failed' }, { status: 429 }, { status: 200 }]);
    // random() = 0.5 of a ceiling that doubles: 100, 200, 400.
    assert.deepEqual(waits, [50, 100, 200]);
    assert.equal(seen.length, 4);
    for (const s of seen) {
      assert.equal(s.method, 'POST');
      assert.equal(s.headers['idempotency-key'], 'key-1');
      assert.equal(s.headers['content-type'], 'application/json');
      assert.equal(s.body, '{"a":1}');
    }
  });

  it('gives up after the bounded number of attempts with the last status', async () => {
    const { fetchFn, seen } = scripted(Array.from({ length: 10 }, () => new Response('boom', { status: 500 })));
    const r = await client(fetchFn).call({ url: 'http://hooks.test/x' });
    assert.equal(r.ok, false);
    assert.equal(r.status, 500);
    assert.equal(r.ok === false && r.retryable, true);
    assert.equal(seen.length, 4);
  });

  it('does not retry other 4xx', async () => {
    const { fetchFn, seen } = scripted([new Response('nope', { status: 404 }), new Response('ok')]);
    const r = await client(fetchFn).call({ url: 'http://hooks.test/x' });
    assert.equal(r.ok, false);
    assert.equal(r.status, 404);
    assert.equal(r.ok === false && r.retryable, false);
    assert.equal(r.body, 'nope');
    assert.equal(seen.length, 1);
  });

  it('honours Retry-After up to the maximum delay', async () => {
    const { fetchFn } = scripted([new Response('', { status: 429, headers: { 'retry-after': '0.3' } }), new Response('', { status: 429, headers: { 'retry-after': '3600' } }), new Response('ok')]);
    const waits: number[] = [];
    await client(fetchFn, waits).call({ url: 'http://hooks.test/x' });
    assert.deepEqual(waits, [300, 1000]);
  });

  it('refuses URLs that are not http(s), without a request', async () => {
    const { fetchFn, seen } = scripted([]);
    for (const url of ['file:///etc/passwd', 'ftp://x.test/', 'javascript:alert(1)', 'not a url', 'gopher://x.test']) {
      const r = await client(fetchFn).call({ url });
      assert.equal(r.ok, false);
      assert.match(r.ok === false ? r.error : '', /only http and https/);
    }
    assert.equal(seen.length, 0);
  });

  it('follows a redirect on the same host, refuses one to another host or from https to http', async () => {
    const same = scripted([new Response(null, { status: 307, headers: { location: '/moved' } }), new Response('there')]);
    const r1 = await client(same.fetchFn).call({ url: 'https://hooks.test/x', body: 'p' });
    assert.equal(r1.ok, true);
    assert.deepEqual(
      same.seen.map((s) => [s.method, s.url, s.body]),
      [
        ['POST', 'https://hooks.test/x', 'p'],
        ['POST', 'https://hooks.test/moved', 'p'],
      ],
    );

    const other = scripted([new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data' } })]);
    const r2 = await client(other.fetchFn).call({ url: 'https://hooks.test/x' });
    assert.equal(r2.ok, false);
    assert.equal(r2.status, 302);
    assert.match(r2.ok === false ? r2.error : '', /another host/);
    assert.equal(other.seen.length, 1);

    const downgrade = scripted([new Response(null, { status: 301, headers: { location: 'http://hooks.test/x' } })]);
    assert.equal((await client(downgrade.fetchFn).call({ url: 'https://hooks.test/x' })).ok, false);
    assert.equal(downgrade.seen.length, 1);
  });

  it('truncates the response body kept in the result and redacts secret headers', async () => {
    const { fetchFn } = scripted([new Response('é'.repeat(2000), { headers: { 'set-cookie': 's=1', 'x-request-id': 'r1' } })]);
    const r = await client(fetchFn, [], { maxResponseBytes: 1000 }).call({ url: 'http://hooks.test/x' });
    assert.equal(r.ok, true);
    assert.equal(r.ok && r.bodyTruncated, true);
    assert.equal(r.body, 'é'.repeat(500));
    assert.equal(r.ok && r.headers['x-request-id'], 'r1');
    assert.equal(r.ok && r.headers['set-cookie'], undefined);
  });

  it('times out an attempt that does not answer, and retries it', async () => {
    // AbortSignal.timeout's timer does not hold the event loop open (a real socket would); this one does.
    const hang = (init: RequestInit) =>
      new Promise<Response>((_, reject) => {
        const keepAlive = setTimeout(() => reject(new Error('never aborted')), 10_000);
        init.signal?.addEventListener('abort', () => {
          clearTimeout(keepAlive);
          reject(init.signal?.reason);
        });
      });
    const { fetchFn, seen } = scripted([hang, new Response('ok')]);
    const r = await client(fetchFn, [], { timeoutMs: 20 }).call({ url: 'http://hooks.test/x' });
    assert.equal(r.ok, true);
    assert.deepEqual(r.attempts[0], { error: 'timed out after 20 ms' });
    assert.equal(seen.length, 2);
  });

  it('refuses invalid header values without retrying, and hashes an idempotency key that is not header-safe', async () => {
    const { fetchFn, seen } = scripted([new Response('ok')]);
    const bad = await client(fetchFn).call({ url: 'http://hooks.test/x', headers: { 'x-a': 'line\r\nX-Injected: 1' } });
    assert.deepEqual([bad.ok, bad.ok === false && bad.retryable, seen.length], [false, false, 0]);
    await client(fetchFn).call({ url: 'http://hooks.test/x' }, 'automation ä\n1');
    assert.match(seen[0].headers['idempotency-key'], /^sha256:[0-9a-f]{64}$/);
  });

  it('sends a GET without a body and a string body as is', async () => {
    const { fetchFn, seen } = scripted([new Response('ok'), new Response('ok')]);
    await client(fetchFn).call({ url: 'http://hooks.test/x', method: 'GET', body: 'ignored', query: { a: 'b c' } });
    await client(fetchFn).call({ url: 'http://hooks.test/x', method: 'PUT', body: 'raw', contentType: 'text/plain' });
    assert.deepEqual(seen.map((s) => [s.method, s.url, s.body, s.headers['content-type']]), [
      ['GET', 'http://hooks.test/x?a=b+c', undefined, undefined],
      ['PUT', 'http://hooks.test/x', 'raw', 'text/plain'],
    ]);
  });
});
