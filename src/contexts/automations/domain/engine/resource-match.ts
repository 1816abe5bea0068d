import type { ResourceSpecification } from '../automation/automation-spec';

/** A Prefect event as the engine sees it (the stored event plus when the server received it). */
export interface EngineEvent {
  readonly id: string;
  readonly occurred: string;
  readonly received: string;
  readonly event: string;
  readonly resource: Readonly<Record<string, string>>;
  readonly related: readonly Readonly<Record<string, string>>[];
  readonly payload: Readonly<Record<string, unknown>>;
}

/** One expected value against a label value: `*` alone is anything, a trailing `*` a prefix. */
export function valueMatches(expected: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (expected === '*') return true;
  if (expected.endsWith('*')) return value.startsWith(expected.slice(0, -1));
  return value === expected;
}

/**
 * Prefect's ResourceSpecification.matches: labels combine with AND; of the values for one label the
 * plain ones combine with OR (one must match) and the `!`-prefixed ones must all fail to match.
 */
export function resourceMatches(spec: ResourceSpecification, resource: Readonly<Record<string, string>>): boolean {
  for (const [label, expected] of Object.entries(spec)) {
    const values = Array.isArray(expected) ? expected : [expected];
    const value = resource[label];
    const positive = values.filter((v) => !v.startsWith('!'));
    const negative = values.filter((v) => v.startsWith('!')).map((v) => v.slice(1));
    if (positive.length > 0 && !positive.some((v) => valueMatches(v, value))) return false;
    if (negative.some((v) => valueMatches(v, value))) return false;
  }
  return true;
}

/** `match_related`: every specification (an empty one trivially) must be met by some related resource. */
export function relatedMatches(spec: ResourceSpecification | readonly ResourceSpecification[], related: EngineEvent['related']): boolean {
  const specs = Array.isArray(spec) ? spec : [spec as ResourceSpecification];
  return specs.every((s) => Object.keys(s).length === 0 || related.some((r) => resourceMatches(s, r)));
}

/** Event names in `after`/`expect` match exactly or by a trailing `*`. */
export function eventNameMatches(patterns: readonly string[], name: string): boolean {
  return patterns.some((p) => valueMatches(p, name));
}

/**
 * The value of a `for_each` label: a label of the resource, or `related:<role>:<label>` for a label of
 * the first related resource with that role. Missing labels bucket as ''.
 */
export function labelValue(label: string, event: EngineEvent): string {
  if (label.startsWith('related:')) {
    const [, role, ...rest] = label.split(':');
    const name = rest.join(':');
    const r = event.related.find((x) => x['prefect.resource.role'] === role);
    return r?.[name] ?? '';
  }
  return event.resource[label] ?? '';
}
