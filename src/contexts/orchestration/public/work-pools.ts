/** What the projections and other contexts may use from work-pools: event types and pure helpers. */
export {};
