import type { TemplateRenderer } from '../../../../infrastructure/notifications';
import { ValidationError } from '../../../../shared/errors';
import type { ActionSpec } from '../../domain/automation/automation-spec';

/** Renders one template against the action's context; throws a ValidationError when it cannot. */
export type Render = (template: string) => string;

/**
 * Prefect's hydration of run-deployment `parameters` / `job_variables`: `{"__prefect_kind": "jinja",
 * "template": ...}` renders to a string, `{"__prefect_kind": "json", "value": ...}` parses JSON text
 * (itself possibly templated), other values pass through unchanged, nested objects and lists recursively.
 */
export function hydrate(value: unknown, render: Render): unknown {
  if (Array.isArray(value)) return value.map((v) => hydrate(v, render));
  if (value === null || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  if (o.__prefect_kind === 'jinja' && typeof o.template === 'string') return render(o.template);
  if (o.__prefect_kind === 'json') {
    const v = hydrate(o.value, render);
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      throw new ValidationError(`a json parameter is not valid JSON: ${JSON.stringify(v.slice(0, 200))}`);
    }
  }
  if (o.__prefect_kind === 'none') return null;
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, hydrate(v, render)]));
}

/** The `jinja` templates inside hydratable values (run-deployment parameters and job variables). */
function hydrationTemplates(value: unknown, out: string[]): string[] {
  if (Array.isArray(value)) value.forEach((v) => hydrationTemplates(v, out));
  else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.__prefect_kind === 'jinja' && typeof o.template === 'string') out.push(o.template);
    else Object.values(o).forEach((v) => hydrationTemplates(v, out));
  }
  return out;
}

/** Every template an action renders when it runs, by field. */
export function actionTemplates(action: ActionSpec): { field: string; template: string }[] {
  const text = (field: string) => (typeof action[field] === 'string' ? [{ field, template: action[field] as string }] : []);
  switch (action.type) {
    case 'send-notification':
    case 'send-email-notification':
      return [...text('subject'), ...text('body')];
    case 'call-webhook':
      return text('payload');
    case 'run-deployment':
      return [
        ...hydrationTemplates(action.parameters, []).map((template) => ({ field: 'parameters', template })),
        ...hydrationTemplates(action.job_variables, []).map((template) => ({ field: 'job_variables', template })),
      ];
    default:
      return [];
  }
}

/** Prefect refuses an automation whose templates do not parse (422); so do we, naming the action and field. */
export function validateActionTemplates(renderer: TemplateRenderer, actions: readonly ActionSpec[], where: string): void {
  for (const [i, action] of actions.entries()) {
    for (const { field, template } of actionTemplates(action)) {
      const check = renderer.validate(template);
      if (!check.ok) throw new ValidationError(`${where}[${i}].${field}: invalid template: ${check.error}`);
    }
  }
}
