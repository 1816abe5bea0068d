import type { CompoundTriggerSpec, EventTriggerSpec, MetricTriggerSpec, SequenceTriggerSpec, TriggerSpec } from '../automation/automation-spec';
import { eventNameMatches, labelValue, relatedMatches, resourceMatches, type EngineEvent } from './resource-match';

/**
 * Trigger evaluation, pure: (state, event) → (state, fires) and (state, now) → (state, fires) for
 * proactive windows. Modelled on Prefect's `events/triggers.py`: an event trigger counts covered
 * events per bucket (one bucket per `for_each` value tuple), gated by `after`; a composite trigger
 * collects its children's fires. Times are ISO strings; no clock, no ids.
 */

/** One bucket of an event trigger. `start` is the window start (null before the first counted/gating event). */
export interface Bucket {
  readonly start: string | null;
  readonly count: number;
  readonly afterSeen: boolean;
  /** The last event that moved this bucket (its triggering labels too). */
  readonly lastEvent: EngineEvent | null;
  readonly labels: Readonly<Record<string, string>>;
}

/** What a composite has collected: its children's fires (child id → when and which event). */
export interface Collected {
  readonly fired: Readonly<Record<string, { readonly at: string; readonly event: EngineEvent | null }>>;
}

export interface TriggerState {
  /** Trigger node id → bucket key → bucket. */
  readonly buckets: Readonly<Record<string, Readonly<Record<string, Bucket>>>>;
  /** Composite node id → what it collected. */
  readonly collected: Readonly<Record<string, Collected>>;
}

/** A trigger node fired: the firing's key within the node (event id or proactive window) and its context. */
export interface Fire {
  readonly triggerId: string;
  readonly bucketKey: string;
  /** What makes this fire unique within (trigger, bucket): the triggering event id, or `window:<start>`. */
  readonly occasion: string;
  readonly at: string;
  readonly event: EngineEvent | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly posture: 'Reactive' | 'Proactive' | 'Metric';
}

export const emptyTriggerState = (): TriggerState => ({ buckets: {}, collected: {} });

const plusSeconds = (iso: string, seconds: number) => new Date(new Date(iso).getTime() + seconds * 1000).toISOString();
const later = (a: string, b: string) => new Date(a).getTime() > new Date(b).getTime();
const notBefore = (a: string, b: string) => new Date(a).getTime() >= new Date(b).getTime();

class Draft {
  buckets: Record<string, Record<string, Bucket>>;
  collected: Record<string, Collected>;
  constructor(s: TriggerState) {
    this.buckets = Object.fromEntries(Object.entries(s.buckets).map(([k, v]) => [k, { ...v }]));
    this.collected = { ...s.collected };
  }
  get(id: string, key: string): Bucket | undefined {
    return this.buckets[id]?.[key];
  }
  set(id: string, key: string, b: Bucket | undefined): void {
    const node = (this.buckets[id] ??= {});
    if (b) node[key] = b;
    else delete node[key];
    if (Object.keys(node).length === 0) delete this.buckets[id];
  }
  done(): TriggerState {
    return { buckets: this.buckets, collected: this.collected };
  }
}

/** Whether an event concerns this trigger at all (Prefect's `covers`): resource, related, and event name. */
export function covers(t: EventTriggerSpec, e: EngineEvent): boolean {
  if (!resourceMatches(t.match, e.resource)) return false;
  if (!relatedMatches(t.match_related, e.related)) return false;
  const names = [...t.after, ...t.expect];
  return names.length === 0 || eventNameMatches(names, e.event);
}

function bucketOf(t: EventTriggerSpec, e: EngineEvent): { key: string; labels: Record<string, string> } {
  const labels: Record<string, string> = {};
  for (const label of t.for_each) labels[label] = labelValue(label, e);
  return { key: JSON.stringify(t.for_each.map((l) => labels[l])), labels };
}

const fresh = (labels: Record<string, string>): Bucket => ({ start: null, count: 0, afterSeen: false, lastEvent: null, labels });

/**
 * Event time for reactive windows is when it occurred; proactive windows run on the server's clock
 * (received). As in Prefect, a reactive trigger fires as soon as its threshold is met and then waits
 * out the rest of its window (events before the next window are late and ignored); a proactive one
 * decides only when its window has ended (`checkEvent`).
 */
