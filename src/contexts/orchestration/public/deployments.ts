/** What the projections and other contexts may use from deployments: event types and pure helpers. */
export {};
