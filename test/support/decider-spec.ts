import assert from 'node:assert/strict';
import type { Command, Decider, DomainEvent, ErrorCode } from '../../src/shared';

/**
 * given(events).when(command).then(events) / .thenThrows(code) for pure deciders (STYLE rule 15).
 */
export function deciderSpec<S, C extends Command, E extends DomainEvent>(decider: Decider<S, C, E>) {
  return {
    given(history: readonly E[]) {
      return {
        when(command: C) {
          const run = () => decider.decide(command, history.reduce(decider.evolve, decider.initialState()));
          return {
            then(expected: readonly E[]) {
              assert.deepEqual(run(), expected);
            },
            thenNothing() {
              assert.deepEqual(run(), []);
            },
            thenThrows(code: ErrorCode, message?: RegExp) {
              assert.throws(run, (err: unknown) => {
                assert.equal((err as { code?: string }).code, code);
                if (message) assert.match((err as Error).message, message);
                return true;
              });
            },
          };
        },
      };
    },
  };
}
