/**
 * npm run bench:deployments — deployments, the scheduler and worker polling: Praetor next to Prefect's
 * own server (same machine, same run, one after the other). Figures, never pass/fail.
 *
 * Per server, on a fresh store:
 *   1. upserts   K deployments, each `POST /flows/` + `POST /deployments/` with one interval schedule
 *                (bodies as `prefect deploy` sends them, prefect-api.md §4.3), from C concurrent clients;
 *   2. scheduler the time until the server has materialised ≥ 3 future auto-scheduled runs for every one
 *                of them (polled with `POST /flow_runs/count`), and how many runs it scheduled;
 *   3. polling   N runs due in a process work pool (`POST /deployments/{id}/create_flow_run`, past
 *                scheduled_time), then W concurrent pollers on `POST /work_pools/{name}/get_scheduled_flow_runs`
 *                for S seconds, then W concurrent workers on `POST /work_pools/{name}/workers/heartbeat`.
 * See test/bench/README.md.
 *
 * Env: BENCH_DEPLOYMENTS (200), BENCH_CLIENTS (8), BENCH_RUNS (1000), BENCH_POLLERS (16), BENCH_SECONDS (15),
 * BENCH_SERVERS (prefect,praetor), BENCH_SCHEDULE_INTERVAL_SECONDS (3600), BENCH_SCHEDULER_DEADLINE_SECONDS (180),
 * BENCH_SETTLE_SECONDS (120), BENCH_REQUEST_TIMEOUT_MS (30000), BENCH_PRAETOR_MAIN (dist/src/main.js), BENCH_KEEP_FILES=1.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { benchServers, blankTimesAndIds, gitVersion, groupLogLines, preparePrefect, reportAndStop, runBenchmark, serverLog, startServer, type RunningServer, type ServerName } from './bench-servers';
import { CLIENT_VERSION, httpHeaders, percentiles, Recorder, type Percentiles, type Target } from './run-lifecycle-load';
import type { ServerProcess } from './run-lifecycle-procs';

function envNumber(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number ≥ ${min}, got ${raw}`);
  return n;
}

const DEPLOYMENTS = Math.floor(envNumber('BENCH_DEPLOYMENTS', 200, 1));
const CLIENTS = Math.floor(envNumber('BENCH_CLIENTS', 8, 1));
const RUNS = Math.floor(envNumber('BENCH_RUNS', 1000, 1));
const POLLERS = Math.floor(envNumber('BENCH_POLLERS', 16, 1));
const SECONDS = envNumber('BENCH_SECONDS', 15, 1);
const INTERVAL_SECONDS = envNumber('BENCH_SCHEDULE_INTERVAL_SECONDS', 3600, 1);
const SCHEDULER_DEADLINE_SECONDS = envNumber('BENCH_SCHEDULER_DEADLINE_SECONDS', 180, 1);
const REQUEST_TIMEOUT_MS = envNumber('BENCH_REQUEST_TIMEOUT_MS', 30_000, 1);
const KEEP_FILES = process.env.BENCH_KEEP_FILES === '1';
const SERVERS = benchServers();
/** Runs the scheduler must have materialised per deployment (Prefect's `min_runs` default). */
const MIN_RUNS = 3;
/** Deployments are spread over this many flows (`prefect deploy` of a project: several deployments per flow). */
const FLOWS = Math.min(20, DEPLOYMENTS);
const POOL = 'deployments-bench-pool';
/** What a poll asks for (the brief's body); the stock worker sends no limit (server default 200). */
const POLL_LIMIT = 10;
const HEARTBEAT_INTERVAL = 30;
/** Bound on the wait for the server to mark the due runs Late before the polling starts (0 = do not wait). */
const SETTLE_SECONDS = envNumber('BENCH_SETTLE_SECONDS', 120);

const abort = new AbortController();
setMaxListeners(0, abort.signal);

// ---------------------------------------------------------------------------------------------
// Servers

/** The scheduler settings each server runs with (their defaults), for the report. */
const SCHEDULER_SETTINGS: Readonly<Record<ServerName, string>> = {
  prefect:
    'defaults: PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS=60, recent_deployments_loop_seconds=5 (deployments updated in the last 6 s), ' +
    'min_runs=3, max_runs=100, min_scheduled_time=1h, deployment_batch_size=100, insert_batch_size=500; late-runs service on',
  praetor:
    'defaults: PRAETOR_SCHEDULER_LOOP_SECONDS=10 (top-up of every deployment) plus a reconcile reacting to each deployment change, ' +
    'PRAETOR_MONITOR_LOOP_SECONDS=5, PRAETOR_LATE_RUNS_AFTER_SECONDS=15',
};

