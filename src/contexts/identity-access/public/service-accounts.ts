/** What projections and other contexts may use from service-accounts: event types and pure helpers. */
export {};
