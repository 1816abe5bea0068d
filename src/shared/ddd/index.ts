export * from './message';
export * from './decider';
export * from './streams';
