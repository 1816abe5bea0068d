import assert from 'node:assert/strict';

/** Reads until `done` holds or the deadline passes (then fails with the last value read). No timing assertion. */
export async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!done(last)) {
    if (Date.now() > deadline) assert.fail(`${what}: not met in time; last ${JSON.stringify(last).slice(0, 1500)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}
