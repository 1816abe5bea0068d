import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

/**
 * A tiny authoritative DNS server over UDP (RFC 1035 wire format) for tests: it answers TXT queries for the
 * names in `records` (case-insensitive), NXDOMAIN for any other name, and an empty NOERROR answer for another
 * record type of a known name. Edit `records` while it runs.
 */
export interface TestDnsServer {
  /** name (no trailing dot) → TXT values; each value is one record. */
  readonly records: Map<string, string[]>;
  readonly port: number;
  /** `127.0.0.1:<port>`, for PRAETOR_DNS_SERVERS. */
  readonly address: string;
  /** Names asked for so far (lower case), in order. */
  readonly queries: string[];
  close(): Promise<void>;
}

const TYPE_TXT = 16;
const CLASS_IN = 1;
const RCODE_FORMERR = 1;
const RCODE_NXDOMAIN = 3;
const RCODE_NOTIMP = 4;

interface Question {
  readonly name: string;
  readonly type: number;
  readonly klass: number;
  /** The question section's bytes, echoed in the answer. */
  readonly raw: Buffer;
}

/** Parses the header's id and the single question; undefined for a message this server does not handle. */
function parseQuery(msg: Buffer): { id: number; flags: number; question: Question } | undefined {
  if (msg.length < 12) return undefined;
  const id = msg.readUInt16BE(0);
  const flags = msg.readUInt16BE(2);
  if (msg.readUInt16BE(4) !== 1) return undefined;
  const labels: string[] = [];
  let offset = 12;
  for (;;) {
    if (offset >= msg.length) return undefined;
    const len = msg[offset]!;
    offset += 1;
    if (len === 0) break;
    // Compression pointers (0xC0) do not occur in a query's first name; refuse anything but a plain label.
    if (len > 63 || offset + len > msg.length) return undefined;
    labels.push(msg.subarray(offset, offset + len).toString('latin1'));
    offset += len;
  }
  if (offset + 4 > msg.length) return undefined;
  const type = msg.readUInt16BE(offset);
  const klass = msg.readUInt16BE(offset + 2);
  offset += 4;
  return { id, flags, question: { name: labels.join('.').toLowerCase(), type, klass, raw: msg.subarray(12, offset) } };
}

function header(id: number, queryFlags: number, rcode: number, questions: number, answers: number): Buffer {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(id, 0);
  // QR=1 (response), opcode copied, AA=1, RD copied, RA=0.
  const opcode = queryFlags & 0x7800;
  const rd = queryFlags & 0x0100;
  h.writeUInt16BE(0x8000 | opcode | 0x0400 | rd | (rcode & 0x0f), 2);
  h.writeUInt16BE(questions, 4);
  h.writeUInt16BE(answers, 6);
  h.writeUInt16BE(0, 8);
  h.writeUInt16BE(0, 10);
  return h;
}

/** One TXT resource record; the value is split into character-strings of at most 255 bytes. */
function txtRecord(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length || chunks.length === 0; i += 255) {
    const part = bytes.subarray(i, i + 255);
    chunks.push(Buffer.concat([Buffer.from([part.length]), part]));
  }
  const rdata = Buffer.concat(chunks);
  const rr = Buffer.alloc(12);
  rr.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's name at offset 12
  rr.writeUInt16BE(TYPE_TXT, 2);
  rr.writeUInt16BE(CLASS_IN, 4);
  rr.writeUInt32BE(0, 6); // TTL 0: no caching between test steps
  rr.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([rr, rdata]);
}

function answer(msg: Buffer, records: Map<string, string[]>, queries: string[]): Buffer | undefined {
  const q = parseQuery(msg);
  if (!q) return msg.length >= 2 ? header(msg.readUInt16BE(0), 0, RCODE_FORMERR, 0, 0) : undefined;
  queries.push(q.question.name);
  if ((q.flags & 0x7800) !== 0) return Buffer.concat([header(q.id, q.flags, RCODE_NOTIMP, 1, 0), q.question.raw]);
  const values = [...records.entries()].find(([name]) => name.toLowerCase() === q.question.name)?.[1];
  if (values === undefined) return Buffer.concat([header(q.id, q.flags, RCODE_NXDOMAIN, 1, 0), q.question.raw]);
  const rrs = q.question.type === TYPE_TXT && q.question.klass === CLASS_IN ? values.map(txtRecord) : [];
  return Buffer.concat([header(q.id, q.flags, 0, 1, rrs.length), q.question.raw, ...rrs]);
}

export async function startDnsServer(records: Record<string, string[]> = {}): Promise<TestDnsServer> {
  const map = new Map(Object.entries(records));
  const queries: string[] = [];
  const socket: Socket = createSocket('udp4');
  socket.on('message', (msg: Buffer, from: RemoteInfo) => {
    const reply = answer(msg, map, queries);
    if (reply) socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const port = socket.address().port;
  return {
    records: map,
    port,
    address: `127.0.0.1:${port}`,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
