export * from './ddd';
export * from './errors';
