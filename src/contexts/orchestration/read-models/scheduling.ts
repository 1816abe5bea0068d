/** Read-model documents of scheduling (collections and Prefect-shaped documents). */
export {};
