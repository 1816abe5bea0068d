import type { SampleEvent } from './sample-event';

/** Sample events with the real shapes, for the projections spec (every projection must build a document from them). */
export const oidcSamples: SampleEvent[] = [];
