import { ValidationError } from '../../../../shared/errors';

/**
 * Prefect's automation object (AutomationCore, prefect-api.md §6.9; Prefect's
 * `events/schemas/automations.py` and `events/actions.py`), parsed from what a client sends and
 * normalised the way Prefect's server stores it: defaults filled, durations in seconds, sets as
 * sorted lists, every trigger with an id. Invalid input is a ValidationError naming the field.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Labels a resource must carry: a value, or one of several (`*` suffix wildcards and `!` negation are kept as text). */
export type ResourceSpecification = Record<string, string | string[]>;

export interface EventTriggerSpec {
  readonly type: 'event';
  readonly id: string;
  readonly match: ResourceSpecification;
  readonly match_related: ResourceSpecification | ResourceSpecification[];
  readonly after: string[];
  readonly expect: string[];
  readonly for_each: string[];
  readonly posture: 'Reactive' | 'Proactive';
  readonly threshold: number;
  /** Seconds. */
  readonly within: number;
}

export interface MetricTriggerSpec {
  readonly type: 'metric';
  readonly id: string;
  readonly match: ResourceSpecification;
  readonly match_related: ResourceSpecification | ResourceSpecification[];
  readonly posture: 'Metric';
  readonly metric: {
    readonly name: 'lateness' | 'duration' | 'successes';
    readonly threshold: number;
    readonly operator: '<' | '<=' | '>' | '>=';
    /** Seconds (at least 300). */
    readonly range: number;
    /** Seconds. */
    readonly firing_for: number;
  };
}

export interface CompoundTriggerSpec {
  readonly type: 'compound';
  readonly id: string;
  readonly triggers: TriggerSpec[];
  readonly within: number | null;
  readonly require: number | 'any' | 'all';
}

export interface SequenceTriggerSpec {
  readonly type: 'sequence';
  readonly id: string;
  readonly triggers: TriggerSpec[];
  readonly within: number | null;
}

export type TriggerSpec = EventTriggerSpec | MetricTriggerSpec | CompoundTriggerSpec | SequenceTriggerSpec;

/** An action: its `type` and Prefect's fields for that type, defaults filled. */
export type ActionSpec = { readonly type: string } & JsonObject;

export interface AutomationSpec {
  readonly name: string;
  readonly description: string;
  readonly enabled: boolean;
  readonly tags: string[];
  readonly trigger: TriggerSpec;
  readonly actions: ActionSpec[];
  readonly actions_on_trigger: ActionSpec[];
  readonly actions_on_resolve: ActionSpec[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function fail(where: string, message: string): never {
  throw new ValidationError(`${where}: ${message}`);
}

function str(v: unknown, where: string, fallback?: string): string {
  if (v === undefined || v === null) {
    if (fallback !== undefined) return fallback;
    fail(where, 'is required');
  }
  if (typeof v !== 'string') fail(where, 'must be a string');
  return v;
}

function stringSet(v: unknown, where: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(where, 'must be a list of strings');
  return [...new Set(v as string[])].sort();
}

/**
 * A duration as pydantic accepts it: seconds (number or numeric string), ISO 8601 (`PT30S`,
 * `P1DT2H`), or `[D day[s], ][H]H:MM:SS[.f]`. Returns seconds.
 */
export function parseDuration(v: unknown, where: string): number {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) fail(where, 'must be a non-negative number of seconds');
    return v;
  }
  if (typeof v !== 'string') fail(where, 'must be seconds or an ISO 8601 duration');
  const text = v.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const iso = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text);
  if (iso && text.length > 1 && !/T$/i.test(text)) {
    const [, w, d, h, m, s] = iso.map((x) => (x === undefined ? 0 : Number(x)));
    return w! * 604_800 + d! * 86_400 + h! * 3_600 + m! * 60 + s!;
  }
  const clock = /^(?:(\d+) days?,\s*)?(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text);
  if (clock) return Number(clock[1] ?? 0) * 86_400 + Number(clock[2]) * 3_600 + Number(clock[3]) * 60 + Number(clock[4]);
  fail(where, `is not a duration: ${text}`);
}

function resourceSpecification(v: unknown, where: string): ResourceSpecification {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) fail(where, 'must be an object of label → value or list of values');
  const out: ResourceSpecification = {};
  for (const [label, value] of Object.entries(v)) {
    if (typeof value === 'string') out[label] = value;
    else if (Array.isArray(value) && value.every((x) => typeof x === 'string')) out[label] = [...(value as string[])];
    else fail(`${where}.${label}`, 'must be a string or a list of strings');
  }
  return out;
}

function matchRelated(v: unknown, where: string): ResourceSpecification | ResourceSpecification[] {
  if (Array.isArray(v)) return v.map((x, i) => resourceSpecification(x, `${where}[${i}]`));
  return resourceSpecification(v, where);
}

/** Prefect's discriminator: an explicit `type`, else the shape (`triggers` + `require` → compound, ...). */
function triggerType(v: Record<string, unknown>): string {
  if (typeof v.type === 'string') return v.type;
  if ('triggers' in v) return 'require' in v ? 'compound' : 'sequence';
  if (v.posture === 'Metric') return 'metric';
  return 'event';
}

