/**
 * GraphQL filter inputs (schema/orchestration.graphql) translated to Prefect's filter bodies, so the REST filter
 * compilers (RunQueries, DeploymentQueries, ArtifactQueries, the block and variable filters) compile them to the
 * same read-store filters REST uses. Nothing here builds a read-store filter itself.
 */
type Json = Record<string, unknown>;

export interface IdFilterInput {
  readonly any?: readonly string[] | null;
  readonly notAny?: readonly string[] | null;
}
export interface StringFilterInput {
  readonly any?: readonly string[] | null;
  readonly like?: string | null;
  readonly startsWith?: readonly string[] | null;
}
export interface FlowRunFilterInput {
  readonly id?: IdFilterInput | null;
  readonly name?: StringFilterInput | null;
  readonly state?: { readonly type?: readonly string[] | null; readonly name?: readonly string[] | null } | null;
  readonly tags?: readonly string[] | null;
  readonly flowId?: IdFilterInput | null;
  readonly flowName?: StringFilterInput | null;
  readonly deploymentId?: IdFilterInput | null;
  readonly workPoolName?: readonly string[] | null;
  readonly workQueueName?: readonly string[] | null;
  readonly parentTaskRunId?: IdFilterInput | null;
  readonly expectedStartTimeAfter?: string | null;
  readonly expectedStartTimeBefore?: string | null;
  readonly startTimeAfter?: string | null;
  readonly startTimeBefore?: string | null;
}
export interface FlowFilterInput {
  readonly id?: IdFilterInput | null;
  readonly name?: StringFilterInput | null;
  readonly tags?: readonly string[] | null;
}
export interface DeploymentFilterInput {
  readonly id?: IdFilterInput | null;
  readonly name?: StringFilterInput | null;
  readonly paused?: boolean | null;
  readonly tags?: readonly string[] | null;
  readonly flowId?: IdFilterInput | null;
  readonly workPoolName?: readonly string[] | null;
}
export interface WorkPoolFilterInput {
  readonly name?: StringFilterInput | null;
  readonly type?: readonly string[] | null;
}
export interface BlockDocumentFilterInput {
  readonly name?: StringFilterInput | null;
  readonly blockTypeSlug?: readonly string[] | null;
  readonly includeAnonymous?: boolean | null;
}
export interface VariableFilterInput {
  readonly name?: StringFilterInput | null;
  readonly tags?: readonly string[] | null;
}
export interface ArtifactFilterInput {
  readonly key?: StringFilterInput | null;
  readonly type?: readonly string[] | null;
  readonly flowRunId?: IdFilterInput | null;
  readonly taskRunId?: IdFilterInput | null;
}

/** Keeps the keys whose value is set; undefined when nothing is. */
function present(o: Json): Json | undefined {
  const out = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
  return Object.keys(out).length > 0 ? out : undefined;
}

const lower = (ids: readonly string[] | null | undefined) => ids?.map((id) => id.toLowerCase());

export const idFilter = (f: IdFilterInput | null | undefined): Json | undefined => (f ? present({ any_: lower(f.any), not_any_: lower(f.notAny) }) : undefined);
export const stringFilter = (f: StringFilterInput | null | undefined): Json | undefined => (f ? present({ any_: f.any, like_: f.like, startswith_: f.startsWith }) : undefined);
const anyOf = (values: readonly string[] | null | undefined): Json | undefined => (values ? { any_: values } : undefined);
const allOf = (values: readonly string[] | null | undefined): Json | undefined => (values ? { all_: values } : undefined);
const between = (after: string | null | undefined, before: string | null | undefined): Json | undefined => present({ after_: after, before_: before });

/** A FlowRunFilter as Prefect's `/flow_runs/filter` body (`flow_runs` and the `flows` join). */
export function flowRunBody(f: FlowRunFilterInput | null | undefined): Json {
  if (!f) return {};
  const state = f.state ? present({ type: anyOf(f.state.type), name: anyOf(f.state.name) }) : undefined;
  const flowRuns = present({
    id: idFilter(f.id),
    name: stringFilter(f.name),
    state,
    tags: allOf(f.tags),
    flow_id: idFilter(f.flowId),
    deployment_id: idFilter(f.deploymentId),
    work_pool_name: anyOf(f.workPoolName),
    work_queue_name: anyOf(f.workQueueName),
    parent_task_run_id: idFilter(f.parentTaskRunId),
    expected_start_time: between(f.expectedStartTimeAfter, f.expectedStartTimeBefore),
    start_time: between(f.startTimeAfter, f.startTimeBefore),
  });
  const flows = f.flowName ? present({ name: stringFilter(f.flowName) }) : undefined;
  return present({ flow_runs: flowRuns, flows }) ?? {};
}

export function flowBody(f: FlowFilterInput | null | undefined): Json {
  if (!f) return {};
  return present({ flows: present({ id: idFilter(f.id), name: stringFilter(f.name), tags: allOf(f.tags) }) }) ?? {};
}

export function deploymentBody(f: DeploymentFilterInput | null | undefined): Json {
  if (!f) return {};
  return (
    present({
      deployments: present({ id: idFilter(f.id), name: stringFilter(f.name), paused: typeof f.paused === 'boolean' ? { eq_: f.paused } : undefined, tags: allOf(f.tags) }),
      flows: f.flowId ? { id: idFilter(f.flowId) } : undefined,
      work_pools: f.workPoolName ? { name: anyOf(f.workPoolName) } : undefined,
    }) ?? {}
  );
}

/** The `work_pools` object of a `/work_pools/filter` body. */
export function workPoolFilterBody(f: WorkPoolFilterInput | null | undefined): Json | undefined {
  if (!f) return undefined;
  return present({ name: stringFilter(f.name), type: anyOf(f.type) });
}

/** The `block_documents` and `block_types` objects of a `/block_documents/filter` body. */
export function blockDocumentBody(f: BlockDocumentFilterInput | null | undefined): { block_documents: Json | undefined; block_types: Json | undefined } {
  if (!f) return { block_documents: undefined, block_types: undefined };
  return {
    // REST leaves anonymous documents out unless `is_anonymous` is given; `eq_: null` means "either".
    block_documents: present({ name: stringFilter(f.name), is_anonymous: f.includeAnonymous ? { eq_: null } : undefined }),
    block_types: f.blockTypeSlug ? { slug: anyOf(f.blockTypeSlug) } : undefined,
  };
}

/** The `variables` object of a `/variables/filter` body. */
export function variableFilterBody(f: VariableFilterInput | null | undefined): Json | undefined {
  if (!f) return undefined;
  return present({ name: stringFilter(f.name), tags: allOf(f.tags) });
}

export function artifactBody(f: ArtifactFilterInput | null | undefined): Json {
  if (!f) return {};
  return present({ artifacts: present({ key: stringFilter(f.key), type: anyOf(f.type), flow_run_id: idFilter(f.flowRunId), task_run_id: idFilter(f.taskRunId) }) }) ?? {};
}
