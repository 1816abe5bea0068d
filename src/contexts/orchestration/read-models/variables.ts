/** Read-model documents of variables (collections and Prefect-shaped documents). */
export {};
