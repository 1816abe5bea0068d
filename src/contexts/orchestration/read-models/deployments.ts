/** Read-model documents of deployments (collections and Prefect-shaped documents). */
export {};
