import type { Decider } from '../../../../shared/ddd';
import { ConflictError, NotFoundError, ValidationError } from '../../../../shared/errors';
import { jsonEqual, type JsonObject, type JsonValue } from '../common/json';
import { validateObjectName, type Labels } from '../flow/flow';

/**
 * A deployment (prefect-api.md §4.1, §6.5): one stream per (flow, name), so Prefect's upsert is a
 * command on one stream. Its schedules live inside it; every event carries the whole schedule list
 * when it changes and the `schedule_generation` after the event, so replays are deterministic.
 */

/** One of Prefect's three schedule kinds, told apart by their key (already validated and normalised). */
export type ScheduleSpec =
  | { readonly interval: number; readonly anchor_date: string; readonly timezone: string | null }
  | { readonly cron: string; readonly timezone: string | null; readonly day_or: boolean }
  | { readonly rrule: string; readonly timezone: string | null };

export interface DeploymentSchedule {
  readonly id: string;
  readonly created: string;
  readonly updated: string;
  readonly schedule: ScheduleSpec;
  readonly active: boolean;
  readonly max_scheduled_runs: number | null;
  readonly parameters: JsonObject;
  readonly slug: string | null;
}

/** A schedule to create: its id is chosen by the caller, unless its slug names an existing schedule. */
export interface ScheduleInput {
  readonly id: string;
  readonly schedule: ScheduleSpec;
  readonly active: boolean;
  readonly max_scheduled_runs: number | null;
  readonly parameters: JsonObject;
  readonly slug: string | null;
}

/** Prefect's DeploymentScheduleUpdate: absent keys stay; `replaces` renames a slug. */
export interface SchedulePatch {
  /** The id a schedule gets if this patch creates one. */
  readonly id: string;
  readonly schedule?: ScheduleSpec;
  readonly active?: boolean;
  readonly max_scheduled_runs?: number | null;
  readonly parameters?: JsonObject;
  readonly slug?: string | null;
  readonly replaces?: string | null;
}

export type CollisionStrategy = 'ENQUEUE' | 'CANCEL_NEW';

export interface ConcurrencyOptions {
  readonly collision_strategy: CollisionStrategy;
  readonly grace_period_seconds: number | null;
}

/** Everything a client sets on a deployment. */
export interface DeploymentSettings {
  readonly name: string;
  readonly flow_id: string;
  readonly version: string | null;
  readonly version_info: JsonObject | null;
  readonly description: string | null;
  readonly paused: boolean;
  readonly parameters: JsonObject;
  readonly parameter_openapi_schema: JsonObject | null;
  readonly enforce_parameter_schema: boolean;
  readonly tags: readonly string[];
  readonly labels: Labels;
  readonly work_queue_name: string | null;
  readonly work_queue_id: string | null;
  readonly work_pool_name: string | null;
  readonly work_pool_id: string | null;
  readonly job_variables: JsonObject;
  readonly concurrency_limit: number | null;
  readonly concurrency_options: ConcurrencyOptions | null;
  /** The backing global (v2) concurrency limit when `concurrency_limit` is set. */
  readonly global_concurrency_limit_id: string | null;
  readonly pull_steps: readonly JsonValue[] | null;
  readonly path: string | null;
  readonly entrypoint: string | null;
  readonly storage_document_id: string | null;
  readonly infrastructure_document_id: string | null;
}

export type DeploymentChanges = Partial<Omit<DeploymentSettings, 'name' | 'flow_id'>>;

export const DEFAULT_SETTINGS: Omit<DeploymentSettings, 'name' | 'flow_id'> = {
  version: null,
  version_info: null,
  description: null,
  paused: false,
  parameters: {},
  parameter_openapi_schema: { type: 'object', properties: {} },
  enforce_parameter_schema: true,
  tags: [],
  labels: {},
  work_queue_name: null,
  work_queue_id: null,
  work_pool_name: null,
  work_pool_id: null,
  job_variables: {},
  concurrency_limit: null,
  concurrency_options: null,
  global_concurrency_limit_id: null,
  pull_steps: null,
  path: null,
  entrypoint: null,
  storage_document_id: null,
  infrastructure_document_id: null,
};

/** Settings whose change changes the runs the scheduler keeps (see DeploymentDoc.schedule_generation). */
const SCHEDULING_FIELDS = ['paused', 'parameters', 'tags', 'labels', 'job_variables', 'work_queue_name', 'work_queue_id', 'work_pool_name', 'work_pool_id'] as const;

