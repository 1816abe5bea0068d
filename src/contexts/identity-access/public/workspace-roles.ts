/** What projections and other contexts may use from workspace-roles: event types and pure helpers. */
export {};
