import { createHash } from 'node:crypto';
import type { AuditEntry } from '../domain/audit-entry';

/** The export format's name; the first line of every export says it. */
export const EXPORT_FORMAT = 'praetor-audit-v1' as const;

export interface ExportHeader {
  readonly format: typeof EXPORT_FORMAT;
  readonly account_id: string;
  /** Inclusive lower bound on `occurred`, or null. */
  readonly from: string | null;
  /** Exclusive upper bound on `occurred`, or null. */
  readonly to: string | null;
  /** The export holds entries with a position strictly greater than this. */
  readonly after_position: number;
  /** The hash this export chains from (the last hash of the export it continues), or null. */
  readonly previous_hash: string | null;
  /** The hash the first entry chains from: `previous_hash`, or the SHA-256 of the header without `genesis`. */
  readonly genesis: string;
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** JSON with object keys sorted (by code unit) at every depth and no whitespace: one text per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const keys = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

export function exportHeader(h: Omit<ExportHeader, 'format' | 'genesis'>): ExportHeader {
  const base = { format: EXPORT_FORMAT, account_id: h.account_id, from: h.from, to: h.to, after_position: h.after_position, previous_hash: h.previous_hash };
  return { ...base, genesis: h.previous_hash ?? sha256(canonicalJson(base)) };
}

/** The chained hash of a line: SHA-256 over the previous hash followed by the line's text without its hash. */
export const chainHash = (previous: string, body: string): string => sha256(previous + body);

// ----- NDJSON -----

export function ndjsonHeaderLine(header: ExportHeader): string {
  return canonicalJson(header);
}

/** An entry line and its hash. */
export function ndjsonLine(previous: string, entry: AuditEntry): { line: string; hash: string } {
  const hash = chainHash(previous, canonicalJson(entry));
  return { line: canonicalJson({ ...entry, hash }), hash };
}

// ----- CSV -----

export const CSV_COLUMNS = [
  'id', 'occurred', 'event', 'actor_id', 'actor_type', 'actor_name', 'account_id', 'workspace_id', 'resource_id', 'resource_type',
  'resource_name', 'client_ip', 'user_agent', 'request_id', 'details', 'position', 'hash',
] as const;

/** CSV starts with the header as `#` + its JSON (self-describing), then the column names. */
export function csvHeaderLines(header: ExportHeader): string[] {
  return [`#${canonicalJson(header)}`, CSV_COLUMNS.join(',')];
}

/**
 * A CSV row is one line: a line break inside a value is written as the two characters `\n` (`\r` as `\r`).
 * The hash covers the row's text up to the comma before the hash.
 */
export function csvLine(previous: string, entry: AuditEntry): { line: string; hash: string } {
  const cells = [
    entry.id, entry.occurred, entry.event, entry.actor.id, entry.actor.type, entry.actor.name, entry.account_id, entry.workspace_id,
    entry.resource.id, entry.resource.type, entry.resource.name ?? null, entry.client_ip, entry.user_agent, entry.request_id,
    canonicalJson(entry.details), String(entry.position),
  ].map(csvCell);
  const body = cells.join(',');
  const hash = chainHash(previous, body);
  return { line: `${body},${hash}`, hash };
}

function csvCell(value: string | null): string {
  if (value === null) return '';
  const flat = value.replaceAll('\r', '\\r').replaceAll('\n', '\\n');
  return /[",]/.test(flat) || flat === '' || /^\s|\s$/.test(flat) ? `"${flat.replaceAll('"', '""')}"` : flat;
}

// ----- verification -----

export type VerifyResult = { readonly ok: true; readonly entries: number; readonly lastHash: string } | { readonly ok: false; readonly line: number; /** Empty when the line is well-formed and only its hash differs. */ readonly reason: string };

/**
 * Checks an export line by line, in constant memory: feed it each line (without its line break), then `finish()`.
 * The first failing line is reported; every later line is ignored.
 */
export class ChainVerifier {
  private lineNo = 0;
  private format: 'ndjson' | 'csv' | undefined;
  private previous = '';
  private entries = 0;
  private failure: { line: number; reason: string } | undefined;

  push(raw: string): void {
    if (this.failure) return;
    this.lineNo += 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.lineNo === 1) return this.header(line);
    if (this.format === 'csv' && this.lineNo === 2) {
      if (line !== CSV_COLUMNS.join(',')) this.fail('unexpected CSV column names');
      return;
    }
    if (line === '') return this.fail('empty line');
    if (this.format === 'ndjson') this.ndjson(line);
    else this.csv(line);
  }

  finish(): VerifyResult {
    if (this.failure) return { ok: false, ...this.failure };
    if (this.lineNo === 0) return { ok: false, line: 1, reason: 'empty file' };
    return { ok: true, entries: this.entries, lastHash: this.previous };
  }

  private header(line: string): void {
    const csv = line.startsWith('#');
    this.format = csv ? 'csv' : 'ndjson';
    const text = csv ? line.slice(1) : line;
    const parsed = parse(text);
    if (!isObject(parsed) || parsed.format !== EXPORT_FORMAT || typeof parsed.genesis !== 'string') return this.fail('not a praetor-audit-v1 header');
    if (canonicalJson(parsed) !== text) return this.fail('the header is not canonical JSON');
    const expected = exportHeader({
      account_id: parsed.account_id as string,
      from: parsed.from as string | null,
      to: parsed.to as string | null,
      after_position: parsed.after_position as number,
      previous_hash: parsed.previous_hash as string | null,
    });
    if (canonicalJson(expected) !== text) return this.fail('the genesis does not match the header');
    this.previous = expected.genesis;
  }

  private ndjson(line: string): void {
    const parsed = parse(line);
    if (!isObject(parsed) || typeof parsed.hash !== 'string') return this.fail('not an entry');
    if (canonicalJson(parsed) !== line) return this.fail('the line is not canonical JSON');
    const { hash, ...entry } = parsed;
    if (chainHash(this.previous, canonicalJson(entry)) !== hash) return this.fail('');
    this.accept(hash);
  }

  private csv(line: string): void {
    const comma = line.lastIndexOf(',');
    const hash = line.slice(comma + 1);
    if (comma < 0 || !/^[0-9a-f]{64}$/.test(hash) || chainHash(this.previous, line.slice(0, comma)) !== hash) return this.fail('');
    this.accept(hash);
  }

  private accept(hash: string): void {
    this.previous = hash;
    this.entries += 1;
  }

  private fail(reason: string): void {
    this.failure = { line: this.lineNo, reason };
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
