/**
 * Prefect's own OSS server for side-by-side benchmarks: a pinned `prefect` in a venv under
 * test/bench/.venv-prefect (reused while its stamp matches), started on a loopback port with a
 * throw-away PREFECT_HOME and SQLite database, analytics and UI off, services on (the task-run
 * recorder and event persister are services: without them nothing would be stored).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { spawnServer, waitFor, type ServerProcess } from './run-lifecycle-procs';

const run = promisify(execFile);

/** The newest release on PyPI when this was written (`pip index versions prefect`). Pinned exactly. */
export const PREFECT_VERSION = '3.9.1';
const STAMP_FILE = '.praetor-bench-stamp.json';

/** The repository root: the nearest folder above the working directory or this file with test/bench in it. */
export function repoRoot(): string {
  for (const start of [process.cwd(), __dirname]) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'test', 'bench'))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  return process.cwd();
}

export function venvDir(): string {
  return process.env.BENCH_PREFECT_VENV ?? join(repoRoot(), 'test', 'bench', '.venv-prefect');
}

interface Stamp {
  prefect: string;
  python: string;
}

async function pythonVersion(python: string): Promise<string> {
  const { stdout, stderr } = await run(python, ['--version'], { timeout: 30_000 });
  return (stdout || stderr).trim();
}

/** The prefect version the venv's CLI reports, or undefined if it does not run. */
export async function installedPrefectVersion(venv = venvDir()): Promise<string | undefined> {
  const home = mkdtempSync(join(tmpdir(), 'praetor-bench-prefect-v-'));
  try {
    const { stdout } = await run(join(venv, 'bin', 'prefect'), ['--version'], { timeout: 120_000, env: cleanEnv({ PREFECT_HOME: home }) });
    return stdout.trim().split(/\s+/).pop();
  } catch {
    return undefined;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Makes sure test/bench/.venv-prefect holds prefect==PREFECT_VERSION. Reuses it when the stamp
 * (prefect version + interpreter version) matches; otherwise (re)installs. Bounded in time.
 */
export async function ensurePrefectVenv(log: (line: string) => void = (l) => console.log(l)): Promise<{ venv: string; prefect: string; python: string }> {
  const venv = venvDir();
  const python = process.env.BENCH_PYTHON ?? 'python3';
  const basePython = await pythonVersion(python);
  const want: Stamp = { prefect: PREFECT_VERSION, python: basePython };
  const stampPath = join(venv, STAMP_FILE);
  const venvPython = join(venv, 'bin', 'python');
  let stamp: Stamp | undefined;
  try {
    stamp = JSON.parse(readFileSync(stampPath, 'utf8')) as Stamp;
  } catch {
    stamp = undefined;
  }
  if (stamp?.prefect === want.prefect && stamp.python === want.python && existsSync(join(venv, 'bin', 'prefect'))) {
    return { venv, prefect: PREFECT_VERSION, python: basePython };
  }
  const venvUsable = existsSync(venvPython) && (await pythonVersion(venvPython).catch(() => '')) === basePython;
  if (!venvUsable) {
    log(`creating ${venv} (${basePython})`);
    rmSync(venv, { recursive: true, force: true });
    mkdirSync(dirname(venv), { recursive: true });
    await run(python, ['-m', 'venv', venv], { timeout: 300_000 });
  }
  log(`installing prefect==${PREFECT_VERSION} into ${venv} (first run only; takes a minute or two)`);
  await run(venvPython, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `prefect==${PREFECT_VERSION}`], {
    timeout: 15 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const got = await installedPrefectVersion(venv);
  if (got !== PREFECT_VERSION) throw new Error(`prefect in ${venv} reports version ${got ?? '(none)'}, expected ${PREFECT_VERSION}`);
  writeFileSync(stampPath, JSON.stringify(want, null, 2));
  return { venv, prefect: PREFECT_VERSION, python: basePython };
}

/** process.env without any PREFECT_* variable (a developer's profile must not leak in), plus `extra`. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PREFECT_')) env[k] = v;
  return { ...env, ...extra };
}

export interface PrefectServer {
  /** `http://127.0.0.1:PORT/api` */
  readonly api: string;
  readonly home: string;
  readonly process: ServerProcess;
  stop(): Promise<void>;
}

/**
 * `prefect server start --host 127.0.0.1 --port PORT` with its own PREFECT_HOME and SQLite file
 * in a temp folder. Resolves once `GET /api/health` answers; stops the server if it does not.
 */
export async function startPrefectServer(port: number, opts: { venv?: string; keepFiles?: boolean; startTimeoutMs?: number } = {}): Promise<PrefectServer> {
  const venv = opts.venv ?? venvDir();
  const home = mkdtempSync(join(tmpdir(), 'praetor-bench-prefect-'));
  const db = join(home, 'prefect.db');
  const url = `sqlite+aiosqlite:///${db}`;
  const env = cleanEnv({
    PREFECT_HOME: home,
    // 3.9 reads PREFECT_SERVER_DATABASE_CONNECTION_URL; PREFECT_API_DATABASE_CONNECTION_URL is its older alias.
    PREFECT_SERVER_DATABASE_CONNECTION_URL: url,
    PREFECT_API_DATABASE_CONNECTION_URL: url,
    PREFECT_SERVER_ANALYTICS_ENABLED: 'false',
    PREFECT_SERVER_UI_ENABLED: 'false',
    // WARNING keeps uvicorn's access log quiet but shows "database is locked" and the like.
    PREFECT_SERVER_LOGGING_LEVEL: 'WARNING',
    // Log the database errors behind its 503 "Service Unavailable" answers, so the report can name them.
    PREFECT_SERVER_LOG_RETRYABLE_ERRORS: 'true',
    PYTHONUNBUFFERED: '1',
  });
  const proc = spawnServer(join(venv, 'bin', 'prefect'), ['server', 'start', '--host', '127.0.0.1', '--port', String(port)], env, join(home, 'server.log'), home);
  const api = `http://127.0.0.1:${port}/api`;
  const stop = async () => {
    await proc.stop();
    if (!opts.keepFiles) rmSync(home, { recursive: true, force: true });
  };
  const healthy = await waitFor(
    async () => {
      const res = await fetch(`${api}/health`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      return res.ok;
    },
    opts.startTimeoutMs ?? 120_000,
    250,
    () => proc.hasExited(),
  );
  if (!healthy) {
    const out = proc.output().slice(-4000);
    await stop();
    throw new Error(`Prefect server did not become healthy on ${api}:\n${out}`);
  }
  return { api, home, process: proc, stop };
}
