import type { LiveAccessGate } from '../../../../infrastructure/graphql/live-access';
import { LiveFeedOverflowError, type LiveFeed } from '../../../../infrastructure/graphql/live-feed';
import { NotFoundError, UnauthenticatedError, ValidationError } from '../../../../shared/errors';
import type { Log, LogsService } from '../../application/logs/logs.service';
import { removesFromAccount, revokesCredential } from '../../../../infrastructure/graphql/live-access';
import { closable, refusal, SubscriptionEnded, WS_CLOSE_FORBIDDEN, type Subscriber } from './subscription-stream';

/** A log line as LogLine's resolvers read it (the read-model document's fields), with its resume cursor. */
export interface LogPayload {
  readonly cursor: string;
  readonly log: Log & { readonly _id: string; readonly _account: string; readonly _workspace: string };
}

const PAGE = 500;
const MAX_QUEUED = 20_000;

/**
 * Log cursors: the line's id. Ids are UUIDv7 made in write order (LogsService), so "after this id" is "written
 * after this line": a line written late with an older timestamp is not skipped on resume, as it would be with a
 * (timestamp, id) cursor.
 */
export function encodeLogCursor(id: string): string {
  return Buffer.from(`l:${id}`, 'utf8').toString('base64url');
}

export function decodeLogCursor(cursor: string): string {
  const text = /^[A-Za-z0-9_-]{1,128}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const m = /^l:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(text);
  if (!m) throw new ValidationError('Invalid cursor', [{ loc: ['after'], msg: 'not a cursor of this subscription', type: 'value_error' }]);
  return m[1]!;
}

/**
 * The log lines of a flow run: those written after `afterId` first (read store, in write order), then live
 * ones as LogsService writes them (subscribed before the catch-up, deduplicated by id). Each line is
 * delivered after an access check; a revoked credential or a removal from the account (seen on the live feed)
 * ends the subscription before the next line.
 */
export function liveLogs(logs: LogsService, feed: LiveFeed, gate: LiveAccessGate, s: Subscriber, flowRunId: string, afterId: string | undefined): AsyncIterableIterator<LogPayload | SubscriptionEnded> {
  const queue: Log[] = [];
  let ended: Error | undefined;
  let stopped = false;
  let waiter: (() => void) | undefined;
  const wake = () => {
    const w = waiter;
    waiter = undefined;
    w?.();
  };
  const unsubscribeLogs = logs.subscribe(s.scope, { flow_run_id: flowRunId }, (log) => {
    if (ended || stopped) return;
    queue.push(log);
    if (queue.length > MAX_QUEUED) {
      queue.length = 0;
      ended = new LiveFeedOverflowError(MAX_QUEUED);
    }
    wake();
  });
  const stopObserving = feed.observe((batch) => {
    for (const e of batch) {
      if (ended) break;
      if (revokesCredential(e, s.principal)) {
        s.connection?.close(WS_CLOSE_FORBIDDEN, 'Forbidden: credential revoked');
        ended = new UnauthenticatedError('The credential of this subscription was revoked');
      } else if (removesFromAccount(e, s.principal, s.scope.accountId)) ended = new NotFoundError('Workspace not found');
    }
    if (ended) wake();
  });
  const stop = () => {
    stopped = true;
    unsubscribeLogs();
    stopObserving();
    wake();
  };
  const payload = (log: Log): LogPayload => ({ cursor: encodeLogCursor(log.id), log: { ...log, _id: log.id, _account: s.scope.accountId, _workspace: s.scope.workspaceId } });

  async function* lines(): AsyncGenerator<LogPayload | SubscriptionEnded> {
    try {
      const caughtUp = new Set<string>();
      if (afterId !== undefined) {
        let cursor = afterId;
        for (;;) {
          const page = await logs.find(s.scope, { flow_run_id: flowRunId, _id: { $gt: cursor } }, { sort: [{ field: '_id', direction: 'asc' }], limit: PAGE });
          for (const log of page) {
            const out = await deliver(log);
            if (out instanceof SubscriptionEnded) return yield out;
            if (stopped) return;
            caughtUp.add(log.id);
            yield out;
          }
          if (page.length < PAGE) break;
          cursor = page[page.length - 1]!.id;
        }
      }
      for (;;) {
        if (stopped) return;
        if (ended) return yield new SubscriptionEnded(ended);
        const log = queue.shift();
        if (!log) {
          await new Promise<void>((resolve) => (waiter = resolve));
          continue;
        }
        if (caughtUp.delete(log.id) || (afterId !== undefined && log.id <= afterId)) continue;
        const out = await deliver(log);
        if (out instanceof SubscriptionEnded) return yield out;
        if (stopped) return;
        yield out;
      }
    } finally {
      stop();
    }
  }

  async function deliver(log: Log): Promise<LogPayload | SubscriptionEnded> {
    if (ended) return new SubscriptionEnded(ended);
    const refused = await refusal(gate, s);
    return refused ? new SubscriptionEnded(refused) : payload(log);
  }

  return closable(lines(), stop);
}
