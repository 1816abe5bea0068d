/** A sample event for projections/projections.spec.ts: [stream, type, data]; metadata is account a1, workspace w1, actor u1. */
export type SampleEvent = readonly [stream: string, type: string, data: unknown];
