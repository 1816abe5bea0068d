import { ValidationError } from '../../../../shared/errors';

/**
 * GraphQL arguments turned into the REST request bodies (snake_case), so a mutation is parsed by the very parser of
 * its REST route and meets the same validation. GraphQL leaves an input field out when the caller did, so "absent"
 * and "null" stay apart as in a JSON body.
 */
type Args = Record<string, unknown>;

const pick = (from: Args, map: Record<string, string>): Args => Object.fromEntries(Object.entries(map).filter(([k]) => k in from).map(([k, rest]) => [rest, from[k]]));

/** `runDeployment` → DeploymentFlowRunCreate. */
export function deploymentRunBody(args: Args): Args {
  const body = pick(args, {
    parameters: 'parameters',
    idempotencyKey: 'idempotency_key',
    name: 'name',
    tags: 'tags',
    jobVariables: 'job_variables',
    workQueueName: 'work_queue_name',
    enforceParameterSchema: 'enforce_parameter_schema',
  });
  const at = args.scheduledStartTime;
  if (at !== undefined && at !== null) body.state = { type: 'SCHEDULED', name: 'Scheduled', state_details: { scheduled_time: at } };
  return body;
}

/** `createBlockDocument` → BlockDocumentCreate. */
export function blockDocumentCreateBody(input: Args): Args {
  return pick(input, { name: 'name', data: 'data', blockSchemaId: 'block_schema_id', blockTypeId: 'block_type_id', isAnonymous: 'is_anonymous' });
}

/** `updateBlockDocument` → BlockDocumentUpdate. */
export function blockDocumentUpdateBody(input: Args): Args {
  return pick(input, { data: 'data', blockSchemaId: 'block_schema_id', mergeExistingData: 'merge_existing_data' });
}

/** `createVariable` → VariableCreate: `value` is required, and null is a value (as REST). */
export function variableCreateBody(input: Args): { name: unknown; value: unknown; tags: unknown } {
  if (!('value' in input)) throw new ValidationError('value is required');
  return { name: input.name, value: input.value, tags: input.tags };
}

/** `updateVariable` → VariableUpdate: only the keys sent. */
export function variableUpdateBody(input: Args): { name?: unknown; value?: unknown; tags?: unknown } {
  return pick(input, { name: 'name', value: 'value', tags: 'tags' });
}
