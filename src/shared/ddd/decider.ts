import type { Command, DomainEvent } from './message';

/**
 * A decider is the whole behaviour of one aggregate: pure functions, no I/O, no clock.
 * `decide` returns the events a command produces (possibly none: repeated commands are harmless)
 * or throws a DomainError.
 */
export interface Decider<S, C extends Command, E extends DomainEvent> {
  readonly initialState: () => S;
  readonly evolve: (state: S, event: E) => S;
  readonly decide: (command: C, state: S) => readonly E[];
}

export function fold<S, E extends DomainEvent>(decider: Pick<Decider<S, never, E>, 'initialState' | 'evolve'>, events: readonly E[]): S {
  return events.reduce(decider.evolve, decider.initialState());
}
