import nunjucks from 'nunjucks';

/** Jinja-style templates as Prefect renders them in action fields (autoescape off: these are not HTML). */
const env = new nunjucks.Environment(undefined, { autoescape: false, throwOnUndefined: false });

export function renderTemplate(template: string, context: Record<string, unknown>): string {
  if (!template.includes('{{') && !template.includes('{%')) return template;
  return env.renderString(template, context);
}

/**
 * Prefect's hydration of run-deployment `parameters` / `job_variables`: `{"__prefect_kind": "jinja",
 * "template": ...}` renders to a string, `{"__prefect_kind": "json", "value": ...}` parses JSON text
 * (itself possibly templated), other values pass through unchanged, nested objects and lists recursively.
 */
export function hydrate(value: unknown, context: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((v) => hydrate(v, context));
  if (value === null || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  if (o.__prefect_kind === 'jinja' && typeof o.template === 'string') return renderTemplate(o.template, context);
  if (o.__prefect_kind === 'json') {
    const v = hydrate(o.value, context);
    return typeof v === 'string' ? JSON.parse(v) : v;
  }
  if (o.__prefect_kind === 'none') return null;
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, hydrate(v, context)]));
}