// ---------------------------------------------------------------------------------------------
// HTTP

const sleep = (ms: number) =>
  new Promise<void>((r) => {
    if (abort.signal.aborted) return r();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      abort.signal.removeEventListener('abort', done);
      r();
    }
    abort.signal.addEventListener('abort', done, { once: true });
  });

interface Answer {
  readonly status: number;
  readonly text: string;
}

/** The statuses the stock client retries (prefect/client/base.py), 5 times, 2/4/8/16/32 s or Retry-After. */
const RETRY_STATUSES: readonly number[] = [408, 429, 502, 503];

/** `Retry-After` (jittered upward) or 2, 4, 8, 16, 32 s ± 20 %, as prefect/client/base.py. */
function backoffMs(attempt: number, retryAfter: string | null): number {
  const after = Number(retryAfter);
  return Number.isFinite(after) && after > 0 ? after * 1000 * (1 + Math.random() * 0.2) : 2 ** (attempt + 1) * 1000 * (0.8 + Math.random() * 0.4);
}

/**
 * One request as the client sends it. Latency (first attempt to final answer) is recorded under `key` for
 * an answer in `ok`; anything else is counted as an error `key status` with a sample body. With `retry`, the
 * client's retry policy applies (also to connection errors and timeouts) and each retried answer is counted as
 * `key status (client retried)`.
 */
