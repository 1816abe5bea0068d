import { createHash, randomBytes } from 'node:crypto';

/**
 * A name-based UUID (RFC 9562 version 5 layout, SHA-1): the same namespace and name always give
 * the same id. Used where Prefect upserts by name (flows), so concurrent creates meet on one stream.
 */
export function nameBasedUuid(namespace: string, name: string): string {
  const h = createHash('sha1').update(namespace).update('\u0000').update(name, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/**
 * A time-ordered UUID (RFC 9562 version 7): ids sort by creation time, so Prefect's `ID_DESC`
 * means newest first, as it does for the client's own uuid7 task-run ids.
 */
export function timeOrderedUuid(now: Date = new Date()): string {
  const bytes = randomBytes(16);
  const ms = BigInt(now.getTime());
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const x = bytes.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
