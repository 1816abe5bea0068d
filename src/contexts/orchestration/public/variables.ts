/** What the projections and other contexts may use from variables: event types and pure helpers. */
export {};
