import { Injectable } from '@nestjs/common';
import { CommandRunner } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { AlreadyExistsError, NotFoundError } from '../../../../shared/errors';
import { expectedRevisionOf, type Caller } from '../caller';
import { claimVariableName, variableNamesDecider, type VariableNamesCommand } from '../../domain/variable/variable-names';
import { validateVariableChanges, validateVariableName, validateVariableTags, validateVariableValue } from '../../domain/variable/variable-rules';
import { variableDecider, type VariableState } from '../../domain/variable/variable';

export interface VariableWritten {
  readonly variableId: string;
  readonly position: number | undefined;
}

/** The raw PATCH body: an absent key leaves the field alone, `"value": null` sets null. */
export interface VariableUpdateInput {
  readonly name?: unknown;
  readonly value?: unknown;
  readonly tags?: unknown;
}

export type VariableRef = { readonly id: string } | { readonly name: string };

/** Prefect Cloud: creating and editing need `write_variables`, deleting `manage_variables`. */
export const VARIABLE_PERMISSIONS = { write: 'write_variables', delete: 'manage_variables' } as const;

/** Claim attempts before answering 409; between two, the holder's claim is retired if it backs nothing. */
const CLAIM_ATTEMPTS = 4;

export const variableNamesStream = (workspaceId: string) => streamName('variableNames', workspaceId);
export const variableStream = (variableId: string) => streamName('variable', variableId);

/**
 * The variable use cases: the name protocol of variable.ts / variable-names.ts. A create or rename
 * claims the name in the workspace registry, then writes the variable; a rename or delete then
 * releases the old claim. A write on the variable's stream that fails after a claim gives the claim
 * back. Each step is its own command, authorized and recorded with the caller as actor.
 */
@Injectable()
export class VariableUseCases {
  constructor(private readonly runner: CommandRunner) {}

  private names(c: Caller, permission: string) {
    return { principal: c.principal, request: c.request, scope: c.scope, permission, decider: variableNamesDecider, stream: variableNamesStream(c.scope.workspaceId) };
  }

  private variable(c: Caller, permission: string, variableId: string) {
    return { principal: c.principal, request: c.request, scope: c.scope, permission, decider: variableDecider, stream: variableStream(variableId), ...expectedRevisionOf(c) };
  }

  async create(c: Caller, input: { readonly name: unknown; readonly value: unknown; readonly tags: unknown }): Promise<VariableWritten> {
    // 422 before anything is claimed.
    const name = validateVariableName(input.name);
    validateVariableValue(input.value);
    validateVariableTags(input.tags);
    const variableId = this.runner.uuid();
    const claimId = await this.claim(c, name, variableId);
    try {
      const r = await this.runner.run({
        ...this.variable(c, VARIABLE_PERMISSIONS.write, variableId),
        command: (now) => ({ type: 'CreateVariable' as const, data: { variableId, name, claimId, value: input.value, tags: input.tags, now } }),
      });
      return { variableId, position: r.position };
    } catch (err) {
      await this.releaseUnlessUsed(c, name, claimId, variableId);
      throw err;
    }
  }

  async update(c: Caller, ref: VariableRef, raw: VariableUpdateInput): Promise<VariableWritten> {
    const changes = validateVariableChanges(raw);
    const { variableId, expectedName } = await this.resolve(c, ref);
    let newClaim: { name: string; claimId: string } | null = null;
    if (changes.name !== undefined) {
      const current = await this.load(c, variableId);
      if (current.status !== 'active' || (expectedName !== null && current.name !== expectedName)) throw new NotFoundError('Variable not found.');
      if (current.name !== changes.name) newClaim = { name: changes.name, claimId: await this.claim(c, changes.name, variableId) };
    }
    let r;
    try {
      r = await this.runner.run({
        ...this.variable(c, VARIABLE_PERMISSIONS.write, variableId),
        command: (now) => ({ type: 'UpdateVariable' as const, data: { variableId, changes: raw, expectedName, newClaim, now } }),
      });
    } catch (err) {
      if (newClaim) await this.releaseUnlessUsed(c, newClaim.name, newClaim.claimId, variableId);
      throw err;
    }
    const renamed = r.events.find((e) => e.type === 'VariableUpdated' && e.data.rename !== null);
    if (renamed?.type === 'VariableUpdated' && renamed.data.rename) {
      await this.release(c, renamed.data.rename.previousName, renamed.data.rename.previousClaimId);
    } else if (newClaim && !(r.state.status === 'active' && r.state.claimId === newClaim.claimId)) {
      // The variable already had that name by the time the update ran: the new claim is not needed.
      await this.release(c, newClaim.name, newClaim.claimId);
    }
    return { variableId, position: r.position };
  }

