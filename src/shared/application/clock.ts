import { randomUUID } from 'node:crypto';

/** Time and ids come from outside the domain, so tests can pin them. */
export interface Clock {
  now(): Date;
}
export interface IdGenerator {
  uuid(): string;
}

export const CLOCK = Symbol('CLOCK');
export const ID_GENERATOR = Symbol('ID_GENERATOR');

export const systemClock: Clock = { now: () => new Date() };
export const randomIds: IdGenerator = { uuid: () => randomUUID() };