/** `ids` hands out the id of each trigger node, depth first (the server assigns them, as Prefect resets client ids). */
export function parseTrigger(v: unknown, where: string, ids: () => string): TriggerSpec {
  if (!isObject(v)) fail(where, 'must be an object');
  const type = triggerType(v);
  switch (type) {
    case 'event': {
      const posture = v.posture ?? 'Reactive';
      if (posture !== 'Reactive' && posture !== 'Proactive') fail(`${where}.posture`, 'must be Reactive or Proactive');
      if (v.within === null) fail(`${where}.within`, 'should be a valid timedelta');
      let within = v.within === undefined ? 0 : parseDuration(v.within, `${where}.within`);
      if (posture === 'Proactive') {
        if (within === 0) within = 10;
        else if (within < 10) fail(`${where}.within`, 'for Proactive triggers must be greater than or equal to 10 seconds');
      }
      const threshold = v.threshold ?? 1;
      if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 0) fail(`${where}.threshold`, 'must be a non-negative integer');
      return {
        type: 'event',
        id: ids(),
        match: resourceSpecification(v.match, `${where}.match`),
        match_related: matchRelated(v.match_related, `${where}.match_related`),
        after: stringSet(v.after, `${where}.after`),
        expect: stringSet(v.expect, `${where}.expect`),
        for_each: stringSet(v.for_each, `${where}.for_each`),
        posture,
        threshold,
        within,
      };
    }
    case 'metric': {
      if ((v.posture ?? 'Metric') !== 'Metric') fail(`${where}.posture`, 'must be Metric');
      const m = v.metric;
      if (!isObject(m)) fail(`${where}.metric`, 'is required');
      if (m.name !== 'lateness' && m.name !== 'duration' && m.name !== 'successes') fail(`${where}.metric.name`, 'must be lateness, duration or successes');
      if (typeof m.threshold !== 'number') fail(`${where}.metric.threshold`, 'must be a number');
      if (m.operator !== '<' && m.operator !== '<=' && m.operator !== '>' && m.operator !== '>=') fail(`${where}.metric.operator`, 'must be one of < <= > >=');
      const range = m.range === undefined || m.range === null ? 300 : parseDuration(m.range, `${where}.metric.range`);
      if (range < 300) fail(`${where}.metric.range`, 'the minimum range is 300 seconds (5 minutes)');
      const firingFor = m.firing_for === undefined || m.firing_for === null ? 300 : parseDuration(m.firing_for, `${where}.metric.firing_for`);
      return {
        type: 'metric',
        id: ids(),
        match: resourceSpecification(v.match, `${where}.match`),
        match_related: matchRelated(v.match_related, `${where}.match_related`),
        posture: 'Metric',
        metric: { name: m.name, threshold: m.threshold, operator: m.operator, range, firing_for: firingFor },
      };
    }
    case 'compound':
    case 'sequence': {
      if (!Array.isArray(v.triggers) || v.triggers.length === 0) fail(`${where}.triggers`, 'must be a non-empty list of triggers');
      const id = ids();
      const triggers = v.triggers.map((t, i) => parseTrigger(t, `${where}.triggers[${i}]`, ids));
      const within = v.within === undefined || v.within === null ? null : parseDuration(v.within, `${where}.within`);
      if (type === 'sequence') return { type: 'sequence', id, triggers, within };
      const require = v.require;
      if (require !== 'any' && require !== 'all') {
        if (typeof require !== 'number' || !Number.isInteger(require)) fail(`${where}.require`, 'must be an integer, "any" or "all"');
        if (require < 1) fail(`${where}.require`, 'must be at least 1');
        if (require > triggers.length) fail(`${where}.require`, `must be less than or equal to the number of triggers (${triggers.length})`);
      }
      return { type: 'compound', id, triggers, within, require };
    }
    default:
      fail(`${where}.type`, `unknown trigger type ${JSON.stringify(type)} (event, metric, compound or sequence)`);
  }
}

/** The number of trigger nodes in a raw trigger (so the caller can hand out that many ids). */
export function countTriggerNodes(v: unknown): number {
  if (!isObject(v)) return 1;
  return 1 + (Array.isArray(v.triggers) ? v.triggers.reduce<number>((n, t) => n + countTriggerNodes(t), 0) : 0);
}

/**
 * Action types and the fields each needs. `source: "selected"` actions name their target; `inferred`
 * ones act on the resource of the triggering event.
 */
