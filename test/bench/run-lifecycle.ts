/**
 * npm run bench:runs — Praetor next to Prefect's own server (same machine, same run), under the
 * traffic of Prefect 3.9 clients running flow runs with N client-side tasks. Figures, never pass/fail.
 *
 * For each server, one after the other (never both at once): start it, warm up, then for each level
 * (1, 16, 64 concurrent simulated clients) run flow runs back to back for BENCH_SECONDS, then poll
 * `POST /task_runs/count` until every task run whose events were sent is stored as COMPLETED (or a
 * bounded timeout), then stop it. See test/bench/README.md.
 *
 * Env: BENCH_SECONDS (per level, default 20), BENCH_TASKS (tasks per flow run, default 10),
 * BENCH_LEVELS (default 1,16,64), BENCH_SERVERS (default prefect,praetor), BENCH_WARMUP_SECONDS (3),
 * BENCH_CATCHUP_SECONDS (bounded wait for the task-run recorder, default 120),
 * BENCH_REQUEST_TIMEOUT_MS (30000), BENCH_PRAETOR_MAIN (dist/src/main.js), BENCH_PRAETOR_NODE_ARGS,
 * BENCH_KEEP_FILES=1 keeps the servers' temp folders and logs.
 */
import { setMaxListeners } from 'node:events';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { benchServers, blankTimesAndIds, gitVersion, groupLogLines, preparePrefect, reportAndStop, runBenchmark, serverLog, startServer, type RunningServer, type ServerName } from './bench-servers';
import { countCompletedTaskRuns, EP, percentiles, runLevel, type Percentiles, type Recorder, type Target } from './run-lifecycle-load';
import type { ServerProcess } from './run-lifecycle-procs';

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${raw}`);
  return n;
}

const SECONDS = envNumber('BENCH_SECONDS', 20);
const TASKS = Math.max(1, Math.floor(envNumber('BENCH_TASKS', 10)));
const LEVELS = (process.env.BENCH_LEVELS ?? '1,16,64')
  .split(',')
  .map((s) => Math.floor(Number(s.trim())))
  .filter((n) => Number.isFinite(n) && n > 0 && n <= 1024);
const SERVERS = benchServers();
const WARMUP_SECONDS = envNumber('BENCH_WARMUP_SECONDS', 3);
const CATCHUP_SECONDS = envNumber('BENCH_CATCHUP_SECONDS', 120);
const REQUEST_TIMEOUT_MS = envNumber('BENCH_REQUEST_TIMEOUT_MS', 30_000);
const DRAIN_MS = 60_000;
const KEEP_FILES = process.env.BENCH_KEEP_FILES === '1';

const abort = new AbortController();
setMaxListeners(0, abort.signal);

// ---------------------------------------------------------------------------------------------
// A level and its report

interface LevelSummary {
  readonly clients: number;
  readonly elapsed: number;
  readonly flowRuns: number;
  readonly flowRunsAbandoned: number;
  readonly transitionsPerSec: number;
  readonly eventsSent: number;
  readonly eventsNotSent: number;
  readonly eventsPerSec: number;
  readonly taskRunsSent: number;
  /** Task runs confirmed stored as COMPLETED (delta over the level), or why it could not be read. */
  readonly stored: number | string;
  /** Seconds from the end of the load until every sent task run was stored; undefined = not within the timeout. */
  readonly catchUp: number | undefined;
  /** Confirmed stored task-run events per second, over load time + catch-up time. */
  readonly storedEventsPerSec: number | undefined;
  readonly setState: Percentiles | undefined;
  readonly errors: number;
  readonly generatorCpuPct: number;
  readonly serverCpuPct: number | undefined;
}

const f0 = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '-' : Math.round(n).toLocaleString('en'));
const f1 = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(1));
const f2 = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(2));
const pad = (s: string, n: number) => s.padStart(n);
const padEnd = (s: string, n: number) => s.padEnd(n);

function printRecorder(rec: Recorder): void {
  const order = [EP.flows, EP.flowRuns, EP.setState, EP.logs, `${EP.events} ping`];
  for (const key of [...order, ...[...rec.latencies.keys()].filter((k) => !order.includes(k)).sort()]) {
    const p = percentiles(rec.latencies.get(key));
    if (p) console.log(`      ${padEnd(key, 44)} n=${pad(String(p.n), 7)}  p50 ${pad(f2(p.p50), 8)} ms  p99 ${pad(f2(p.p99), 8)} ms  max ${pad(f1(p.max), 8)} ms`);
  }
  const errs = [...rec.errors.entries()].sort((a, b) => b[1].count - a[1].count);
  if (errs.length === 0) console.log('      errors: none');
  for (const [key, e] of errs.slice(0, 12)) console.log(`      error ${padEnd(key, 44)} x${e.count}${e.sample ? `  e.g. ${e.sample}` : ''}`);
  if (errs.length > 12) console.log(`      ... and ${errs.length - 12} more error kinds`);
}

async function countWithRetry(target: Target, flowName: string): Promise<number | string> {
  let last: number | string = 'not asked';
  for (let i = 0; i < 3 && !abort.signal.aborted; i++) {
    last = await countCompletedTaskRuns(target, flowName, abort.signal);
    if (typeof last === 'number') return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  return last;
}

/** Polls the COMPLETED task-run count until `baseline + expected` (bounded). Returns the last count and when it got there. */
async function awaitStored(target: Target, flowName: string, baseline: number, expected: number, loadEnd: number, catchUpSeconds: number): Promise<{ stored: number | string; catchUp: number | undefined }> {
  const deadline = loadEnd + catchUpSeconds * 1000;
  let last: number | string = 'not asked';
  let failures = 0;
  while (!abort.signal.aborted) {
    const n = await countCompletedTaskRuns(target, flowName, abort.signal);
    const now = performance.now();
    if (typeof n === 'number') {
      failures = 0;
      last = n - baseline;
      if (last >= expected) return { stored: last, catchUp: (now - loadEnd) / 1000 };
    } else {
      last = n;
      if (++failures >= 3) return { stored: last, catchUp: undefined };
    }
    if (now >= deadline) return { stored: last, catchUp: undefined };
    await new Promise((r) => setTimeout(r, 200));
  }
  return { stored: last, catchUp: undefined };
}

async function level(server: RunningServer, clients: number, seconds: number, catchUpSeconds = CATCHUP_SECONDS, label = `c${clients}`): Promise<{ summary: LevelSummary; rec: Recorder }> {
  // A flow of its own per level: the count below is of this level's task runs only (the baseline should be 0;
  // it guards a server that ignores the flow filter).
  const flowName = `run-lifecycle-bench-${label}`;
  const baselineRaw = await countWithRetry(server.target, flowName);
  const baseline = typeof baselineRaw === 'number' ? baselineRaw : 0;
  const run = await runLevel(server.target, { flowName, clients, seconds, tasks: TASKS, requestTimeoutMs: REQUEST_TIMEOUT_MS, drainMs: DRAIN_MS, signal: abort.signal, serverCpu: () => server.process.cpuSeconds() });
  const loadEnd = run.loadEnd;
  const { rec, elapsed } = run;
  let stored: number | string;
  let catchUp: number | undefined;
  if (typeof baselineRaw !== 'number') {
    stored = `count unavailable (${baselineRaw})`;
  } else if (rec.taskRunsSent === 0) {
    stored = 0;
    catchUp = 0;
  } else {
    ({ stored, catchUp } = await awaitStored(server.target, flowName, baseline, rec.taskRunsSent, loadEnd, catchUpSeconds));
    if (typeof stored === 'string') stored = `count unavailable (${stored})`;
  }
  const storedN = typeof stored === 'number' ? Math.min(stored, rec.taskRunsSent) : undefined;
  const storedWindow = elapsed + (catchUp ?? catchUpSeconds);
  const summary: LevelSummary = {
    clients,
    elapsed,
    flowRuns: rec.flowRunsCompleted,
    flowRunsAbandoned: rec.flowRunsAbandoned,
    transitionsPerSec: rec.setStateAccepted / elapsed,
    eventsSent: rec.eventsSent,
    eventsNotSent: rec.eventsNotSent,
    eventsPerSec: rec.eventsSent / elapsed,
    taskRunsSent: rec.taskRunsSent,
    stored,
    catchUp,
    storedEventsPerSec: storedN === undefined ? undefined : (storedN * 3) / storedWindow,
    setState: percentiles(rec.latencies.get(EP.setState)),
    errors: rec.errorCount(),
    generatorCpuPct: (run.generatorCpu / elapsed) * 100,
    serverCpuPct: run.serverCpu === undefined ? undefined : (run.serverCpu / elapsed) * 100,
  };
  return { summary, rec };
}

function printLevel(server: string, s: LevelSummary, rec: Recorder): void {
  const storedText =
    typeof s.stored === 'string'
      ? s.stored
      : s.catchUp !== undefined
        ? `${f0(s.stored)}/${f0(s.taskRunsSent)} task runs stored, caught up ${f2(s.catchUp)} s after the load`
        : `${f0(s.stored)}/${f0(s.taskRunsSent)} task runs stored: NOT caught up within ${CATCHUP_SECONDS} s`;
  console.log(
    `  [${server}] ${s.clients} client(s), ${f1(s.elapsed)} s: ${f0(s.flowRuns)} flow runs completed (${f0(s.flowRunsAbandoned)} abandoned), ` +
      `${f1(s.transitionsPerSec)} set_state accepted/s, ${f0(s.eventsPerSec)} task-run events sent/s (${f0(s.eventsSent)} sent, ${f0(s.eventsNotSent)} not sent)`,
  );
  console.log(`      stored: ${storedText}; stored events/s ${f0(s.storedEventsPerSec)}`);
  console.log(`      cpu: load generator ${f0(s.generatorCpuPct)}% of a core, server ${s.serverCpuPct === undefined ? '-' : `${f0(s.serverCpuPct)}%`} of a core`);
  printRecorder(rec);
}

/** Lines of the server's log worth a look (errors, warnings, lock contention), grouped. */
function logFindings(proc: ServerProcess): string[] {
  return groupLogLines(serverLog(proc), /error|warn|locked|exception|timeout|dropp|queue.*full/i, (line) => blankTimesAndIds(line).trim().slice(0, 200));
}

// ---------------------------------------------------------------------------------------------

async function benchServer(name: ServerName, results: Map<string, LevelSummary[]>): Promise<void> {
  console.log(`\n== ${name} ==`);
  const started = performance.now();
  const server = await startServer(name, { keepFiles: KEEP_FILES, signal: abort.signal, praetorDataPrefix: 'praetor-bench-runs-' });
  if (!server) return;
  const list: LevelSummary[] = [];
  results.set(name, list);
  try {
    console.log(`  ${name} ${server.version} at ${server.target.api} (${server.target.mode === 'oss' ? 'OSS layout, no auth, events socket: subprotocol prefect + auth message' : 'Cloud layout, bearer key, events socket: Authorization header'}), pid ${server.process.pid}, ready in ${f1((performance.now() - started) / 1000)} s`);
    if (WARMUP_SECONDS > 0 && !abort.signal.aborted) {
      // A shorter catch-up wait; its task runs belong to a flow of their own, so a backlog cannot count for a level.
      const { summary } = await level(server, Math.min(4, Math.max(...LEVELS, 1)), WARMUP_SECONDS, Math.min(30, CATCHUP_SECONDS), 'warmup');
      console.log(`  warm-up (not counted): ${f0(summary.flowRuns)} flow runs, ${f0(summary.errors)} errors, stored ${typeof summary.stored === 'number' ? f0(summary.stored) : summary.stored}`);
    }
    for (const clients of LEVELS) {
      if (abort.signal.aborted) break;
      const { summary, rec } = await level(server, clients, SECONDS);
      if (abort.signal.aborted) {
        console.log(`  [${name}] ${clients} client(s): interrupted, not counted`);
        break;
      }
      list.push(summary);
      printLevel(name, summary, rec);
    }
  } catch (err) {
    console.log(`  ${name} run failed: ${(err as Error).stack ?? String(err)}`);
  } finally {
    await reportAndStop(server, logFindings(server.process), KEEP_FILES);
  }
}

function finalTables(results: Map<string, LevelSummary[]>): void {
  console.log('\n== summary ==');
  console.log(
    [padEnd('server', 8), pad('clients', 7), pad('flow runs/s', 11), pad('set_state/s', 11), pad('events/s', 9), pad('stored', 14), pad('catch-up s', 10), pad('stored ev/s', 11), pad('ss p50 ms', 9), pad('ss p99 ms', 9), pad('errors', 7), pad('srv cpu', 7)].join('  '),
  );
  for (const [name, list] of results) {
    for (const s of list) {
      const stored = typeof s.stored === 'number' ? `${f0(s.stored)}/${f0(s.taskRunsSent)}` : 'n/a';
      console.log(
        [
          padEnd(name, 8),
          pad(String(s.clients), 7),
          pad(f1(s.flowRuns / s.elapsed), 11),
          pad(f1(s.transitionsPerSec), 11),
          pad(f0(s.eventsPerSec), 9),
          pad(stored, 14),
          pad(s.catchUp === undefined ? (typeof s.stored === 'number' ? `>${CATCHUP_SECONDS}` : '-') : f2(s.catchUp), 10),
          pad(f0(s.storedEventsPerSec), 11),
          pad(f2(s.setState?.p50), 9),
          pad(f2(s.setState?.p99), 9),
          pad(f0(s.errors), 7),
          pad(s.serverCpuPct === undefined ? '-' : `${f0(s.serverCpuPct)}%`, 7),
        ].join('  '),
      );
    }
  }
  const prefect = results.get('prefect');
  const praetor = results.get('praetor');
  if (!prefect || !praetor) return;
  console.log('\nPraetor / Prefect (throughput: >1 = Praetor faster; p99: <1 = Praetor faster; n/a = a side had nothing to measure)');
  console.log([pad('clients', 7), pad('set_state/s', 11), pad('events sent/s', 13), pad('stored ev/s', 11), pad('set_state p99', 13)].join('  '));
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || !(a >= 0) || !(b > 0) ? 'n/a' : `${(a / b).toFixed(2)}x`);
  for (const p of praetor) {
    const q = prefect.find((x) => x.clients === p.clients);
    if (!q) continue;
    console.log(
      [
        pad(String(p.clients), 7),
        pad(ratio(p.transitionsPerSec, q.transitionsPerSec), 11),
        pad(ratio(p.eventsPerSec, q.eventsPerSec), 13),
        pad(ratio(p.storedEventsPerSec, q.storedEventsPerSec), 11),
        pad(ratio(p.setState?.p99, q.setState?.p99), 13),
      ].join('  '),
    );
  }
}

async function main(): Promise<void> {
  if (LEVELS.length === 0 || SERVERS.length === 0) throw new Error('BENCH_LEVELS and BENCH_SERVERS must name at least one level and one server');
  const { prefectVersion, python } = await preparePrefect(SERVERS);
  const cpu = cpus();
  console.log('== run lifecycle: Praetor vs Prefect ==');
  console.log(`machine: ${cpu.length} x ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, linux ${release()}, load avg ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`software: node ${process.version}; prefect ${prefectVersion}${python ? ` on ${python}` : ''}; praetor ${gitVersion()}; simulated client prefect/3.9.1`);
  console.log(
    `conditions: servers one after the other on 127.0.0.1, each on a fresh SQLite store in a temp folder; levels ${LEVELS.join(', ')} concurrent clients, ` +
      `${SECONDS} s each after a ${WARMUP_SECONDS} s warm-up; ${TASKS} tasks per flow run (3 events each); flow runs back to back; ` +
      `recorder catch-up bounded at ${CATCHUP_SECONDS} s; request timeout ${REQUEST_TIMEOUT_MS} ms; load generator: this process (one event loop), ` +
      `HTTP via Node's fetch (undici, keep-alive), events via ws; Prefect: services on, UI and analytics off; Praetor: child process, embedded stores.`,
  );
  const results = new Map<string, LevelSummary[]>();
  for (const name of SERVERS) {
    if (abort.signal.aborted) break;
    await benchServer(name, results);
  }
  finalTables(results);
}

runBenchmark(main, abort);
