import { parseFilter, type Document, type Filter, type FilterNode, type Scalar } from './read-store.port';

/**
 * Evaluates a read-store filter against one document in memory, with the meaning every adapter
 * gives it (read-store.port.ts). Live subscriptions use it, so that an event pushed to a websocket
 * matches exactly when the same filter would find it in the store.
 */
export function compileMatcher(filter: Filter | undefined): (doc: Document) => boolean {
  const node = parseFilter(filter);
  const regexes = new Map<string, RegExp>();
  const regex = (pattern: string): RegExp => {
    let r = regexes.get(pattern);
    if (!r) {
      r = new RegExp(pattern, 'u');
      regexes.set(pattern, r);
    }
    return r;
  };
  const test = (n: FilterNode, doc: Document): boolean => {
    switch (n.kind) {
      case 'all':
        return true;
      case 'none':
        return false;
      case 'and':
        return n.nodes.every((x) => test(x, doc));
      case 'or':
        return n.nodes.some((x) => test(x, doc));
      case 'not':
        return !test(n.node, doc);
      case 'exists':
        return lookup(doc, n.path).present === n.exists;
      case 'eq':
        return anyValue(doc, n.path, (v, missing) => (n.value === null ? missing || v === null : v === n.value));
      case 'in':
        return anyValue(doc, n.path, (v, missing) => n.values.some((x) => (x === null ? missing || v === null : v === x)));
      case 'range':
        return anyValue(doc, n.path, (v) => inRange(v, n.op, n.value));
      case 'text':
        return anyValue(doc, n.path, (v) => typeof v === 'string' && regex(n.pattern).test(v));
    }
  };
  return (doc) => test(node, doc);
}

export function matchesFilter(doc: Document, filter: Filter | undefined): boolean {
  return compileMatcher(filter)(doc);
}

function lookup(doc: Document, path: string): { present: boolean; value: unknown } {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, part)) return { present: false, value: undefined };
    current = (current as Record<string, unknown>)[part];
    if (current === undefined) return { present: false, value: undefined };
  }
  return { present: true, value: current };
}

/** The field itself, or any element when it is an array (MongoDB semantics). */
function anyValue(doc: Document, path: string, pred: (value: unknown, missing: boolean) => boolean): boolean {
  const { present, value } = lookup(doc, path);
  if (!present) return pred(undefined, true);
  if (pred(value, false)) return true;
  return Array.isArray(value) && value.some((e) => pred(e, false));
}

function inRange(v: unknown, op: 'gt' | 'gte' | 'lt' | 'lte', bound: string | number): boolean {
  if (typeof bound === 'number' ? typeof v !== 'number' || !Number.isFinite(v) : typeof v !== 'string') return false;
  const a = v as Scalar as string | number;
  switch (op) {
    case 'gt':
      return a > bound;
    case 'gte':
      return a >= bound;
    case 'lt':
      return a < bound;
    case 'lte':
      return a <= bound;
  }
}