export type DeploymentEvent =
  | {
      readonly type: 'DeploymentCreated';
      readonly data: { readonly deploymentId: string; readonly settings: DeploymentSettings; readonly schedules: readonly DeploymentSchedule[]; readonly schedule_generation: number; readonly createdAt: string };
    }
  | {
      readonly type: 'DeploymentUpdated';
      readonly data: {
        readonly deploymentId: string;
        /** Only the settings that changed. */
        readonly changes: DeploymentChanges;
        /** Their values before the change (for Prefect's `prefect.deployment.updated` payload). */
        readonly previous: DeploymentChanges;
        /** The whole schedule list, present only when it changed. */
        readonly schedules?: readonly DeploymentSchedule[];
        readonly schedule_generation: number;
        readonly updatedAt: string;
      };
    }
  | {
      readonly type: 'DeploymentDeleted';
      /** What the deployment was, for those that describe the deletion (Prefect's `prefect.deployment.deleted`). */
      readonly data: { readonly deploymentId: string; readonly name: string; readonly flow_id: string; readonly work_queue_id: string | null; readonly deletedAt: string };
    };

export type DeploymentCommand =
  /** `POST /deployments/`: `settings` holds only the keys the client set; schedules replace the list. */
  | { readonly type: 'UpsertDeployment'; readonly data: { readonly deploymentId: string; readonly settings: Partial<DeploymentSettings> & Pick<DeploymentSettings, 'name' | 'flow_id'>; readonly schedules: readonly ScheduleInput[]; readonly now: string } }
  /** `PATCH /deployments/{id}` (and pause/resume): `schedules` given → Prefect's slug-matching update. */
  | { readonly type: 'UpdateDeployment'; readonly data: { readonly changes: DeploymentChanges; readonly schedules?: readonly SchedulePatch[]; readonly now: string } }
  | { readonly type: 'DeleteDeployment'; readonly data: { readonly now: string } }
  | { readonly type: 'AddDeploymentSchedules'; readonly data: { readonly schedules: readonly ScheduleInput[]; readonly now: string } }
  | { readonly type: 'UpdateDeploymentSchedule'; readonly data: { readonly scheduleId: string; readonly patch: Omit<SchedulePatch, 'id' | 'replaces'>; readonly now: string } }
  | { readonly type: 'DeleteDeploymentSchedule'; readonly data: { readonly scheduleId: string; readonly now: string } };

export type DeploymentState =
  | { readonly status: 'absent' }
  | { readonly status: 'active'; readonly deploymentId: string; readonly settings: DeploymentSettings; readonly schedules: readonly DeploymentSchedule[]; readonly generation: number }
  /** The generation survives deletion: a deployment created again on the same stream never reuses run ids. */
  | { readonly status: 'deleted'; readonly deploymentId: string; readonly generation: number };

type Active = Extract<DeploymentState, { status: 'active' }>;

const scheduleContent = (s: DeploymentSchedule | ScheduleInput) => ({ schedule: s.schedule, active: s.active, max_scheduled_runs: s.max_scheduled_runs, parameters: s.parameters, slug: s.slug });

function sameSchedules(a: readonly DeploymentSchedule[], b: readonly DeploymentSchedule[]): boolean {
  return a.length === b.length && a.every((s, i) => s.id === b[i]!.id && jsonEqual(scheduleContent(s), scheduleContent(b[i]!)));
}

function requireUniqueSlugs(schedules: readonly { slug: string | null }[], error: (slug: string) => Error): void {
  const seen = new Set<string>();
  for (const s of schedules) {
    if (s.slug === null) continue;
    if (seen.has(s.slug)) throw error(s.slug);
    seen.add(s.slug);
  }
}

const slugError = (slug: string) => new ValidationError(`Schedule slugs must be unique within a deployment; "${slug}" is given twice.`);
const slugConflict = () => new ConflictError('Schedule slugs must be unique within a deployment.');

/**
 * New schedules replacing the list; one whose slug names an existing schedule keeps its id and
 * creation time, and so does a slugless one identical to an existing slugless schedule (so that
 * re-sending the same list is no change).
 */
function replaceSchedules(existing: readonly DeploymentSchedule[], inputs: readonly ScheduleInput[], now: string): DeploymentSchedule[] {
  requireUniqueSlugs(inputs, slugError);
  const bySlug = new Map(existing.filter((s) => s.slug !== null).map((s) => [s.slug!, s]));
  const unclaimed = existing.filter((s) => s.slug === null);
  return inputs.map((input) => {
    if (input.slug === null) {
      const i = unclaimed.findIndex((s) => jsonEqual(scheduleContent(s), scheduleContent(input)));
      if (i >= 0) return unclaimed.splice(i, 1)[0]!;
    }
    const match = input.slug === null ? undefined : bySlug.get(input.slug);
    if (match && jsonEqual(scheduleContent(match), scheduleContent(input))) return match;
    return { ...scheduleContent(input), id: match?.id ?? input.id, created: match?.created ?? now, updated: now };
  });
}