async function call(t: Target, rec: Recorder, key: string, method: string, path: string, body: unknown, ok: readonly number[], retry = false): Promise<Answer | undefined> {
  const t0 = performance.now();
  for (let attempt = 0; ; attempt++) {
    if (abort.signal.aborted) return undefined;
    const signal = AbortSignal.any([abort.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]);
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${t.api}${path}`, { method, headers: httpHeaders(t), body: body === undefined ? undefined : JSON.stringify(body), signal });
      text = await res.text();
    } catch (err) {
      if (abort.signal.aborted) return undefined;
      const e = err as { name?: string; cause?: { code?: string; message?: string }; message?: string };
      const why = e.name === 'TimeoutError' ? `timeout ${REQUEST_TIMEOUT_MS} ms` : (e.cause?.code ?? e.cause?.message ?? e.message ?? String(err));
      // The client retries connection errors and timeouts as it does 503s.
      if (retry && attempt < 5) {
        rec.error(`${key} ${why} (client retried)`, e.message ?? '');
        await sleep(backoffMs(attempt, null));
        continue;
      }
      rec.error(`${key} ${why}`, e.message ?? '');
      return undefined;
    }
    if (ok.includes(res.status)) {
      rec.latency(key, performance.now() - t0);
      return { status: res.status, text };
    }
    if (retry && RETRY_STATUSES.includes(res.status) && attempt < 5) {
      rec.error(`${key} ${res.status} (client retried)`, text);
      await sleep(backoffMs(attempt, res.headers.get('retry-after')));
      continue;
    }
    rec.error(`${key} ${res.status}`, text);
    return undefined;
  }
}

function json<T>(a: Answer | undefined): T | undefined {
  if (!a) return undefined;
  try {
    return JSON.parse(a.text) as T;
  } catch {
    return undefined;
  }
}

/** `2026-11-27T19:51:08.873054Z` (pydantic's rendering). */
function isoZ(ms: number): string {
  const micros = Math.floor(ms % 1000) * 1000;
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}Z`;
}

/** `2026-11-27 19:51:08.873054+00:00`: Python's `str(datetime)`, what the worker sends as `scheduled_before`. */
function pyStr(ms: number): string {
  return `${isoZ(ms).slice(0, -1).replace('T', ' ')}+00:00`;
}

/** Runs `jobs` with at most `concurrency` in flight. */
async function inParallel(count: number, concurrency: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (!abort.signal.aborted) {
        const i = next++;
        if (i >= count) return;
        await job(i);
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Bodies (as prefect 3.9.1 sends them)

function flowBody(name: string): unknown {
  return { name, tags: [], labels: {} };
}

/**
 * `POST /deployments/` as `prefect deploy` sends it for a process pool (RunnerDeployment → create_deployment,
 * `model_dump(mode="json")` with `paused`, `version_info`, `branch`, `base`, `root` left out when None).
 */
function deploymentBody(flowId: string, name: string, schedules: unknown[]): unknown {
  return {
    name,
    flow_id: flowId,
    schedules,
    concurrency_limit: null,
    concurrency_options: null,
    parameter_openapi_schema: { title: 'Parameters', type: 'object', properties: {} },
    parameters: {},
    tags: [],
    labels: {},
    work_queue_name: null,
    work_pool_name: POOL,
    storage_document_id: null,
    infrastructure_document_id: null,
    description: null,
    path: '.',
    entrypoint: 'flows/bench.py:bench_flow',
    job_variables: {},
    version: randomBytes(16).toString('hex'),
    pull_steps: [{ 'prefect.deployments.steps.set_working_directory': { directory: '/opt/bench' } }],
    enforce_parameter_schema: true,
  };
}

/** One schedule of `prefect deploy --interval N` (construct_schedule → DeploymentScheduleCreate). */
function intervalSchedule(anchorMs: number): unknown {
  return {
    schedule: { interval: INTERVAL_SECONDS, anchor_date: isoZ(anchorMs), timezone: 'UTC' },
    active: true,
    max_scheduled_runs: null,
    parameters: {},
    slug: null,
    replaces: null,
  };
}

/** `prefect deployment run` with a start time: DeploymentFlowRunCreate, exclude_unset. */
function createRunBody(scheduledMs: number): unknown {
  return {
    state: { type: 'SCHEDULED', name: 'Scheduled', message: null, state_details: { scheduled_time: isoZ(scheduledMs), traceparent: null }, data: null },
    name: null,
    parameters: {},
    context: {},
    tags: [],
    idempotency_key: null,
    parent_task_run_id: null,
    job_variables: null,
    labels: {},
  };
}

function scheduledRunsFilter(deploymentIds: readonly string[]): unknown {
  return {
    flow_runs: {
      operator: 'and_',
      deployment_id: { any_: deploymentIds },
      state: { operator: 'and_', type: { any_: ['SCHEDULED'] } },
      tags: { all_: ['auto-scheduled'] },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The phases

interface Rate {
  readonly ok: number;
  readonly elapsed: number;
  readonly perSec: number;
  readonly lat: Percentiles | undefined;
  readonly errors: number;
  readonly serverCpuPct: number | undefined;
  readonly generatorCpuPct: number;
}

interface SchedulerResult {
  /** Seconds from the last upsert answered until every deployment had ≥ MIN_RUNS; undefined = not within the deadline. */
  readonly allAfterUpserts: number | undefined;
  /** The same from the first upsert sent. */
  readonly allAfterFirst: number | undefined;
  /** Seconds after the last upsert when the first scheduled run was seen (≤ 0: already before the upserts ended). */
  readonly firstSeen: number | undefined;
  /** Runs were already there at the first count (scheduled while the upserts were still going on). */
  readonly seenAtFirstPoll: boolean;
  readonly runsAtFirstPoll: number | undefined;
  readonly runsAtDone: number | undefined;
  readonly runsFinal: number | undefined;
  readonly allRunsOfDeployments: number | undefined;
  readonly deploymentsReady: number;
  readonly perDeployment: { min: number; max: number } | undefined;
  readonly polls: number;
}

interface ServerResult {
  upsert?: Rate;
  scheduler?: SchedulerResult;
  createRuns?: Rate;
  /** Seconds from the last due run created until all were Late; undefined = not within BENCH_SETTLE_SECONDS. */
  settle?: { seconds: number | undefined; late: number | undefined };
  poll?: Rate & { shortAnswers: number };
  heartbeat?: Rate;
  rec: Recorder;
}

function rateOf(rec: Recorder, key: string, ok: number, elapsed: number, errors0: number, cpu0: NodeJS.CpuUsage, server0: number | undefined, server: RunningServer): Rate {
  const cpu = process.cpuUsage(cpu0);
  const server1 = server.process.cpuSeconds();
  return {
    ok,
    elapsed,
    perSec: ok / elapsed,
    lat: percentiles(rec.latencies.get(key)),
    errors: rec.errorCount() - errors0,
    serverCpuPct: server0 !== undefined && server1 !== undefined ? ((server1 - server0) / elapsed) * 100 : undefined,
    generatorCpuPct: ((cpu.user + cpu.system) / 1e6 / elapsed) * 100,
  };
}

const K = {
  pool: 'POST /work_pools/',
  flows: 'POST /flows/',
  deployments: 'POST /deployments/',
  upsert: 'upsert (flows + deployments)',
  count: 'POST /flow_runs/count',
  createRun: 'POST /deployments/{id}/create_flow_run',
  poll: 'POST /work_pools/{name}/get_scheduled_flow_runs',
  heartbeat: 'POST /work_pools/{name}/workers/heartbeat',
} as const;

async function upserts(server: RunningServer, rec: Recorder): Promise<{ rate: Rate; ids: string[]; t0: number; t1: number }> {
  const t = server.target;
  const ids: string[] = [];
  const errors0 = rec.errorCount();
  const server0 = server.process.cpuSeconds();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await inParallel(DEPLOYMENTS, CLIENTS, async (i) => {
    const start = performance.now();
    const flowName = `deployments-bench-flow-${i % FLOWS}`;
    const flow = json<{ id?: string }>(await call(t, rec, K.flows, 'POST', '/flows/', flowBody(flowName), [200, 201], true));
    if (!flow?.id) return;
    const body = deploymentBody(flow.id, `bench-${i}`, [intervalSchedule(Date.now())]);
    const dep = json<{ id?: string }>(await call(t, rec, K.deployments, 'POST', '/deployments/', body, [200, 201], true));
    if (!dep?.id) {
      if (dep) rec.error(`${K.deployments} answer without id`);
      return;
    }
    ids.push(dep.id);
    rec.latency(K.upsert, performance.now() - start);
  });
  const t1 = performance.now();
  return { rate: rateOf(rec, K.upsert, ids.length, (t1 - t0) / 1000, errors0, cpu0, server0, server), ids, t0, t1 };
}

async function countRuns(t: Target, rec: Recorder, filter: unknown): Promise<number | undefined> {
  const n = json<unknown>(await call(t, rec, K.count, 'POST', '/flow_runs/count', filter, [200]));
  return typeof n === 'number' ? n : undefined;
}

/**
 * Polls until every deployment has ≥ MIN_RUNS future auto-scheduled SCHEDULED runs: one cheap count over all of
 * them every 500 ms, and once that total could mean "all done", a count per deployment not yet confirmed.
 */
async function scheduler(server: RunningServer, rec: Recorder, ids: readonly string[], firstUpsert: number, lastUpsert: number): Promise<SchedulerResult> {
  const t = server.target;
  const pending = new Set(ids);
  const deadline = lastUpsert + SCHEDULER_DEADLINE_SECONDS * 1000;
  let firstSeen: number | undefined;
  let doneAt: number | undefined;
  let runsAtDone: number | undefined;
  let polls = 0;
  let seenAtFirstPoll = false;
  let runsAtFirstPoll: number | undefined;
  const all = scheduledRunsFilter(ids);
  while (!abort.signal.aborted && performance.now() < deadline && ids.length > 0) {
    const roundStart = performance.now();
    polls++;
    const total = await countRuns(t, rec, all);
    if (polls === 1) runsAtFirstPoll = total;
    if (total !== undefined && total > 0 && firstSeen === undefined) {
      firstSeen = roundStart;
      seenAtFirstPoll = polls === 1;
    }
    if (total !== undefined && total >= MIN_RUNS * ids.length) {
      const list = [...pending];
      await inParallel(list.length, 4, async (i) => {
        const id = list[i]!;
        const n = await countRuns(t, rec, scheduledRunsFilter([id]));
        if (n !== undefined && n >= MIN_RUNS) pending.delete(id);
      });
      if (pending.size === 0) {
        doneAt = roundStart;
        runsAtDone = total;
        break;
      }
    }
    const wait = roundStart + 500 - performance.now();
    if (wait > 0) await sleep(wait);
  }
  // Final figures: runs per deployment (a count each), all runs of these deployments in any state (duplicates show).
  await sleep(1000);
  const per: number[] = [];
  await inParallel(ids.length, 4, async (i) => {
    const n = await countRuns(t, rec, scheduledRunsFilter([ids[i]!]));
    if (n !== undefined) per.push(n);
  });
  const runsFinal = await countRuns(t, rec, all);
  const allRunsOfDeployments = await countRuns(t, rec, { flow_runs: { deployment_id: { any_: ids } } });
  return {
    allAfterUpserts: doneAt === undefined ? undefined : (doneAt - lastUpsert) / 1000,
    allAfterFirst: doneAt === undefined ? undefined : (doneAt - firstUpsert) / 1000,
    firstSeen: firstSeen === undefined ? undefined : (firstSeen - lastUpsert) / 1000,
    seenAtFirstPoll,
    runsAtFirstPoll,
    runsAtDone,
    runsFinal,
    allRunsOfDeployments,
    deploymentsReady: per.filter((n) => n >= MIN_RUNS).length,
    perDeployment: per.length ? { min: Math.min(...per), max: Math.max(...per) } : undefined,
    polls,
  };
}

/** A deployment without schedules in the pool, and N runs of it due a minute ago. */
async function dueRuns(server: RunningServer, rec: Recorder): Promise<{ rate: Rate; deploymentId: string } | undefined> {
  const t = server.target;
  const flow = json<{ id?: string }>(await call(t, rec, K.flows, 'POST', '/flows/', flowBody('deployments-bench-poll-flow'), [200, 201], true));
  if (!flow?.id) return undefined;
  const dep = json<{ id?: string }>(await call(t, rec, K.deployments, 'POST', '/deployments/', deploymentBody(flow.id, 'bench-poll', []), [200, 201], true));
  if (!dep?.id) return undefined;
  const depId = dep.id;
  const scheduled = Date.now() - 60_000;
  let created = 0;
  const errors0 = rec.errorCount();
  const server0 = server.process.cpuSeconds();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await inParallel(RUNS, CLIENTS, async (i) => {
    // Spread over a second so the order by next_scheduled_start_time is well defined.
    const run = json<{ id?: string }>(await call(t, rec, K.createRun, 'POST', `/deployments/${depId}/create_flow_run`, createRunBody(scheduled + i), [200, 201], true));
    if (run?.id) created++;
  });
  return { rate: rateOf(rec, K.createRun, created, (performance.now() - t0) / 1000, errors0, cpu0, server0, server), deploymentId: depId };
}

/**
 * Waits (bounded) until the server's late-runs service has marked every due run `Late` (SCHEDULED/Late), so the
 * polling measures a pool of overdue runs at rest rather than the burst of state writes that marks them.
 * Returns the seconds it took and the last count.
 */
async function settle(server: RunningServer, rec: Recorder, deploymentId: string, expected: number): Promise<{ seconds: number | undefined; late: number | undefined }> {
  const filter = { flow_runs: { deployment_id: { any_: [deploymentId] }, state: { operator: 'and_', type: { any_: ['SCHEDULED'] }, name: { any_: ['Late'] } } } };
  const t0 = performance.now();
  const deadline = t0 + SETTLE_SECONDS * 1000;
  let late: number | undefined;
  while (!abort.signal.aborted && performance.now() < deadline) {
    late = await countRuns(server.target, rec, filter);
    if (late !== undefined && late >= expected) return { seconds: (performance.now() - t0) / 1000, late };
    await sleep(500);
  }
  return { seconds: undefined, late };
}

/** W loops on one endpoint for SECONDS; no client retries (each answer is a sample). */
async function timedLoad(server: RunningServer, rec: Recorder, key: string, request: (worker: number) => Promise<boolean>): Promise<Rate> {
  let ok = 0;
  const errors0 = rec.errorCount();
  const server0 = server.process.cpuSeconds();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const deadline = t0 + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: POLLERS }, async (_, w) => {
      while (performance.now() < deadline && !abort.signal.aborted) if (await request(w)) ok++;
    }),
  );
  return rateOf(rec, key, ok, (performance.now() - t0) / 1000, errors0, cpu0, server0, server);
}

async function polling(server: RunningServer, rec: Recorder): Promise<Rate & { shortAnswers: number }> {
  const t = server.target;
  const path = `/work_pools/${encodeURIComponent(POOL)}/get_scheduled_flow_runs`;
  let shortAnswers = 0;
  const expected = Math.min(POLL_LIMIT, RUNS);
  const rate = await timedLoad(server, rec, K.poll, async () => {
    const body = { work_queue_names: [], scheduled_before: pyStr(Date.now() + 10_000), limit: POLL_LIMIT };
    const list = json<unknown>(await call(t, rec, K.poll, 'POST', path, body, [200]));
    if (!Array.isArray(list)) return false;
    if (list.length !== expected) {
      shortAnswers++;
      rec.error(`${K.poll} answered ${list.length} runs, expected ${expected}`);
    }
    return true;
  });
  return { ...rate, shortAnswers };
}

async function heartbeats(server: RunningServer, rec: Recorder): Promise<Rate> {
  const t = server.target;
  const path = `/work_pools/${encodeURIComponent(POOL)}/workers/heartbeat`;
  const names = Array.from({ length: POLLERS }, () => `ProcessWorker ${randomUUID()}`);
  const cloud = t.mode === 'cloud';
  const uuid = /^"?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"?$/i;
  return timedLoad(server, rec, K.heartbeat, async (w) => {
    // Cloud: the worker asks for its id (`return_id`) and gets it as text (200); OSS: 204 without a body.
    const body = cloud ? { name: names[w], heartbeat_interval_seconds: HEARTBEAT_INTERVAL, return_id: true } : { name: names[w], heartbeat_interval_seconds: HEARTBEAT_INTERVAL };
    const a = await call(t, rec, K.heartbeat, 'POST', path, body, cloud ? [200] : [204]);
    if (!a) return false;
    if (cloud && !uuid.test(a.text.trim())) rec.error(`${K.heartbeat} 200 without a worker id`, a.text);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Report

const f0 = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '-' : Math.round(n).toLocaleString('en'));
const f1 = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(1));
const f2 = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(2));
const pad = (s: string, n: number) => s.padStart(n);
const padEnd = (s: string, n: number) => s.padEnd(n);

function printRate(label: string, r: Rate | undefined, unit: string): void {
  if (!r) {
    console.log(`  ${label}: not measured`);
    return;
  }
  console.log(
    `  ${label}: ${f0(r.ok)} in ${f2(r.elapsed)} s = ${f1(r.perSec)} ${unit}/s; p50 ${f2(r.lat?.p50)} ms, p99 ${f2(r.lat?.p99)} ms, max ${f1(r.lat?.max)} ms; ` +
      `${f0(r.errors)} errors; cpu: server ${r.serverCpuPct === undefined ? '-' : `${f0(r.serverCpuPct)}%`}, load generator ${f0(r.generatorCpuPct)}% of a core`,
  );
}

function printLatencies(rec: Recorder): void {
  for (const key of [...rec.latencies.keys()].sort()) {
    const p = percentiles(rec.latencies.get(key));
    if (p) console.log(`      ${padEnd(key, 48)} n=${pad(String(p.n), 7)}  p50 ${pad(f2(p.p50), 8)} ms  p99 ${pad(f2(p.p99), 8)} ms  max ${pad(f1(p.max), 8)} ms`);
  }
  const errs = [...rec.errors.entries()].sort((a, b) => b[1].count - a[1].count);
  if (errs.length === 0) console.log('      errors: none');
  for (const [key, e] of errs.slice(0, 12)) console.log(`      error ${padEnd(key, 48)} x${e.count}${e.sample ? `  e.g. ${e.sample}` : ''}`);
  if (errs.length > 12) console.log(`      ... and ${errs.length - 12} more error kinds`);
}

/** Warning/error lines of the server's log, grouped (ids, times and durations blanked). */
function logFindings(proc: ServerProcess): string[] {
  const text = serverLog(proc);
  const lines = groupLogLines(text, /error|warn|locked|exception|timeout|fail/i, (line) =>
    blankTimesAndIds(line)
      .replace(/\[\s*\d+ms\]/g, '[…ms]')
      .trim()
      .slice(0, 220),
  );
  // The statements behind the database errors (SQLAlchemy echoes them as `[SQL: …]`), by verb and table.
  const statements = new Map<string, number>();
  for (const m of text.matchAll(/^\[SQL: (\w+ (?:INTO |FROM )?\w+)/gm)) statements.set(m[1]!, (statements.get(m[1]!) ?? 0) + 1);
  if (statements.size > 0) lines.splice(Math.min(2, lines.length), 0, `statements in those errors: ${[...statements.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} x${n}`).join(', ')}`);
  return lines;
}

async function benchServer(name: ServerName, results: Map<string, ServerResult>): Promise<void> {
  console.log(`\n== ${name} ==`);
  const started = performance.now();
  const server = await startServer(name, { keepFiles: KEEP_FILES, signal: abort.signal, praetorDataPrefix: 'praetor-bench-deployments-' });
  if (!server) return;
  const rec = new Recorder();
  const result: ServerResult = { rec };
  results.set(name, result);
  try {
    console.log(`  ${name} ${server.version}${server.main ? ` (${server.main})` : ''} at ${server.target.api} (${server.target.mode === 'oss' ? 'OSS layout, no auth' : 'Cloud layout, bearer key'}), pid ${server.process.pid}, ready in ${f1((performance.now() - started) / 1000)} s`);
    console.log(`  scheduler settings: ${SCHEDULER_SETTINGS[name]}`);
    const t = server.target;
    const pool = await call(t, rec, K.pool, 'POST', '/work_pools/', { name: POOL, type: 'process' }, [200, 201, 409]);
    if (!pool) throw new Error(`could not create work pool ${POOL}`);

    const up = await upserts(server, rec);
    result.upsert = up.rate;
    printRate(`1. upserts (${DEPLOYMENTS} deployments, ${CLIENTS} clients)`, up.rate, 'deployments');
    if (abort.signal.aborted) return;

    const s = await scheduler(server, rec, up.ids, up.t0, up.t1);
    result.scheduler = s;
    console.log(
      `  2. scheduler: ${s.allAfterUpserts === undefined ? `NOT all ${up.ids.length} deployments had ${MIN_RUNS} runs within ${SCHEDULER_DEADLINE_SECONDS} s` : `all ${up.ids.length} deployments had ≥ ${MIN_RUNS} scheduled runs ${f2(s.allAfterUpserts)} s after the last upsert (${f2(s.allAfterFirst)} s after the first)`}; ` +
        `first run seen ${s.firstSeen === undefined ? 'never' : s.seenAtFirstPoll ? `already at the first count after the upserts (${f0(s.runsAtFirstPoll)} runs)` : `${f2(s.firstSeen)} s after the last upsert`}; runs at that point ${f0(s.runsAtDone)}, ` +
        `at the end ${f0(s.runsFinal)} SCHEDULED auto-scheduled (${f0(s.allRunsOfDeployments)} runs of these deployments in any state); ` +
        `per deployment min ${f0(s.perDeployment?.min)} max ${f0(s.perDeployment?.max)}, ${f0(s.deploymentsReady)}/${up.ids.length} with ≥ ${MIN_RUNS}; ${s.polls} count polls`,
    );
    if (abort.signal.aborted) return;

    // Heartbeats first, while the pool holds only the future runs of part 2: with N overdue runs both servers are
    // busy marking them Late, which is measured separately below.
    result.heartbeat = await heartbeats(server, rec);
    printRate(`3a. workers/heartbeat (${POLLERS} workers, ${SECONDS} s, ${t.mode === 'cloud' ? 'Cloud shape, return_id: true' : 'OSS shape'})`, result.heartbeat, 'requests');
    if (abort.signal.aborted) return;
    const due = await dueRuns(server, rec);
    result.createRuns = due?.rate;
    printRate(`3b. ${RUNS} due runs via create_flow_run (${CLIENTS} clients)`, result.createRuns, 'runs');
    if (abort.signal.aborted) return;
    if (due && SETTLE_SECONDS > 0) {
      result.settle = await settle(server, rec, due.deploymentId, due.rate.ok);
      console.log(
        `      late-runs service: ${result.settle.seconds === undefined ? `NOT all ${f0(due.rate.ok)} runs Late within ${SETTLE_SECONDS} s (${f0(result.settle.late)} were)` : `all ${f0(due.rate.ok)} runs Late ${f2(result.settle.seconds)} s after the last was created`}`,
      );
    }
    if (abort.signal.aborted) return;
    result.poll = await polling(server, rec);
    printRate(`3c. get_scheduled_flow_runs (${POLLERS} pollers, ${SECONDS} s, limit ${POLL_LIMIT})`, result.poll, 'requests');
    if (result.poll.shortAnswers > 0) console.log(`      ${result.poll.shortAnswers} answers had fewer than ${Math.min(POLL_LIMIT, RUNS)} runs`);
    console.log('    latencies (client-perceived, successful calls; retry back-off included for upserts and create_flow_run):');
    printLatencies(rec);
  } catch (err) {
    console.log(`  ${name} run failed: ${(err as Error).stack ?? String(err)}`);
    printLatencies(rec);
  } finally {
    await reportAndStop(server, logFindings(server.process), KEEP_FILES);
  }
}

function summary(results: Map<string, ServerResult>): void {
  const names = SERVERS.filter((n) => results.has(n));
  if (names.length === 0) return;
  const both = results.has('prefect') && results.has('praetor');
  type Row = [label: string, get: (r: ServerResult) => number | undefined, fmt: (n: number | undefined) => string, better: 'higher' | 'lower' | 'none'];
  const rows: Row[] = [
    [`upserts: deployments/s (${CLIENTS} clients)`, (r) => r.upsert?.perSec, f1, 'higher'],
    ['upserts: latency p50 ms', (r) => r.upsert?.lat?.p50, f2, 'lower'],
    ['upserts: latency p99 ms', (r) => r.upsert?.lat?.p99, f2, 'lower'],
    ['upserts: errors (incl. retried)', (r) => r.upsert?.errors, f0, 'none'],
    [`scheduler: all ≥${MIN_RUNS} runs, s after last upsert`, (r) => r.scheduler?.allAfterUpserts, f2, 'lower'],
    ['scheduler: first run seen, s after (0 = already)', (r) => (r.scheduler?.seenAtFirstPoll ? 0 : r.scheduler?.firstSeen), f2, 'none'],
    ['scheduler: runs scheduled', (r) => r.scheduler?.runsFinal, f0, 'none'],
    ['scheduler: runs per deployment (min)', (r) => r.scheduler?.perDeployment?.min, f0, 'none'],
    ['scheduler: runs per deployment (max)', (r) => r.scheduler?.perDeployment?.max, f0, 'none'],
    [`create_flow_run: runs/s (${CLIENTS} clients)`, (r) => r.createRuns?.perSec, f1, 'higher'],
    ['create_flow_run: p99 ms', (r) => r.createRuns?.lat?.p99, f2, 'lower'],
    ['create_flow_run: errors (incl. retried)', (r) => r.createRuns?.errors, f0, 'none'],
    ['due runs all Late, s after creation', (r) => r.settle?.seconds, f2, 'none'],
    [`poll: requests/s (${POLLERS} pollers)`, (r) => r.poll?.perSec, f1, 'higher'],
    ['poll: latency p50 ms', (r) => r.poll?.lat?.p50, f2, 'lower'],
    ['poll: latency p99 ms', (r) => r.poll?.lat?.p99, f2, 'lower'],
    ['poll: errors', (r) => r.poll?.errors, f0, 'none'],
    ['poll: server cpu % of a core', (r) => r.poll?.serverCpuPct, f0, 'none'],
    [`heartbeat: requests/s (${POLLERS} workers)`, (r) => r.heartbeat?.perSec, f1, 'higher'],
    ['heartbeat: latency p50 ms', (r) => r.heartbeat?.lat?.p50, f2, 'lower'],
    ['heartbeat: latency p99 ms', (r) => r.heartbeat?.lat?.p99, f2, 'lower'],
    ['heartbeat: errors', (r) => r.heartbeat?.errors, f0, 'none'],
    ['heartbeat: server cpu % of a core', (r) => r.heartbeat?.serverCpuPct, f0, 'none'],
  ];
  console.log('\n== summary ==');
  console.log([padEnd('', 48), ...names.map((n) => pad(n, 10)), ...(both ? [pad('praetor/prefect', 16)] : [])].join('  '));
  for (const [label, get, fmt, better] of rows) {
    const values = names.map((n) => get(results.get(n)!));
    const cells = [padEnd(label, 48), ...values.map((v) => pad(fmt(v), 10))];
    if (both) {
      const a = get(results.get('praetor')!);
      const b = get(results.get('prefect')!);
      cells.push(pad(better === 'none' || a === undefined || b === undefined || !(b > 0) ? '' : `${(a / b).toFixed(2)}x`, 16));
    }
    console.log(cells.join('  '));
  }
  if (both) console.log('(ratio: for a rate > 1 means Praetor is faster; for a latency or a time < 1 means Praetor is faster)');
}

/** Without the Prefect venv: the version of the interpreter a Prefect client would run on here ('' if none). */
function systemPython(): string {
  try {
    return execFileSync(process.env.BENCH_PYTHON ?? 'python3', ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    return '';
  }
}

async function main(): Promise<void> {
  if (SERVERS.length === 0) throw new Error('BENCH_SERVERS must name prefect and/or praetor');

  const { prefectVersion, python: venvPython } = await preparePrefect(SERVERS);
  const python = SERVERS.includes('prefect') ? venvPython : systemPython();
  const cpu = cpus();
  console.log('== deployments, scheduler, worker polling: Praetor vs Prefect ==');
  console.log(`machine: ${cpu.length} x ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, linux ${release()}, load avg ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`software: node ${process.version}; ${python || 'python ?'}; prefect ${prefectVersion}; praetor ${gitVersion()}; simulated client prefect/${CLIENT_VERSION}`);
  console.log(
    `conditions: servers one after the other on 127.0.0.1, each on a fresh SQLite store in a temp folder; ${DEPLOYMENTS} deployments over ${FLOWS} flows, ` +
      `${CLIENTS} concurrent clients, one interval schedule each (${INTERVAL_SECONDS} s, anchor = now); scheduler deadline ${SCHEDULER_DEADLINE_SECONDS} s; ` +
      `${RUNS} due runs in work pool ${POOL} (process), polled once all are Late (wait ≤ ${SETTLE_SECONDS} s); ${POLLERS} pollers / heartbeating workers for ${SECONDS} s each; request timeout ${REQUEST_TIMEOUT_MS} ms; ` +
      `upserts and create_flow_run with the stock client's retries (408/429/502/503, connection errors), polls and heartbeats without; load generator: this process, Node's fetch (keep-alive).`,
  );
  const results = new Map<string, ServerResult>();
  for (const name of SERVERS) {
    if (abort.signal.aborted) break;
    await benchServer(name, results);
  }
  summary(results);
}

runBenchmark(main, abort);