const SELECTABLE: Record<string, string> = {
  'run-deployment': 'deployment_id',
  'pause-deployment': 'deployment_id',
  'resume-deployment': 'deployment_id',
  'pause-automation': 'automation_id',
  'resume-automation': 'automation_id',
  'pause-work-pool': 'work_pool_id',
  'resume-work-pool': 'work_pool_id',
  'pause-work-queue': 'work_queue_id',
  'resume-work-queue': 'work_queue_id',
};
const SIMPLE = new Set(['do-nothing', 'cancel-flow-run', 'suspend-flow-run', 'resume-flow-run']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidField(v: unknown, where: string): string {
  if (typeof v !== 'string' || !UUID.test(v)) fail(where, 'must be a UUID');
  return v.toLowerCase();
}

export function parseAction(v: unknown, where: string): ActionSpec {
  if (!isObject(v)) fail(where, 'must be an object');
  const type = str(v.type, `${where}.type`);
  const raw = v as JsonObject;
  if (SIMPLE.has(type)) return { ...raw, type };
  const target = SELECTABLE[type];
  if (target) {
    const source = raw.source ?? 'selected';
    if (source !== 'selected' && source !== 'inferred') fail(`${where}.source`, 'must be selected or inferred');
    const out: JsonObject = { ...raw, type, source };
    if (source === 'selected') out[target] = uuidField(raw[target], `${where}.${target}`);
    else if (raw[target] !== undefined && raw[target] !== null) fail(`${where}.${target}`, `must not be set when source is inferred`);
    else out[target] = null;
    if (type === 'run-deployment') {
      if (raw.parameters !== undefined && raw.parameters !== null && !isObject(raw.parameters)) fail(`${where}.parameters`, 'must be an object');
      if (raw.job_variables !== undefined && raw.job_variables !== null && !isObject(raw.job_variables)) fail(`${where}.job_variables`, 'must be an object');
      out.parameters = raw.parameters ?? null;
      out.job_variables = raw.job_variables ?? null;
      out.schedule_after = raw.schedule_after === undefined || raw.schedule_after === null ? 0 : parseDuration(raw.schedule_after, `${where}.schedule_after`);
    }
    return { ...out, type };
  }
  switch (type) {
    case 'change-flow-run-state': {
      const state = str(raw.state, `${where}.state`);
      if (!['SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED', 'PAUSED', 'CANCELLING'].includes(state)) fail(`${where}.state`, `unknown state type ${state}`);
      return { ...raw, type, state, name: raw.name ?? null, message: raw.message ?? null, force: raw.force ?? false };
    }
    case 'send-notification':
      return {
        ...raw,
        type,
        block_document_id: uuidField(raw.block_document_id, `${where}.block_document_id`),
        subject: str(raw.subject, `${where}.subject`, 'Prefect automated notification'),
        body: str(raw.body, `${where}.body`),
      };
    case 'call-webhook':
      return { ...raw, type, block_document_id: uuidField(raw.block_document_id, `${where}.block_document_id`), payload: str(raw.payload, `${where}.payload`, '') };
    case 'send-email-notification': {
      const to = raw.email_addresses;
      if (!Array.isArray(to) || to.length === 0 || to.some((x) => typeof x !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(x))) {
        fail(`${where}.email_addresses`, 'must be a non-empty list of email addresses');
      }
      return { ...raw, type, email_addresses: to, subject: str(raw.subject, `${where}.subject`, 'Prefect automated notification'), body: str(raw.body, `${where}.body`) };
    }
    default:
      fail(`${where}.type`, `unknown action type ${JSON.stringify(type)}`);
  }
}

function actions(v: unknown, where: string, required: boolean): ActionSpec[] {
  if (v === undefined || v === null) {
    if (required) fail(where, 'is required');
    return [];
  }
  if (!Array.isArray(v)) fail(where, 'must be a list of actions');
  return v.map((a, i) => parseAction(a, `${where}[${i}]`));
}

/** AutomationCore (create and PUT bodies). */
export function parseAutomationSpec(v: unknown, triggerIds: () => string): AutomationSpec {
  if (!isObject(v)) fail('body', 'must be an automation object');
  const name = str(v.name, 'name');
  if (name.trim() === '') fail('name', 'must not be empty');
  if (v.enabled !== undefined && v.enabled !== null && typeof v.enabled !== 'boolean') fail('enabled', 'must be a boolean');
  return {
    name,
    description: str(v.description, 'description', ''),
    enabled: (v.enabled as boolean | undefined | null) ?? true,
    tags: v.tags === undefined || v.tags === null ? [] : (() => {
      if (!Array.isArray(v.tags) || v.tags.some((t) => typeof t !== 'string')) fail('tags', 'must be a list of strings');
      return [...(v.tags as string[])];
    })(),
    trigger: parseTrigger(v.trigger ?? fail('trigger', 'is required'), 'trigger', triggerIds),
    actions: actions(v.actions, 'actions', true),
    actions_on_trigger: actions(v.actions_on_trigger, 'actions_on_trigger', false),
    actions_on_resolve: actions(v.actions_on_resolve, 'actions_on_resolve', false),
  };
}

/**
 * The resources an automation is related to (Prefect's automation_related_resources): its owner,
 * and every deployment a `run-deployment` action with `source: selected` runs.
 */
export function relatedResourceIds(spec: AutomationSpec, ownerResource: string | null): string[] {
  const ids = new Set<string>();
  if (ownerResource) ids.add(ownerResource);
  for (const a of [...spec.actions, ...spec.actions_on_trigger, ...spec.actions_on_resolve]) {
    if (a.type === 'run-deployment' && a.source === 'selected' && typeof a.deployment_id === 'string') ids.add(`prefect.deployment.${a.deployment_id}`);
  }
  return [...ids].sort();
}
