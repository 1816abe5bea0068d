/** What the projections and other contexts may use from artifacts: event types and pure helpers. */
export {};
