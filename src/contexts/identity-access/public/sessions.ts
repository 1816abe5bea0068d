// The public surface of this feature, re-exported by index.ts.
export {};
