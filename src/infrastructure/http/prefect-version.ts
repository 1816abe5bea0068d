/** The Prefect server version Praetor answers as: the client checks that majors match (prefect-api.md §1.4). */
export const PREFECT_SERVER_VERSION = '3.9.1';
/** Prefect's REST API version (`GET /version`). */
export const PREFECT_API_VERSION = '0.8.4';
