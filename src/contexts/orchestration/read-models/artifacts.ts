/** Read-model documents of artifacts (collections and Prefect-shaped documents). */
export {};
