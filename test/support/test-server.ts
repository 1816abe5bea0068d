import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allProjections } from '../../projections';
import { loadConfig, type AppConfig } from '../../src/config/config';
import { createLogger } from '../../src/infrastructure/observability/logger';
import { startServer, type Server } from '../../src/server';

export interface TestServer {
  readonly server: Server;
  readonly config: AppConfig;
  /** `http://127.0.0.1:PORT/api` */
  readonly api: string;
  /** The workspace's API URL. */
  readonly workspaceApi: string;
  readonly apiKey: string;
  readonly dataDir: string;
  fetch(path: string, init?: RequestInit & { key?: string | null }): Promise<Response>;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** A real server in this process on real embedded stores in a temp folder, on a random port. */
export async function startTestServer(env: Record<string, string> = {}, dataDir?: string): Promise<TestServer> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'praetor-test-'));
  // The production adapters are chosen the way the server chooses them: by MONGODB_URL / EVENTSTORE_URL.
  // Each server gets its own database, so test files running side by side never share read models.
  const stores = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => v && ['MONGODB_URL', 'EVENTSTORE_URL'].includes(k))) as Record<string, string>;
  if (stores.MONGODB_URL) stores.MONGODB_DB = `praetor_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const config = { ...loadConfig({ PRAETOR_DATA_DIR: dir, PRAETOR_LOG_LEVEL: 'silent', ...stores, ...env }), port: 0 };
  const server = await startServer(config, createLogger(config.logLevel), allProjections);
  const api = `${server.url}/api`;
  const { ids, apiKey } = server.installation;
  const key = apiKey ?? env.PRAETOR_BOOTSTRAP_API_KEY ?? '';
  return {
    server,
    config,
    api,
    workspaceApi: `${api}/accounts/${ids.accountId}/workspaces/${ids.workspaceId}`,
    apiKey: key,
    dataDir: dir,
    fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      const k = init.key === undefined ? key : init.key;
      if (k !== null && !headers.has('authorization')) headers.set('authorization', `Bearer ${k}`);
      return fetch(path.startsWith('http') ? path : `${api}${path}`, { ...init, headers });
    },
    async stop(options = {}) {
      await server.close();
      if (!options.keepData && !dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
