import type { IncomingMessage } from 'node:http';

export interface DefaultWorkspace {
  current: { readonly accountId: string; readonly workspaceId: string } | undefined;
}

/** First path segments under /api that are not workspace routes: they keep their own paths. */
const NOT_WORKSPACE = new Set(['accounts', 'me', 'health', 'ready', 'version', 'hello', 'workspace_scopes', 'users', 'auth']);

/**
 * OSS mode: the client's PREFECT_API_URL is `http://host:4200/api`, so workspace routes arrive as
 * `/api/flows/...`. They are served for the default workspace by rewriting them to the Cloud
 * layout before routing; authentication and the scope guard then apply exactly as in Cloud mode.
 */
export function ossLayoutRewriter(target: DefaultWorkspace): (req: IncomingMessage) => string {
  return (req) => {
    const url = req.url ?? '/';
    const ws = target.current;
    if (!ws || !url.startsWith('/api/')) return url;
    const first = url.slice(5).split(/[/?#]/, 1)[0]!;
    if (first === '' || NOT_WORKSPACE.has(first) || (first === 'admin' && /^\/api\/admin\/version(?:[/?#]|$)/.test(url))) return url;
    return `/api/accounts/${ws.accountId}/workspaces/${ws.workspaceId}${url.slice(4)}`;
  };
}
