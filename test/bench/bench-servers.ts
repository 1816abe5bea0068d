/**
 * The servers of the side-by-side benchmarks (run-lifecycle.ts, deployments.ts): Prefect's own server
 * (prefect-server.ts) and Praetor as a child process, each started on a loopback port and addressed as a
 * `Target`; the versions for the report; the server log's warning/error lines and the stop at the end; and the
 * process around a benchmark's `main` (Ctrl-C stops the load and the servers).
 *
 * Env: BENCH_SERVERS (prefect,praetor), BENCH_PRAETOR_MAIN (dist/src/main.js), BENCH_PRAETOR_NODE_ARGS.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { freePort } from '../support/free-port';
import { ensurePrefectVenv, installedPrefectVersion, PREFECT_VERSION, repoRoot, startPrefectServer } from './prefect-server';
import type { Target } from './run-lifecycle-load';
import { spawnServer, type ServerProcess } from './run-lifecycle-procs';

export type ServerName = 'prefect' | 'praetor';

export interface RunningServer {
  readonly name: ServerName;
  readonly target: Target;
  readonly process: ServerProcess;
  /** Prefect: its pinned version; Praetor: the git commit (see gitVersion). */
  readonly version: string;
  /** Praetor: the entry point it was started from (see praetorMain); Prefect: undefined. */
  readonly main?: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** BENCH_KEEP_FILES=1: the server's temp folder (store, log) stays after it stops. */
  readonly keepFiles: boolean;
  /** Once aborted (Ctrl-C), Praetor's start is no longer waited for. */
  readonly signal: AbortSignal;
  /** Prefix of Praetor's temp folder under the OS temp dir, e.g. `praetor-bench-runs-`. */
  readonly praetorDataPrefix: string;
}

/** BENCH_SERVERS: which servers, in that order (default prefect,praetor); unknown names are dropped. */
export function benchServers(): ServerName[] {
  return (process.env.BENCH_SERVERS ?? 'prefect,praetor')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s): s is ServerName => s === 'prefect' || s === 'praetor');
}

function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) throw new Error(`refusing to load a non-loopback target: ${url}`);
}

async function startPrefect(opts: StartOptions): Promise<RunningServer> {
  const server = await startPrefectServer(await freePort(), { keepFiles: opts.keepFiles });
  const target: Target = { name: 'prefect', api: server.api, mode: 'oss' };
  assertLoopback(target.api);
  return { name: 'prefect', target, process: server.process, version: PREFECT_VERSION, stop: () => server.stop() };
}

/** The Praetor entry point: BENCH_PRAETOR_MAIN (relative to the repository root) or dist/src/main.js next to this file. */
export function praetorMain(): string {
  const fromEnv = process.env.BENCH_PRAETOR_MAIN;
  if (fromEnv) return isAbsolute(fromEnv) ? fromEnv : resolve(repoRoot(), fromEnv);
  return join(__dirname, '..', '..', 'src', 'main.js');
}

/**
 * Praetor as a child process (`node dist/src/main.js`, what `npm start` runs, or BENCH_PRAETOR_MAIN), so the load
 * generator and the server do not share one event loop. Embedded SQLite stores in a temp folder; the workspace URL
 * and key come from the lines it prints at start (Cloud layout, bearer key).
 */
