export * from './principal';
export * from './authorizer';
export * from './event-metadata';
export * from './decider-command-handler';
export * from './authenticator';
export * from './clock';
export * from './command-runner';
export * from './ids';
