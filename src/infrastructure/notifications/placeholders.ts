/**
 * The `{{ name }}` placeholders of Prefect's `CustomWebhookNotificationBlock` (prefect.utilities.templating
 * `apply_values`): a string that is exactly one placeholder becomes the value itself (any JSON type) and a missing
 * value drops the key or item; placeholders inside text are replaced by the value's text, missing ones by nothing.
 * Unlike the client, the server never substitutes `{{ $ENV_VAR }}` (that would leak the server's environment); those,
 * and `prefect.blocks.*` / `prefect.variables.*`, are left as written.
 */

const PLACEHOLDER = /\{\{\s*([\w.\-[\]$]+)\s*\}\}/g;
const NOT_SET = Symbol('notSet');
type Maybe = unknown | typeof NOT_SET;

function isStandard(name: string): boolean {
  return !name.startsWith('$') && !name.startsWith('prefect.blocks.') && !name.startsWith('prefect.variables.');
}

/** Placeholder names in a (nested) template. */
export function findPlaceholders(template: unknown): Set<string> {
  const found = new Set<string>();
  const walk = (t: unknown): void => {
    if (typeof t === 'string') for (const m of t.matchAll(PLACEHOLDER)) found.add(m[1]);
    else if (Array.isArray(t)) t.forEach(walk);
    else if (t && typeof t === 'object') Object.values(t).forEach(walk);
  };
  walk(template);
  return found;
}

/** `a.b[0].c` looked up in nested values (Prefect's `get_from_dict`). */
function lookup(values: Readonly<Record<string, unknown>>, path: string): Maybe {
  if (Object.prototype.hasOwnProperty.call(values, path)) return values[path];
  const parts = path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '');
  let cur: unknown = values;
  for (const part of parts) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, part)) return NOT_SET;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function applyOne(template: unknown, values: Readonly<Record<string, unknown>>): Maybe {
  if (typeof template === 'string') {
    const matches = [...template.matchAll(PLACEHOLDER)].filter((m) => isStandard(m[1]));
    if (matches.length === 0) return template;
    if (matches.length === 1 && matches[0][0] === template) return lookup(values, matches[0][1]);
    return template.replace(PLACEHOLDER, (whole, name: string) => {
      if (!isStandard(name)) return whole;
      const v = lookup(values, name);
      if (v === NOT_SET || v === undefined) return '';
      return v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v);
    });
  }
  if (Array.isArray(template)) {
    return template.map((t) => applyOne(t, values)).filter((v) => v !== NOT_SET);
  }
  if (template && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(template)) {
      const applied = applyOne(v, values);
      if (applied !== NOT_SET) out[k] = applied;
    }
    return out;
  }
  return template;
}

export function applyValues<T>(template: T, values: Readonly<Record<string, unknown>>): T | undefined {
  const out = applyOne(template, values);
  return out === NOT_SET ? undefined : (out as T);
}
