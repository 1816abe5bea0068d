/** What the projections and other contexts may use from scheduling: event types and pure helpers. */
export {};
