import { createHash } from 'node:crypto';

/**
 * A block schema's checksum, computed exactly as the Prefect client computes it
 * (`Block._calculate_schema_checksum`): drop every nested `secret_fields` key, keep only the
 * definitions that are not blocks, then SHA-256 of Python's `json.dumps(((fields,), {}), sort_keys=True)`.
 *
 * Python prints a float as `10.0` where JSON.parse has already made it `10`; a number parsed by
 * `parseJsonKeepingNumbers` keeps the client's own digits, so the checksum of a schema received as
 * text is exact. A plain JavaScript number is printed the way Python would print it.
 */
export class RawNumber {
  constructor(readonly text: string) {}
  toJSON(): number {
    return Number(this.text);
  }
}

type Value = null | boolean | number | string | RawNumber | readonly Value[] | { readonly [k: string]: Value };

const isObject = (v: unknown): v is Record<string, Value> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RawNumber);

export function schemaChecksum(fields: unknown): string {
  const forChecksum = removeNestedKey('secret_fields', fields as Value) as Record<string, Value>;
  const definitions = forChecksum.definitions;
  if (isObject(definitions) && Object.keys(definitions).length > 0) {
    const nonBlock = nonBlockDefinitions(forChecksum, definitions, new Set());
    if (Object.keys(nonBlock).length > 0) forChecksum.definitions = nonBlock;
    else delete forChecksum.definitions;
  }
  return `sha256:${createHash('sha256').update(pythonJsonDumps([[forChecksum], {}]), 'utf8').digest('hex')}`;
}

function removeNestedKey(key: string, v: Value): Value {
  // Like Prefect's remove_nested_keys: recurses through objects only, not through lists.
  if (!isObject(v)) return v;
  const out: Record<string, Value> = {};
  for (const [k, x] of Object.entries(v)) if (k !== key) out[k] = removeNestedKey(key, x);
  return out;
}

function referenceStrings(v: Value, out: Value[] = []): Value[] {
  if (isObject(v)) {
    const ref = v.$ref;
    if (ref !== undefined && ref !== null && ref !== '' && ref !== false && ref !== 0) out.push(ref);
    for (const x of Object.values(v)) referenceStrings(x, out);
  } else if (Array.isArray(v)) for (const x of v) referenceStrings(x, out);
  return out;
}

function nonBlockDefinitions(object: Value, definitions: Record<string, Value>, visiting: Set<string>): Record<string, Value> {
  let out: Record<string, Value> = {};
  for (const ref of referenceStrings(object)) {
    if (typeof ref !== 'string') continue;
    const key = ref.replace('#/definitions/', '');
    const definition = definitions[key];
    if (!isObject(definition) || Object.keys(definition).length === 0) continue;
    if (definition.block_type_slug !== undefined && definition.block_type_slug !== null) continue;
    if (visiting.has(key)) {
      out = { ...out, [key]: definition };
      continue;
    }
    visiting.add(key);
    out = { ...out, [key]: definition, ...nonBlockDefinitions(definition, definitions, visiting) };
    visiting.delete(key);
  }
  return out;
}

const byCodePoint = (a: string, b: string): number => {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
};

/** Python's `json.dumps(value, sort_keys=True)` (default separators, ensure_ascii). */
export function pythonJsonDumps(v: Value): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (v instanceof RawNumber) return v.text;
  if (typeof v === 'number') return pythonNumber(v);
  if (typeof v === 'string') return pythonString(v);
  if (Array.isArray(v)) return `[${v.map(pythonJsonDumps).join(', ')}]`;
  const o = v as Record<string, Value>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort(byCodePoint);
  return `{${keys.map((k) => `${pythonString(k)}: ${pythonJsonDumps(o[k]!)}`).join(', ')}}`;
}

/** A JavaScript number as Python prints it; an integral value is taken for an int. */
export function pythonNumber(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : n < 0 ? '-Infinity' : 'NaN';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
  return pythonFloatRepr(n);
}

/** Python's `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pythonFloatRepr(n: number): string {
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let body: string;
  if (exp >= -4 && exp < 16) {
    if (exp < 0) body = `0.${'0'.repeat(-exp - 1)}${digits}`;
    else if (digits.length <= exp + 1) body = `${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
    else body = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  } else {
    const m = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
    body = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return negative ? `-${body}` : body;
}

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

function pythonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = s.charCodeAt(i);
    if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * JSON.parse that keeps every number's text as a RawNumber, so a float the client wrote as `10.0`
 * is hashed as `10.0`. Strict JSON only (what the client sends).
 */
export function parseJsonKeepingNumbers(text: string): unknown {
  let i = 0;
  const fail = (): never => {
    throw new SyntaxError(`invalid JSON at position ${i}`);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const o: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return o;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const k = str();
        ws();
        if (text[i++] !== ':') fail();
        Object.defineProperty(o, k, { value: value(), enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return o;
        } else fail();
      }
    }
    if (c === '[') {
      i++;
      const a: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return a;
      }
      for (;;) {
        a.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return a;
        } else fail();
      }
    }
    if (c === '"') return str();
    for (const [lit, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return v;
      }
    }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) return fail();
    i += m[0].length;
    return /[.eE]/.test(m[0]) ? new RawNumber(m[0]) : Number(m[0]) === Math.trunc(Number(m[0])) && Math.abs(Number(m[0])) < 1e16 ? Number(m[0]) : new RawNumber(m[0]);
  };
  const str = (): string => {
    const start = i;
    i++;
    let escaped = false;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') break;
    }
    if (text[i] !== '"') fail();
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const v = value();
  ws();
  if (i !== text.length) fail();
  return v;
}

/** Turns RawNumbers back into numbers (for storing what was parsed). */
export function plainJson(v: unknown): unknown {
  if (v instanceof RawNumber) return v.toJSON();
  if (Array.isArray(v)) return v.map(plainJson);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainJson(x)]));
  return v;
}
