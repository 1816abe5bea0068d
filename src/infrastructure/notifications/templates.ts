import * as nunjucks from 'nunjucks';

/**
 * User templates in the Jinja style Prefect uses (`{{ flow_run.name }}`, filters, `{% if %}`, loops), rendered with
 * nunjucks. Nunjucks is not a sandbox by itself, so three guards make it one for user input:
 *  - parse-time checks: no include/import/extends (there is no loader at all), no lookup of `constructor`,
 *    `__proto__`, `prototype` & co., at most 10 loops nested at most 2 deep (Prefect's limits);
 *  - a runtime guard on member lookup, because keys can be computed (`x["con" ~ "structor"]`);
 *  - bounded `range` (≤ 100 items, as Prefect) and bounded padding filters, so a template cannot allocate without limit.
 * Undefined values render as empty text; `a.b.c` on a missing `a` is empty too. Rendering never throws: a failure is a
 * `{ ok: false, error }` result the caller records.
 */

export type TemplateResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string };
export type TemplateCheck = { readonly ok: true } | { readonly ok: false; readonly error: string };

export interface TemplateRendererOptions {
  /** Base URL of the UI (e.g. `https://praetor.example/account/A/workspace/W`), for the `ui_url` filters. */
  readonly uiUrl?: string;
  /** HTML-escape output (for HTML bodies). Off by default: notifications are text. */
  readonly autoescape?: boolean;
  /** Longest rendered text; longer output is a failure rather than a huge message. Default 1 MiB. */
  readonly maxOutputChars?: number;
}

export const MAX_TEMPLATE_RANGE = 100;
export const MAX_LOOP_COUNT = 10;
export const MAX_NESTED_LOOP_DEPTH = 2;
const MAX_PAD = 1000;
const CACHE_SIZE = 500;

