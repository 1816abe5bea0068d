/** Read-model documents of workspace-roles. */
export {};