function patchSchedule(s: DeploymentSchedule, patch: Omit<SchedulePatch, 'id' | 'replaces'>, now: string): DeploymentSchedule {
  const next = {
    ...s,
    ...(patch.schedule !== undefined ? { schedule: patch.schedule } : {}),
    ...(patch.active !== undefined ? { active: patch.active } : {}),
    ...(patch.max_scheduled_runs !== undefined ? { max_scheduled_runs: patch.max_scheduled_runs } : {}),
    ...(patch.parameters !== undefined ? { parameters: patch.parameters } : {}),
    ...(patch.slug !== undefined ? { slug: patch.slug } : {}),
  };
  return jsonEqual(scheduleContent(next), scheduleContent(s)) ? s : { ...next, updated: now };
}

function fromPatch(p: SchedulePatch, now: string): DeploymentSchedule {
  if (p.schedule === undefined) throw new ValidationError('Unable to create new deployment schedules without a schedule configuration.');
  return { id: p.id, created: now, updated: now, schedule: p.schedule, active: p.active ?? true, max_scheduled_runs: p.max_scheduled_runs ?? null, parameters: p.parameters ?? {}, slug: p.slug ?? null };
}

/**
 * PATCH's schedule list, as Prefect applies it: when every existing and every given schedule has a
 * slug, the given ones update their match (by `replaces`, else by slug) or are added, and the others
 * stay; when existing ones all have slugs but a given one lacks one, 422; otherwise the list is
 * replaced (keeping the id of a schedule whose slug matches).
 */
function patchSchedules(existing: readonly DeploymentSchedule[], patches: readonly SchedulePatch[], now: string): DeploymentSchedule[] {
  const allGivenHaveSlugs = patches.every((p) => typeof p.slug === 'string');
  const allExistingHaveSlugs = existing.length > 0 && existing.every((s) => s.slug !== null);
  if (allExistingHaveSlugs && !allGivenHaveSlugs) {
    throw new ValidationError('Please provide a slug for each schedule in your request to ensure schedules are updated correctly.');
  }
  if (!allExistingHaveSlugs) {
    const inputs = patches.filter((p) => p.schedule !== undefined).map((p) => ({ ...fromPatch(p, now) }));
    return replaceSchedules(existing, inputs, now);
  }
  const replaced = new Map<string, string>();
  for (const p of patches) {
    if (!p.replaces) continue;
    if (replaced.has(p.replaces)) throw new ValidationError(`Multiple schedules have 'replaces' targeting the same slug: ${p.replaces}`);
    replaced.set(p.replaces, p.slug ?? '');
  }
  const currentSlugs = new Set(existing.map((s) => s.slug!));
  let next = [...existing];
  for (const p of patches) {
    if (p.replaces && p.slug && currentSlugs.has(p.slug) && !replaced.has(p.slug)) {
      throw new ValidationError(`Cannot rename schedule from '${p.replaces}' to '${p.slug}': a schedule with slug '${p.slug}' already exists.`);
    }
    const target = p.replaces || p.slug!;
    const i = next.findIndex((s) => s.slug === target);
    if (i >= 0) {
      const { id: _id, replaces: _replaces, ...patch } = p;
      next[i] = patchSchedule(next[i]!, patch, now);
    } else {
      next = [...next, fromPatch(p, now)];
    }
  }
  requireUniqueSlugs(next, slugError);
  return next;
}

function changedSettings(current: DeploymentSettings, wanted: DeploymentChanges): DeploymentChanges {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(wanted)) {
    if (v === undefined) continue;
    if (!jsonEqual((current as unknown as Record<string, unknown>)[k], v)) out[k] = v;
  }
  return out as DeploymentChanges;
}

function schedulingChanged(changes: DeploymentChanges, schedulesChanged: boolean): boolean {
  return schedulesChanged || SCHEDULING_FIELDS.some((k) => changes[k] !== undefined);
}

