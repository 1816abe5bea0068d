/** Read-model documents of work-pools (collections and Prefect-shaped documents). */
export {};
