export * from './message';
export * from './decider';
export * from './streams';
export * from './recorded-event';
export * from './projection';
export * from './micro-time';