/** The event for a change to an active deployment, or nothing when nothing changes. */
function updated(state: Active, changes: DeploymentChanges, schedules: readonly DeploymentSchedule[], now: string): DeploymentEvent[] {
  const schedulesChanged = !sameSchedules(state.schedules, schedules);
  if (Object.keys(changes).length === 0 && !schedulesChanged) return [];
  return [
    {
      type: 'DeploymentUpdated',
      data: {
        deploymentId: state.deploymentId,
        changes,
        previous: Object.fromEntries(Object.keys(changes).map((k) => [k, (state.settings as unknown as Record<string, unknown>)[k]])) as DeploymentChanges,
        ...(schedulesChanged ? { schedules } : {}),
        schedule_generation: state.generation + (schedulingChanged(changes, schedulesChanged) ? 1 : 0),
        updatedAt: now,
      },
    },
  ];
}

function validateSettings<T extends Partial<DeploymentSettings>>(s: T): T {
  if (s.name !== undefined) validateObjectName('Deployment', s.name);
  if (s.concurrency_limit !== undefined && s.concurrency_limit !== null && (!Number.isInteger(s.concurrency_limit) || s.concurrency_limit < 1)) {
    throw new ValidationError('concurrency_limit must be a positive integer');
  }
  return s;
}

function active(state: DeploymentState): Active {
  if (state.status !== 'active') throw new NotFoundError('Deployment not found.');
  return state;
}

export const deploymentDecider: Decider<DeploymentState, DeploymentCommand, DeploymentEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve(state, event) {
    switch (event.type) {
      case 'DeploymentCreated':
        return { status: 'active', deploymentId: event.data.deploymentId, settings: event.data.settings, schedules: event.data.schedules, generation: event.data.schedule_generation };
      case 'DeploymentUpdated':
        if (state.status !== 'active') return state;
        return {
          ...state,
          settings: { ...state.settings, ...event.data.changes },
          schedules: event.data.schedules ?? state.schedules,
          generation: event.data.schedule_generation,
        };
      case 'DeploymentDeleted':
        return state.status === 'active' ? { status: 'deleted', deploymentId: state.deploymentId, generation: state.generation } : state;
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'UpsertDeployment': {
        const c = command.data;
        validateSettings(c.settings);
        if (state.status === 'active') {
          const { name: _name, flow_id: _flow, ...wanted } = c.settings;
          return updated(state, changedSettings(state.settings, wanted), replaceSchedules(state.schedules, c.schedules, c.now), c.now);
        }
        const settings: DeploymentSettings = { ...DEFAULT_SETTINGS, ...(Object.fromEntries(Object.entries(c.settings).filter(([, v]) => v !== undefined)) as Partial<DeploymentSettings>), name: c.settings.name, flow_id: c.settings.flow_id };
        const generation = state.status === 'deleted' ? state.generation + 1 : 1;
        return [{ type: 'DeploymentCreated', data: { deploymentId: c.deploymentId, settings, schedules: replaceSchedules([], c.schedules, c.now), schedule_generation: generation, createdAt: c.now } }];
      }
      case 'UpdateDeployment': {
        const s = active(state);
        const c = command.data;
        validateSettings(c.changes);
        const schedules = c.schedules === undefined ? s.schedules : patchSchedules(s.schedules, c.schedules, c.now);
        return updated(s, changedSettings(s.settings, c.changes), schedules, c.now);
      }
      case 'DeleteDeployment': {
        const s = active(state);
        const { name, flow_id, work_queue_id } = s.settings;
        return [{ type: 'DeploymentDeleted', data: { deploymentId: s.deploymentId, name, flow_id, work_queue_id, deletedAt: command.data.now } }];
      }
      case 'AddDeploymentSchedules': {
        const s = active(state);
        const c = command.data;
        const added = c.schedules.map((i): DeploymentSchedule => ({ ...scheduleContent(i), id: i.id, created: c.now, updated: c.now }));
        const next = [...s.schedules, ...added];
        requireUniqueSlugs(next, slugConflict);
        return updated(s, {}, next, c.now);
      }
      case 'UpdateDeploymentSchedule': {
        const s = active(state);
        const c = command.data;
        const i = s.schedules.findIndex((x) => x.id === c.scheduleId);
        if (i < 0) throw new NotFoundError('Schedule not found.');
        const next = s.schedules.map((x, j) => (j === i ? patchSchedule(x, c.patch, c.now) : x));
        requireUniqueSlugs(next, slugConflict);
        return updated(s, {}, next, c.now);
      }
      case 'DeleteDeploymentSchedule': {
        const s = active(state);
        const c = command.data;
        if (!s.schedules.some((x) => x.id === c.scheduleId)) throw new NotFoundError('Schedule not found.');
        return updated(s, {}, s.schedules.filter((x) => x.id !== c.scheduleId), c.now);
      }
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};
