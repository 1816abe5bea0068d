import { RESOURCE_KIND } from './templates';

/**
 * The context a Prefect action template sees (server/events/actions.py `_template_context` +
 * `_relevant_native_objects`): `automation`, `event`, `labels`, `firing`, `firings`, `events`, and the orchestration
 * objects the template names (`flow_run`, `flow`, `deployment`, `task_run`, `work_pool`, `work_queue`,
 * `concurrency_limit`, `variables`) in their Prefect API JSON shapes. The caller fetches those objects; this module
 * only shapes them.
 */

/** A resource as Prefect events carry it: labels, `prefect.resource.id` required. */
export type ResourceLabels = Readonly<Record<string, string>>;

/** The Prefect event envelope (prefect-cloud.md §C.5). */
export interface PrefectEventJson {
  readonly id: string;
  readonly occurred: string;
  readonly event: string;
  readonly resource: ResourceLabels;
  readonly related?: readonly ResourceLabels[];
  readonly payload?: Readonly<Record<string, unknown>>;
  readonly received?: string;
  readonly follows?: string | null;
}

export interface TemplateContextInput {
  readonly automation?: Readonly<Record<string, unknown>>;
  /** The triggering event. */
  readonly event?: PrefectEventJson;
  /** The triggering labels (the trigger's `for_each` values). */
  readonly labels?: Readonly<Record<string, string>>;
  readonly firing?: Readonly<Record<string, unknown>>;
  readonly firings?: readonly Readonly<Record<string, unknown>>[];
  /** All events of the firing (compound/sequence triggers); defaults to `[event]`. */
  readonly events?: readonly PrefectEventJson[];
  readonly flow_run?: Readonly<Record<string, unknown>> | null;
  readonly flow?: Readonly<Record<string, unknown>> | null;
  readonly deployment?: Readonly<Record<string, unknown>> | null;
  readonly task_run?: Readonly<Record<string, unknown>> | null;
  readonly work_pool?: Readonly<Record<string, unknown>> | null;
  readonly work_queue?: Readonly<Record<string, unknown>> | null;
  readonly concurrency_limit?: Readonly<Record<string, unknown>> | null;
  /** Workspace variables, name → value. */
  readonly variables?: Readonly<Record<string, unknown>> | null;
}

const OBJECT_KINDS = {
  flow_run: 'prefect.flow-run',
  flow: 'prefect.flow',
  deployment: 'prefect.deployment',
  task_run: 'prefect.task-run',
  work_pool: 'prefect.work-pool',
  work_queue: 'prefect.work-queue',
  concurrency_limit: 'prefect.concurrency-limit',
} as const;

/** A deep copy as plain data, so a template can neither see functions nor mutate the caller's objects. */
function plain(value: unknown, depth = 0): unknown {
  if (depth > 64) return null;
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = plain(v, depth + 1);
  return out;
}

function tagged<T extends object>(obj: T, kind: string): T {
  Object.defineProperty(obj, RESOURCE_KIND, { value: kind, enumerable: false });
  return obj;
}

/** The resource id's kind: `prefect.flow-run.<uuid>` → `prefect.flow-run`. */
export function resourceKind(resourceId: string): string {
  const i = resourceId.lastIndexOf('.');
  return i > 0 ? resourceId.slice(0, i) : resourceId;
}

/**
 * A resource as Prefect's `Resource` model presents it to templates: every label by its full name
 * (`resource["prefect.resource.name"]`) plus `id`, `name` and `role`.
 */
export function resourceView(labels: ResourceLabels): Record<string, unknown> {
  const view: Record<string, unknown> = { ...labels };
  const id = labels['prefect.resource.id'] ?? '';
  if (!('id' in view)) view.id = id;
  if (!('name' in view)) view.name = labels['prefect.resource.name'];
  if (!('role' in view)) view.role = labels['prefect.resource.role'];
  return tagged(view, resourceKind(id));
}

function eventView(e: PrefectEventJson): Record<string, unknown> {
  return {
    id: e.id,
    occurred: e.occurred,
    event: e.event,
    resource: resourceView(e.resource),
    related: (e.related ?? []).map(resourceView),
    payload: plain(e.payload ?? {}),
    received: e.received ?? e.occurred,
    follows: e.follows ?? null,
  };
}

/**
 * Prefect's `LabelDiver`: dotted labels as a tree, each node printing as its own value, so
 * `{{ labels.prefect.resource.id }}` works as well as `{{ labels["prefect.resource.id"] }}`.
 */
export function labelDiver(labels: Readonly<Record<string, string>>, value = ''): Record<string, unknown> {
  const groups = new Map<string, Record<string, string>>();
  const leaves = new Map<string, string>();
  for (const [key, v] of Object.entries(labels)) {
    const dot = key.indexOf('.');
    if (dot < 0) {
      leaves.set(key, v);
      continue;
    }
    const head = key.slice(0, dot);
    const group = groups.get(head) ?? {};
    group[key.slice(dot + 1)] = v;
    groups.set(head, group);
  }
  const node: Record<string, unknown> = { ...labels };
  for (const [head, sub] of groups) node[head] = labelDiver(sub, leaves.get(head) ?? '');
  for (const [k, v] of leaves) if (!groups.has(k)) node[k] = v;
  Object.defineProperty(node, 'toString', { value: () => value, enumerable: false });
  return node;
}

/** Builds the render context; absent objects are left out, so they render as empty text. */
export function buildTemplateContext(input: TemplateContextInput): Record<string, unknown> {
  const ctx: Record<string, unknown> = {};
  if (input.automation) ctx.automation = tagged(plain(input.automation) as Record<string, unknown>, 'prefect.automation');
  if (input.event) ctx.event = eventView(input.event);
  ctx.labels = labelDiver(input.labels ?? {});
  if (input.firing) ctx.firing = plain(input.firing);
  ctx.firings = (input.firings ?? (input.firing ? [input.firing] : [])).map((f) => plain(f));
  ctx.events = (input.events ?? (input.event ? [input.event] : [])).map(eventView);
  for (const [name, kind] of Object.entries(OBJECT_KINDS) as [keyof typeof OBJECT_KINDS, string][]) {
    const obj = input[name];
    if (obj) ctx[name] = tagged(plain(obj) as Record<string, unknown>, kind);
  }
  if (input.variables) ctx.variables = plain(input.variables);
  return ctx;
}
