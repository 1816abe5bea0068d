/** What the projections and other contexts may use from blocks: event types and pure helpers. */
export {};
