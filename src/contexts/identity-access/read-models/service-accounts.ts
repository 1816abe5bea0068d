/** Read-model documents of service-accounts. */
export {};