function evaluateEvent(t: EventTriggerSpec, d: Draft, e: EngineEvent): Fire[] {
  if (!covers(t, e)) return [];
  const { key, labels } = bucketOf(t, e);
  let b = d.get(t.id, key) ?? fresh(labels);
  const at = t.posture === 'Proactive' ? e.received : e.occurred;
  if (t.after.length > 0 && !b.afterSeen) {
    if (!eventNameMatches(t.after, e.event)) return [];
    d.set(t.id, key, { ...b, afterSeen: true, start: at, lastEvent: e });
    return [];
  }
  if (t.expect.length > 0 && !eventNameMatches(t.expect, e.event)) return [];
  if (b.start !== null && later(b.start, at)) return [];
  if (t.posture === 'Proactive') {
    // Without `after`, the window starts with the first covered event of the bucket.
    d.set(t.id, key, { ...b, start: b.start ?? at, count: b.count + 1, lastEvent: e });
    return [];
  }
  // Reactive: count within the window; a window that has run out starts again with this event.
  if (b.start === null || (t.within > 0 && !later(plusSeconds(b.start, t.within), at))) b = { ...b, start: at, count: 0 };
  b = { ...b, count: b.count + 1, lastEvent: e };
  if (b.count >= Math.max(1, t.threshold)) {
    const end = plusSeconds(b.start!, t.within);
    const next = t.after.length > 0 || t.within === 0 ? undefined : { ...fresh(b.labels), start: later(end, at) ? end : at };
    d.set(t.id, key, next);
    return [{ triggerId: t.id, bucketKey: key, occasion: e.id, at, event: e, labels: b.labels, posture: 'Reactive' }];
  }
  d.set(t.id, key, b);
  return [];
}

/** Proactive windows that ended by `now`: fewer than `threshold` expected events → a fire. */
function checkEvent(t: EventTriggerSpec, d: Draft, now: string): Fire[] {
  if (t.posture !== 'Proactive') return [];
  const fires: Fire[] = [];
  for (const [key, b] of Object.entries(d.buckets[t.id] ?? {})) {
    if (b.start === null || !notBefore(now, plusSeconds(b.start, t.within))) continue;
    const end = plusSeconds(b.start, t.within);
    if (b.count < Math.max(1, t.threshold)) {
      fires.push({ triggerId: t.id, bucketKey: key, occasion: `window:${b.start}`, at: end, event: b.lastEvent, labels: b.labels, posture: 'Proactive' });
    }
    // After a window: a gated bucket waits for its next `after` event, an ungated one starts the next window.
    d.set(t.id, key, t.after.length > 0 ? undefined : { ...b, start: later(now, end) ? now : end, count: 0 });
  }
  return fires;
}

/** A composite collects its children's fires; it fires when enough (compound) or all in order (sequence) are in. */
function collect(t: CompoundTriggerSpec | SequenceTriggerSpec, d: Draft, childFires: Fire[], now: string): Fire[] {
  if (childFires.length === 0) return [];
  const fires: Fire[] = [];
  let fired = { ...(d.collected[t.id]?.fired ?? {}) };
  for (const f of childFires) {
    if (t.within !== null) {
      // Children's fires older than `within` no longer count.
      fired = Object.fromEntries(Object.entries(fired).filter(([, v]) => notBefore(plusSeconds(v.at, t.within!), f.at)));
    }
    if (t.type === 'sequence') {
      const index = t.triggers.findIndex((c) => c.id === f.triggerId);
      const previousIn = t.triggers.slice(0, index).every((c) => fired[c.id] !== undefined);
      if (!previousIn) continue;
    }
    fired[f.triggerId] = { at: f.at, event: f.event };
    const needed = t.type === 'sequence' ? t.triggers.length : t.require === 'all' ? t.triggers.length : t.require === 'any' ? 1 : t.require;
    const count = t.triggers.filter((c) => fired[c.id] !== undefined).length;
    if (count >= needed) {
      const occasion = t.triggers.map((c) => `${c.id}@${fired[c.id]?.event?.id ?? fired[c.id]?.at ?? ''}`).join(',');
      fires.push({ triggerId: t.id, bucketKey: '', occasion, at: f.at, event: f.event, labels: f.labels, posture: f.posture });
      fired = {};
    }
  }
  void now;
  d.collected[t.id] = { fired };
  if (Object.keys(fired).length === 0) delete d.collected[t.id];
  return fires;
}