  async delete(c: Caller, ref: VariableRef): Promise<VariableWritten> {
    const { variableId, expectedName } = await this.resolve(c, ref);
    const r = await this.runner.run({
      ...this.variable(c, VARIABLE_PERMISSIONS.delete, variableId),
      command: (now) => ({ type: 'DeleteVariable' as const, data: { variableId, expectedName, now } }),
    });
    const deleted = r.events[0];
    if (deleted?.type === 'VariableDeleted') await this.release(c, deleted.data.name, deleted.data.claimId, VARIABLE_PERMISSIONS.delete);
    return { variableId, position: r.position };
  }

  /**
   * Claims `name` for the variable. When another claim holds it, that claim's variable decides: it
   * refuses to abandon a claim backing its current name (409), else the dead claim is released and
   * the claim tried again.
   */
  private async claim(c: Caller, name: string, variableId: string): Promise<string> {
    const claimId = this.runner.uuid();
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      const r = await this.runner.runWithOutput({
        ...this.names(c, VARIABLE_PERMISSIONS.write),
        command: (now): VariableNamesCommand => ({ type: 'ClaimVariableName', data: { name, variableId, claimId, now } }),
        decideWith: (command, state) => claimVariableName(state, command as Extract<VariableNamesCommand, { type: 'ClaimVariableName' }>),
      });
      if ('claimed' in r.output) return r.output.claimed.claimId;
      // Retire a holder only when another claim attempt follows: whoever retires a claim then claims
      // the name itself or meets a newer, live claim, so a race always leaves one winner.
      if (attempt === CLAIM_ATTEMPTS - 1) break;
      const holder = r.output.heldBy;
      await this.runner.run({
        ...this.variable(c, VARIABLE_PERMISSIONS.write, holder.variableId),
        command: (now) => ({ type: 'AbandonVariableNameClaim' as const, data: { variableId: holder.variableId, claimId: holder.claimId, now } }),
      });
      await this.release(c, name, holder.claimId);
    }
    throw new AlreadyExistsError(`A variable named "${name}" already exists.`);
  }

  /**
   * Gives a claim back after a failed write, unless the write did land (an error after the append):
   * a claim that backs the variable's name must stay.
   */
  private async releaseUnlessUsed(c: Caller, name: string, claimId: string, variableId: string): Promise<void> {
    const state = await this.load(c, variableId);
    if (state.status === 'active' && state.claimId === claimId) return;
    await this.release(c, name, claimId);
  }

  private async release(c: Caller, name: string, claimId: string, permission: string = VARIABLE_PERMISSIONS.write): Promise<void> {
    await this.runner.run({
      ...this.names(c, permission),
      command: (now): VariableNamesCommand => ({ type: 'ReleaseVariableName', data: { name, claimId, now } }),
    });
  }

  /** A by-name reference resolves through the registry, the authority on names. */
  private async resolve(c: Caller, ref: VariableRef): Promise<{ variableId: string; expectedName: string | null }> {
    if ('id' in ref) return { variableId: ref.id, expectedName: null };
    await this.runner.authorize(c.principal, 'see_variables', c.scope);
    const { state } = await this.runner.deciders.load(variableNamesDecider, variableNamesStream(c.scope.workspaceId));
    const holder = Object.prototype.hasOwnProperty.call(state.names, ref.name) ? state.names[ref.name] : undefined;
    if (!holder) throw new NotFoundError('Variable not found.');
    return { variableId: holder.variableId, expectedName: ref.name };
  }

  /** The variable as its stream has it; a variable of another workspace reads as absent. */
  private async load(c: Caller, variableId: string): Promise<VariableState> {
    const { state, tenant, revision } = await this.runner.deciders.load(variableDecider, variableStream(variableId));
    if (revision >= 0 && (tenant?.accountId !== c.scope.accountId || tenant?.workspaceId !== c.scope.workspaceId)) return variableDecider.initialState();
    return state;
  }
}
