import type { EventStore } from '../../../infrastructure/event-store/event-store.port';
import { auditEntryOf } from '../domain/audit-entry';
import { csvHeaderLines, csvLine, exportHeader, ndjsonHeaderLine, ndjsonLine } from './hash-chain';

export interface ExportQuery {
  readonly accountId: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly afterPosition: number;
  readonly previousHash: string | null;
  readonly format: 'ndjson' | 'csv';
}

/** Events read from the store per page: the most an export holds in memory at once. */
export const EXPORT_PAGE_SIZE = 500;

/**
 * The export's lines (each ending with `\n`), read from the event store page by page in position order
 * and produced one at a time as the consumer pulls them: memory stays bounded by one page, whatever
 * the range. The export stops at the head position seen when it starts, so it is a fixed snapshot;
 * the same query over the same events gives the same bytes (no clock, no random values).
 * Retention does not apply: the event store keeps everything and so does the export.
 */
export async function* exportLines(store: Pick<EventStore, 'readAll' | 'headPosition'>, q: ExportQuery, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<string> {
  const header = exportHeader({ account_id: q.accountId, from: q.from, to: q.to, after_position: q.afterPosition, previous_hash: q.previousHash });
  const head = await store.headPosition();
  const line = q.format === 'csv' ? csvLine : ndjsonLine;
  for (const h of q.format === 'csv' ? csvHeaderLines(header) : [ndjsonHeaderLine(header)]) yield `${h}\n`;
  let previous = header.genesis;
  let after = q.afterPosition;
  while (after < head) {
    const page = await store.readAll({ after, maxCount: pageSize });
    if (page.length === 0) break;
    for (const event of page) {
      if (event.position > head) return;
      after = event.position;
      if (q.from !== null && event.recordedAt < q.from) continue;
      if (q.to !== null && event.recordedAt >= q.to) continue;
      const entry = auditEntryOf(event);
      if (!entry || entry.account_id !== q.accountId) continue;
      const out = line(previous, entry);
      previous = out.hash;
      yield `${out.line}\n`;
    }
  }
}
