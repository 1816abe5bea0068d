/** Read-model documents of blocks (collections and Prefect-shaped documents). */
export {};