/** Names whose lookup would reach the prototype chain or the Function constructor. */
const FORBIDDEN_MEMBERS = new Set([
  // sized by their argument: one call could allocate gigabytes
  'repeat',
  'padStart',
  'padEnd',
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

/** The kinds of orchestration object a template may name at top level (Prefect's `_relevant_native_objects`). */
export const ORCHESTRATION_OBJECT_NAMES = [
  'flow_run',
  'flow',
  'deployment',
  'task_run',
  'work_pool',
  'work_queue',
  'concurrency_limit',
  'variables',
] as const;
export type OrchestrationObjectName = (typeof ORCHESTRATION_OBJECT_NAMES)[number];

/** Marks a context object with its Prefect resource kind, so `ui_url` knows where it lives. */
export const RESOURCE_KIND = Symbol('praetor.resourceKind');

// ---- the parts of nunjucks' (untyped, but stable since 2.x) parser API this module uses ----
interface NjNode {
  findAll(type: unknown, results?: NjNode[]): NjNode[];
  iterFields(fn: (value: unknown, field: string) => void): void;
  lineno: number;
  colno: number;
}
interface NjLookup extends NjNode {
  val: NjNode & { value?: unknown };
}
interface NjSymbol extends NjNode {
  value: string;
}
interface NjSet extends NjNode {
  targets: NjSymbol[];
  value: NjNode | null;
}
interface NjInternals {
  parser: { parse(src: string, extensions?: unknown[], opts?: unknown): NjNode };
  nodes: Record<'For' | 'LookupVal' | 'Literal' | 'Symbol' | 'Include' | 'Import' | 'FromImport' | 'Extends' | 'Macro' | 'Set', unknown>;
  runtime: { memberLookup: (obj: unknown, key: unknown, autoescape?: boolean) => unknown };
}
const internals = nunjucks as unknown as NjInternals;

/** Python string methods Jinja templates call (`name.upper()`, `text.split(",")`); JS ones keep working too. */
const STRING_METHODS: Record<string, (s: string, ...args: unknown[]) => unknown> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s, chars) => stripChars(s, chars, true, true),
  lstrip: (s, chars) => stripChars(s, chars, true, false),
  rstrip: (s, chars) => stripChars(s, chars, false, true),
  startswith: (s, p) => s.startsWith(String(p)),
  endswith: (s, p) => s.endsWith(String(p)),
  title: (s) => s.replace(/\w\S*/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  replace: (s, a, b) => s.split(String(a)).join(String(b)),
  split: (s, sep) => (sep === undefined || sep === null ? s.trim().split(/\s+/).filter(Boolean) : s.split(String(sep))),
  format: (s, ...args) => {
    let i = 0;
    return s.replace(/\{\}/g, () => String(args[i++] ?? ''));
  },
};

function stripChars(s: string, chars: unknown, left: boolean, right: boolean): string {
  const set = typeof chars === 'string' ? chars : ' \t\n\r\f\v';
  let a = 0;
  let b = s.length;
  while (left && a < b && set.includes(s[a])) a++;
  while (right && b > a && set.includes(s[b - 1])) b--;
  return s.slice(a, b);
}

let installed = false;
/**
 * Jinja compatibility (`True`/`None`, `d.items()`, slices) and the member-lookup guard are process-wide in nunjucks;
 * installed once, guard last so it wraps the compat lookup.
 */
function installOnce(): void {
  if (installed) return;
  installed = true;
  nunjucks.installJinjaCompat();
  const inner = internals.runtime.memberLookup;
  const intrinsics = new Set<unknown>([Function, Object, Object.getPrototypeOf(async () => undefined).constructor]);
  internals.runtime.memberLookup = function guardedMemberLookup(this: unknown, obj: unknown, key: unknown, ...rest: unknown[]) {
    if (typeof key === 'string' && FORBIDDEN_MEMBERS.has(key)) return undefined;
    if (typeof obj === 'string' && typeof key === 'string' && Object.prototype.hasOwnProperty.call(STRING_METHODS, key)) {
      return (...args: unknown[]) => STRING_METHODS[key](obj, ...args);
    }
    const value = inner.call(this, obj, key, ...(rest as [boolean?]));
    return intrinsics.has(value) ? undefined : value;
  };
}

function checkedRange(start: number, stop?: number, step = 1): number[] {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (!Number.isFinite(start) || !Number.isFinite(stop) || !Number.isFinite(step) || step === 0) {
    throw new Error('range() needs finite numbers and a non-zero step');
  }
  const length = Math.max(0, Math.ceil((stop - start) / step));
  if (length > MAX_TEMPLATE_RANGE) {
    throw new Error(`range too big: the sandbox allows at most ${MAX_TEMPLATE_RANGE} items`);
  }
  return Array.from({ length }, (_, i) => start + i * step);
}

function boundedPad(width: unknown): number {
  const n = Number(width);
  if (!Number.isFinite(n)) return 0;
  return Math.max(0, Math.min(MAX_PAD, Math.trunc(n)));
}

function toJsonValue(value: unknown): unknown {
  return value === undefined ? null : value;
}

const UI_PATHS: Record<string, (o: Record<string, unknown>) => string | undefined> = {
  'prefect.flow-run': (o) => `runs/flow-run/${String(o.id)}`,
  'prefect.task-run': (o) => `runs/task-run/${String(o.id)}`,
  'prefect.flow': (o) => `flows/flow/${String(o.id)}`,
  'prefect.deployment': (o) => `deployments/deployment/${String(o.id)}`,
  'prefect.work-pool': (o) => (o.name ? `work-pools/work-pool/${encodeURIComponent(String(o.name))}` : undefined),
  'prefect.work-queue': (o) => `work-queues/work-queue/${String(o.id)}`,
  'prefect.automation': (o) => `automations/automation/${String(o.id)}`,
  'prefect.block-document': (o) => `blocks/block/${String(o.id)}`,
  'prefect.concurrency-limit': (o) => `concurrency-limits/concurrency-limit/${String(o.id)}`,
};

function kindOf(obj: unknown): string | undefined {
  if (!obj || typeof obj !== 'object') return undefined;
  const kind = (obj as Record<symbol, unknown>)[RESOURCE_KIND];
  return typeof kind === 'string' ? kind : undefined;
}

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path}`;
}

export class TemplateRenderer {
  private readonly env: nunjucks.Environment;
  private readonly cache = new Map<string, nunjucks.Template>();
  private readonly maxOutput: number;

  constructor(private readonly options: TemplateRendererOptions = {}) {
    installOnce();
    this.maxOutput = options.maxOutputChars ?? 1024 * 1024;
    // An explicit empty loader list: nunjucks would otherwise default to a filesystem loader on `views/`.
    this.env = new nunjucks.Environment([], { autoescape: options.autoescape ?? false, throwOnUndefined: false });
    this.env.addGlobal('range', checkedRange);
    this.env.addFilter('center', (s: unknown, width?: unknown) => {
      const str = s === undefined || s === null ? '' : String(s);
      const spaces = boundedPad(width ?? 80) - str.length;
      if (spaces <= 0) return str;
      return ' '.repeat(Math.floor(spaces / 2)) + str + ' '.repeat(Math.ceil(spaces / 2));
    });
    this.env.addFilter('indent', (s: unknown, width?: unknown, first?: unknown) => {
      const str = s === undefined || s === null ? '' : String(s);
      const pad = ' '.repeat(boundedPad(width ?? 4));
      return str
        .split('\n')
        .map((l, i) => (i === 0 && !first ? l : pad + l))
        .join('\n');
    });
    // Filters whose numeric argument sizes what they build are clamped; `replace` may not outgrow the output cap.
    const batch = this.env.getFilter('batch') as (...a: unknown[]) => unknown;
    this.env.addFilter('batch', (items: unknown, count: unknown, fill?: unknown) => batch(items, Math.max(1, boundedPad(count)), fill));
    const slice = this.env.getFilter('slice') as (...a: unknown[]) => unknown;
    this.env.addFilter('slice', (items: unknown, count: unknown, fill?: unknown) => slice(items, Math.max(1, boundedPad(count)), fill));
    const replace = this.env.getFilter('replace') as (...a: unknown[]) => unknown;
    this.env.addFilter('replace', (...args: unknown[]) => {
      const out = replace(...args);
      if (typeof out === 'string' && out.length > this.maxOutput) throw new Error('replace would produce text longer than the output limit');
      return out;
    });
    this.env.addFilter('tojson', (value: unknown, indent?: number) =>
      JSON.stringify(toJsonValue(value), null, indent === undefined ? undefined : boundedPad(indent)),
    );
    this.env.addFilter('ui_url', (obj: unknown) => this.uiUrl(obj));
    this.env.addFilter('ui_resource_events_url', (obj: unknown) => this.eventsUrl(obj));
    this.env.addFilter('flow_run_id', (text: unknown) => {
      if (typeof text !== 'string') return null;
      const m = /flow-run\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/.exec(text);
      return m ? m[1] : null;
    });
  }

  /** Whether `text` contains template syntax at all (Prefect's `maybe_template`). */
  static isTemplate(text: string): boolean {
    return text.includes('{{') || text.includes('{%');
  }

  /** Checks a template when it is saved (syntax, forbidden constructs, loop limits), so errors surface early. */
  validate(source: string): TemplateCheck {
    try {
      this.check(source);
      return { ok: true };
    } catch (err) {
      return { ok: false, error: describe(err) };
    }
  }

  render(source: string, context: Record<string, unknown>): TemplateResult {
    if (typeof source !== 'string') return { ok: false, error: 'template is not a string' };
    if (!TemplateRenderer.isTemplate(source)) return { ok: true, text: source };
    try {
      const text = this.compiled(source).render(context);
      if (text.length > this.maxOutput) {
        return { ok: false, error: `rendered text is longer than ${this.maxOutput} characters` };
      }
      return { ok: true, text };
    } catch (err) {
      return { ok: false, error: `template rendering failed: ${describe(err)}` };
    }
  }

  /** Renders each template; the first failure fails the whole set (an action sends all or nothing). */
  renderAll(sources: readonly string[], context: Record<string, unknown>): { ok: true; texts: string[] } | { ok: false; error: string; template: string } {
    const texts: string[] = [];
    for (const source of sources) {
      const r = this.render(source, context);
      if (!r.ok) return { ok: false, error: r.error, template: source };
      texts.push(r.text);
    }
    return { ok: true, texts };
  }

  /**
   * The orchestration objects the templates name at top level (`flow_run`, `deployment`, ...), so the caller fetches
   * only those (Prefect's `matching_types_in_templates`). Templates that do not parse name nothing.
   */
  referencedObjects(sources: readonly string[]): OrchestrationObjectName[] {
    const found = new Set<OrchestrationObjectName>();
    for (const source of sources) {
      if (!TemplateRenderer.isTemplate(source)) continue;
      let root: NjNode;
      try {
        root = internals.parser.parse(source, [], {});
      } catch {
        continue;
      }
      for (const sym of root.findAll(internals.nodes.Symbol) as NjSymbol[]) {
        if ((ORCHESTRATION_OBJECT_NAMES as readonly string[]).includes(sym.value)) found.add(sym.value as OrchestrationObjectName);
      }
    }
    return [...found];
  }

  private compiled(source: string): nunjucks.Template {
    const hit = this.cache.get(source);
    if (hit) return hit;
    this.check(source);
    const template = new nunjucks.Template(source, this.env, undefined, true);
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(source, template);
    return template;
  }

  private check(source: string): void {
    const root = internals.parser.parse(source, [], {});
    const n = internals.nodes;
    for (const type of [n.Include, n.Import, n.FromImport, n.Extends, n.Macro]) {
      const found = root.findAll(type);
      if (found.length > 0) throw new Error(`line ${found[0].lineno + 1}: include, import, extends and macro are not allowed`);
    }
    // Unlike Jinja, nunjucks lets `{% set %}` in a loop rebind an outer variable, so `{% set s = s ~ s %}` in nested
    // loops would grow without bound. A loop may set variables, but not from variables that loops set.
    const loopSets = (root.findAll(n.For) as NjNode[]).flatMap((loop) => loop.findAll(n.Set) as NjSet[]);
    const loopSet = new Set(loopSets.flatMap((set) => set.targets.map((t) => t.value)));
    for (const set of loopSets) {
      const reads = set.value ? (set.value.findAll(n.Symbol) as NjSymbol[]) : [];
      const bad = reads.find((sym) => loopSet.has(sym.value));
      if (bad) throw new Error(`line ${set.lineno + 1}: inside a loop, set may not read "${bad.value}", which a loop sets`);
      if (!set.value) throw new Error(`line ${set.lineno + 1}: block set is not allowed inside a loop`);
    }
    for (const lookup of root.findAll(n.LookupVal) as NjLookup[]) {
      const key = lookup.val;
      if (key instanceof (n.Literal as new () => unknown) && typeof key.value === 'string' && FORBIDDEN_MEMBERS.has(key.value)) {
        throw new Error(`line ${lookup.lineno + 1}: access to "${key.value}" is not allowed`);
      }
    }
    const loops = root.findAll(n.For);
    if (loops.length > MAX_LOOP_COUNT) {
      throw new Error(`contains ${loops.length} for loops; templates can contain no more than ${MAX_LOOP_COUNT}`);
    }
    const depth = loopDepth(root, n.For, 0);
    if (depth > MAX_NESTED_LOOP_DEPTH) {
      throw new Error(`contains for loops nested ${depth} deep; templates can nest loops no more than ${MAX_NESTED_LOOP_DEPTH} deep`);
    }
  }

  private uiUrl(obj: unknown): string | null {
    const base = this.options.uiUrl;
    const kind = kindOf(obj);
    if (!base || !kind) return null;
    const path = UI_PATHS[kind]?.(obj as Record<string, unknown>);
    return path ? joinUrl(base, path) : null;
  }

  private eventsUrl(obj: unknown): string | null {
    const base = this.options.uiUrl;
    const kind = kindOf(obj);
    if (!base || !kind || !obj || typeof obj !== 'object') return null;
    const id = (obj as Record<string, unknown>).id;
    if (typeof id !== 'string' || !id) return null;
    // A resource view's id is already the full resource id; an orchestration object's is its uuid.
    const resourceId = id.startsWith(`${kind}.`) ? id : `${kind}.${id}`;
    return joinUrl(base, `events?resource=${encodeURIComponent(resourceId)}`);
  }
}

function loopDepth(node: unknown, forType: unknown, depth: number): number {
  if (!node || typeof node !== 'object') return depth;
  if (Array.isArray(node)) return node.reduce((m: number, c) => Math.max(m, loopDepth(c, forType, depth)), depth);
  const n = node as NjNode;
  if (typeof n.iterFields !== 'function') return depth;
  const here = node instanceof (forType as new () => unknown) ? depth + 1 : depth;
  let max = here;
  const visit = (child: unknown) => {
    max = Math.max(max, loopDepth(child, forType, here));
  };
  n.iterFields((value) => visit(value));
  return max;
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message.replace(/^\(unknown path\)\s*/, '').replace(/^Error:\s*/, '').trim();
  return String(err);
}
