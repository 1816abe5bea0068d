import { ValidationError } from '../../shared/errors';

/**
 * Relay connections for every GraphQL list (schema/README.md): `first` (default 50, at most 200) and `after` (an
 * opaque cursor: base64url of `o:<offset>`). A resolver turns the paging arguments into an offset/limit with
 * `connectionPage`, reads one page (plus the total), and answers `connection(...)`.
 */
export const DEFAULT_FIRST = 50;
export const MAX_FIRST = 200;

export interface ConnectionArgs {
  readonly first?: number | null;
  readonly after?: string | null;
}

export interface Edge<T> {
  readonly cursor: string;
  readonly node: T;
}

export interface PageInfo {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

export interface Connection<T> {
  readonly edges: readonly Edge<T>[];
  readonly nodes: readonly T[];
  readonly pageInfo: PageInfo;
  readonly totalCount: number;
}

/** The read window of a page: skip `offset` items, read `limit` of them. */
export interface ConnectionPage {
  readonly offset: number;
  readonly limit: number;
}

export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

/** The offset a cursor names; anything else (tampered, from another API) is a VALIDATION_FAILED. */
export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^o:(\d{1,9})$/.exec(text);
  if (!m) throw new ValidationError('after is not a cursor of this connection');
  return Number(m[1]);
}

/** `first`/`after` → the offset and limit to read; `first` outside 0..200 is a VALIDATION_FAILED. */
export function connectionPage(args: ConnectionArgs, defaults: { first?: number; max?: number } = {}): ConnectionPage {
  const max = defaults.max ?? MAX_FIRST;
  const first = args.first ?? defaults.first ?? DEFAULT_FIRST;
  if (!Number.isInteger(first) || first < 0 || first > max) throw new ValidationError(`first must be an integer between 0 and ${max}`);
  const offset = args.after === null || args.after === undefined ? 0 : decodeCursor(args.after) + 1;
  return { offset, limit: first };
}

/** A connection over one page of items read at `page.offset`, out of `totalCount` items in all. */
export function connection<T>(items: readonly T[], page: ConnectionPage, totalCount: number): Connection<T> {
  const nodes = items.slice(0, page.limit);
  const edges = nodes.map((node, i) => ({ cursor: encodeCursor(page.offset + i), node }));
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: page.offset + nodes.length < totalCount,
      hasPreviousPage: page.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount,
  };
}

/** A connection over a list already fully in memory (small lists: a pool's queues, a deployment's schedules). */
export function connectionOf<T>(all: readonly T[], args: ConnectionArgs, defaults?: { first?: number; max?: number }): Connection<T> {
  const page = connectionPage(args, defaults);
  return connection(all.slice(page.offset, page.offset + page.limit), page, all.length);
}

/** Reads a page and the total in parallel, then builds the connection. */
export async function pagedConnection<T>(args: ConnectionArgs, read: (page: ConnectionPage) => Promise<readonly T[]>, count: () => Promise<number>, defaults?: { first?: number; max?: number }): Promise<Connection<T>> {
  const page = connectionPage(args, defaults);
  const [items, total] = await Promise.all([page.limit === 0 ? Promise.resolve([] as T[]) : read(page), count()]);
  return connection(items, page, total);
}