async function startPraetor(opts: StartOptions): Promise<RunningServer> {
  const main = praetorMain();
  if (!existsSync(main)) throw new Error(`${main} not found: build first (npm run build) or set BENCH_PRAETOR_MAIN`);
  const dataDir = mkdtempSync(join(tmpdir(), opts.praetorDataPrefix));
  const port = await freePort();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const key = `pnu_${Array.from(randomBytes(36), (b) => alphabet[b % alphabet.length]).join('')}`;
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(PRAETOR_|EVENTSTORE_|MONGODB_|PREFECT_)/.test(k)) env[k] = v;
  Object.assign(env, { PRAETOR_HOST: '127.0.0.1', PRAETOR_PORT: String(port), PRAETOR_DATA_DIR: dataDir, PRAETOR_LOG_LEVEL: 'warn', PRAETOR_BOOTSTRAP_API_KEY: key });
  // BENCH_PRAETOR_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, profiles the server under load.
  const nodeArgs = (process.env.BENCH_PRAETOR_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawnServer(process.execPath, [...nodeArgs, '--enable-source-maps', main], env, join(dataDir, 'praetor.log'), repoRoot());
  const stop = async () => {
    await proc.stop();
    if (!opts.keepFiles) rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  let api: string | undefined;
  while (Date.now() < deadline && !proc.hasExited() && !opts.signal.aborted) {
    api = /^PREFECT_API_URL=(\S+)$/m.exec(proc.output())?.[1];
    if (api) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!api) {
    const out = proc.output().slice(-4000);
    await stop();
    throw new Error(`Praetor did not print PREFECT_API_URL in time:\n${out}`);
  }
  assertLoopback(api);
  return { name: 'praetor', target: { name: 'praetor', api, mode: 'cloud', apiKey: key }, process: proc, version: gitVersion(), main, stop };
}

/** Starts `name`; if it does not start, says why (`could not start …`) and resolves to undefined. */
export async function startServer(name: ServerName, opts: StartOptions): Promise<RunningServer | undefined> {
  try {
    return name === 'prefect' ? await startPrefect(opts) : await startPraetor(opts);
  } catch (err) {
    console.log(`  could not start ${name}: ${(err as Error).message}`);
    return undefined;
  }
}

/** Praetor's version for the report: the checked-out commit (the build may include uncommitted changes). */
export function gitVersion(): string {
  try {
    return `git ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot(), encoding: 'utf8', timeout: 10_000 }).trim()} + working tree`;
  } catch {
    return 'unknown';
  }
}

/**
 * With Prefect among `servers`: its venv made ready (installed on the first run), the version its CLI reports and
 * the venv's interpreter version. Without: `(not used)` and no interpreter.
 */
export async function preparePrefect(servers: readonly ServerName[]): Promise<{ prefectVersion: string; python: string }> {
  if (!servers.includes('prefect')) return { prefectVersion: '(not used)', python: '' };
  const venv = await ensurePrefectVenv();
  return { prefectVersion: (await installedPrefectVersion(venv.venv)) ?? `${venv.prefect} (CLI did not answer)`, python: venv.python };
}

// ---------------------------------------------------------------------------------------------
// The server's log, and the stop

/** Everything the server logged: its log file, or the tail kept in memory if the file cannot be read. */
export function serverLog(proc: ServerProcess): string {
  try {
    return readFileSync(proc.logFile, 'utf8');
  } catch {
    return proc.output();
  }
}

/** Times, uuids and `"time":…` fields blanked, so that log lines which differ only in those group together. */
export function blankTimesAndIds(line: string): string {
  return line
    .replace(/\d{2}:\d{2}:\d{2}(\.\d+)?/g, '')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/"time":\d+/g, '');
}

/**
 * The lines of a server log that match `interesting`, grouped by `key(line)`, most frequent first, each as
 * `x<count>  <key>`. Traceback frames and SQLAlchemy's echo of the statement are left out (noise); the exception
 * line and the log record stay.
 */
export function groupLogLines(text: string, interesting: RegExp, key: (line: string) => string): string[] {
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (/^\s|^(\[SQL|\[parameters|\(Background on|Traceback|The above exception|During handling)/.test(line)) continue;
    if (!interesting.test(line)) continue;
    const k = key(line);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `x${n}  ${k}`);
}

/**
 * The end of a server's turn: its last output if it exited during the run, the first 10 of `findings` (its log's
 * warning/error lines, grouped), then the stop.
 */
export async function reportAndStop(server: RunningServer, findings: readonly string[], keepFiles: boolean): Promise<void> {
  const { name, process: proc } = server;
  if (proc.hasExited()) console.log(`  !! ${name} exited during the run; last output:\n${proc.output().slice(-2000)}`);
  if (findings.length > 0) {
    console.log(`  ${name} log: ${findings.length} kinds of warning/error lines${keepFiles ? ` (full log ${proc.logFile})` : ''}:`);
    for (const line of findings.slice(0, 10)) console.log(`      ${line}`);
  } else {
    console.log(`  ${name} log: no warning or error lines`);
  }
  await server.stop();
  console.log(`  ${name} stopped`);
}

// ---------------------------------------------------------------------------------------------
// The benchmark process

/**
 * Runs a benchmark's `main`. SIGINT/SIGTERM abort `abort` (the load stops, then the servers); a second one exits at
 * once. Exits 0 when done, 130 when interrupted, 1 on an error; run-lifecycle-procs' `exit` hook kills any server
 * process group still alive.
 */
export function runBenchmark(main: () => Promise<void>, abort: AbortController): void {
  let interrupts = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    interrupts++;
    console.error(`\n${sig}: stopping the load and the servers (again to exit at once)`);
    abort.abort();
    if (interrupts > 1) process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  main().then(
    () => process.exit(abort.signal.aborted ? 130 : 0),
    (err: unknown) => {
      console.error((err as Error)?.stack ?? String(err));
      process.exit(1);
    },
  );
}
