import type { Filter } from '../../../infrastructure/read-store/read-store.port';
import { ValidationError } from '../../../shared/errors';

/**
 * Prefect's text search syntax (`text: {query}` in EventFilter and LogFilter): space-separated
 * terms are ORed, `-term` / `!term` exclude, `+term` is required, "quoted phrases" stay whole;
 * matching is case-insensitive substring matching over the given fields.
 */
export interface TextQuery {
  readonly include: string[];
  readonly exclude: string[];
  readonly required: string[];
}

export function parseTextQuery(query: string): TextQuery {
  const out: TextQuery = { include: [], exclude: [], required: [] };
  let i = 0;
  const add = (prefix: string | undefined, term: string) => {
    if (prefix === '-' || prefix === '!') out.exclude.push(term);
    else if (prefix === '+') out.required.push(term);
    else out.include.push(term);
  };
  while (i < query.length) {
    if (/\s/.test(query[i]!)) {
      i++;
      continue;
    }
    let prefix: string | undefined;
    if ('-!+'.includes(query[i]!)) {
      if (i + 1 < query.length && !/\s/.test(query[i + 1]!)) prefix = query[i];
      i++;
      if (prefix === undefined) continue;
    }
    if (query[i] === '"') {
      i++;
      let phrase = '';
      while (i < query.length && query[i] !== '"') {
        if (query[i] === '\\' && i + 1 < query.length && (query[i + 1] === '"' || query[i + 1] === '\\')) {
          phrase += query[i + 1];
          i += 2;
        } else phrase += query[i++];
      }
      if (i < query.length) i++;
      if (phrase.trim()) add(prefix, phrase);
      continue;
    }
    const start = i;
    while (i < query.length && !/\s/.test(query[i]!) && query[i] !== '"') i++;
    const term = query.slice(start, i);
    if (term) add(prefix, term);
  }
  return out;
}

/** The read-store filter for a text query over `fields` (a term matches when any field contains it). */
export function textSearchFilter(raw: unknown, fields: readonly string[], where: string): Filter | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ValidationError(`${where} must be an object`);
  const query = (raw as { query?: unknown }).query;
  if (typeof query !== 'string') throw new ValidationError(`${where}.query must be a string`);
  if (query.length > 200) throw new ValidationError(`${where}.query must be at most 200 characters`);
  const parsed = parseTextQuery(query);
  const contains = (term: string): Filter => ({ $or: fields.map((f) => ({ [f]: { $contains: term } })) });
  const parts: Filter[] = [];
  if (parsed.include.length > 0) parts.push({ $or: parsed.include.map(contains) });
  if (parsed.exclude.length > 0) parts.push({ $nor: parsed.exclude.map(contains) });
  for (const term of parsed.required) parts.push(contains(term));
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { $and: parts };
}
