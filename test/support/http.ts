import assert from 'node:assert/strict';
import type { TestServer } from './test-server';

/** A JSON request through `t.fetch`; `key` as there (undefined: the owner's key, null: none). */
export type Send = (method: string, url: string, body?: unknown, key?: string | null) => Promise<Response>;

/**
 * `send` for the server `server()` returns at call time (so it can be made before `before` starts
 * the server): a body is sent as JSON with its content type.
 */
export function apiClient(server: () => TestServer): { send: Send } {
  return {
    send: (method, url, body, key) =>
      server().fetch(url, { method, key, body: body === undefined ? undefined : JSON.stringify(body), headers: body === undefined ? {} : { 'content-type': 'application/json' } }),
  };
}

/** The response's JSON body (undefined when empty), after asserting its status (the body is the failure message). */
export async function json<T>(res: Response | Promise<Response>, status: number): Promise<T> {
  const r = await res;
  const text = await r.text();
  assert.equal(r.status, status, text);
  return (text ? JSON.parse(text) : undefined) as T;
}