function walkEvent(t: TriggerSpec, d: Draft, e: EngineEvent): Fire[] {
  switch (t.type) {
    case 'event':
      return evaluateEvent(t, d, e);
    case 'metric':
      return [];
    case 'compound':
    case 'sequence':
      return collect(t, d, t.triggers.flatMap((c) => walkEvent(c, d, e)), e.received);
    default: {
      const never: never = t;
      return never;
    }
  }
}

/**
 * A metric trigger fires once the metric has been out of bounds for `firing_for` seconds without a
 * break; it can fire again only after the metric came back in bounds. Its one bucket holds the
 * breach start (`start`) and whether this breach fired (`afterSeen`).
 */
function checkMetric(t: MetricTriggerSpec, d: Draft, now: string, breached: boolean | undefined): Fire[] {
  if (breached === undefined) return [];
  const key = '[]';
  const b = d.get(t.id, key);
  if (!breached) {
    d.set(t.id, key, undefined);
    return [];
  }
  const current = b ?? { ...fresh({}), start: now };
  if (!current.afterSeen && notBefore(now, plusSeconds(current.start!, t.metric.firing_for))) {
    d.set(t.id, key, { ...current, afterSeen: true });
    return [{ triggerId: t.id, bucketKey: key, occasion: `breach:${current.start}`, at: now, event: null, labels: {}, posture: 'Metric' }];
  }
  d.set(t.id, key, current);
  return [];
}

function walkClock(t: TriggerSpec, d: Draft, now: string, breaches: ReadonlyMap<string, boolean>): Fire[] {
  switch (t.type) {
    case 'event':
      return checkEvent(t, d, now);
    case 'metric':
      return checkMetric(t, d, now, breaches.get(t.id));
    case 'compound':
    case 'sequence':
      return collect(t, d, t.triggers.flatMap((c) => walkClock(c, d, now, breaches)), now);
    default: {
      const never: never = t;
      return never;
    }
  }
}

/** Feeds one event through the trigger tree; returns the new state and the root's fires. */
export function evaluateTriggerEvent(trigger: TriggerSpec, state: TriggerState, event: EngineEvent): { state: TriggerState; fires: Fire[] } {
  const d = new Draft(state);
  const fires = walkEvent(trigger, d, event);
  return { state: d.done(), fires };
}

/**
 * Checks proactive windows against `now`, and metric triggers against whether their metric is out of
 * bounds now (metric node id → breached, computed outside from the read models); returns the root's fires.
 */
export function evaluateTriggerClock(trigger: TriggerSpec, state: TriggerState, now: string, breaches: ReadonlyMap<string, boolean> = new Map()): { state: TriggerState; fires: Fire[] } {
  const d = new Draft(state);
  const fires = walkClock(trigger, d, now, breaches);
  return { state: d.done(), fires };
}

/** Whether the tree needs the clock (proactive or metric nodes). */
export function needsClock(t: TriggerSpec): boolean {
  if (t.type === 'event') return t.posture === 'Proactive';
  if (t.type === 'metric') return true;
  return t.triggers.some(needsClock);
}

/**
 * A proactive trigger without `after` and without `for_each` watches from the moment it is configured:
 * its one bucket starts then, not with a first event (that event may never come).
 */
export function openUngatedWindows(t: TriggerSpec, state: TriggerState, since: string): TriggerState {
  const d = new Draft(state);
  const visit = (n: TriggerSpec) => {
    if (n.type === 'event') {
      if (n.posture === 'Proactive' && n.after.length === 0 && n.for_each.length === 0 && !d.get(n.id, '[]')) d.set(n.id, '[]', { ...fresh({}), start: since });
    } else if (n.type !== 'metric') n.triggers.forEach(visit);
  };
  visit(t);
  return d.done();
}

/** Whether a metric value is out of bounds (the trigger's operator against its threshold); no value (no runs) is never a breach. */
export function metricBreached(t: MetricTriggerSpec, value: number | null): boolean {
  if (value === null) return false;
  switch (t.metric.operator) {
    case '<':
      return value < t.metric.threshold;
    case '<=':
      return value <= t.metric.threshold;
    case '>':
      return value > t.metric.threshold;
    case '>=':
      return value >= t.metric.threshold;
    default: {
      const never: never = t.metric.operator;
      return never;
    }
  }
}

/** The metric nodes of a tree. */
export function metricNodes(t: TriggerSpec): MetricTriggerSpec[] {
  if (t.type === 'metric') return [t];
  if (t.type === 'event') return [];
  return t.triggers.flatMap(metricNodes);
}
