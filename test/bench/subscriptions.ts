/**
 * `npm run bench:subscriptions`: GraphQL subscription delivery under run-lifecycle load (issue 6).
 *
 * Starts Praetor as a child process (bench-servers.ts), opens BENCH_SUBSCRIBERS graphql-ws connections (each with
 * one `flowRunStateChanged` subscription to the workspace, in a worker thread so their event loop is not the load
 * generator's), drives the run-lifecycle load of run-lifecycle-load.ts (BENCH_CLIENTS simulated Prefect clients
 * for BENCH_SECONDS), and prints the delivery latency (the event's `occurredAt` → received by the subscriber)
 * p50/p99/max, deliveries per second, whether every subscriber got every event, and the server's RSS and CPU.
 * Prints figures only: no pass/fail on time.
 */
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { runBenchmark, startServer, type RunningServer } from './bench-servers';
import { httpHeaders, percentiles, runLevel, type Target } from './run-lifecycle-load';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const TASKS = Number(process.env.BENCH_TASKS ?? 10);
const KEEP_FILES = process.env.BENCH_KEEP_FILES === '1';

interface WorkerInput {
  readonly url: string;
  readonly key: string;
  readonly accountId: string;
  readonly workspaceId: string;
  readonly subscribers: number;
}

type ToWorker = { type: 'reset' } | { type: 'report' } | { type: 'stop' };
type FromWorker =
  | { type: 'ready' }
  | { type: 'probe'; runIds: Record<string, number> }
  | { type: 'report'; latencies: number[]; perSubscriber: number[]; errors: string[] }
  | { type: 'stopped' };

const QUERY = `subscription S($a: ID!, $w: ID!) { flowRunStateChanged(accountId: $a, workspaceId: $w) { cursor flowRunId occurredAt state { type } } }`;

/** ISO time with microseconds → epoch ms (with the fraction). */
function epochMs(iso: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(iso);
  if (!m) return Date.parse(iso);
  const frac = (m[2] ?? '').padEnd(6, '0').slice(0, 6);
  return Date.parse(`${m[1]}${m[3]}`) + Number(frac) / 1000;
}

// ---------------------------------------------------------------------------------------------
// The subscribers (worker thread)

function subscribersThread(input: WorkerInput): void {
  const port = parentPort!;
  const clients: Client[] = [];
  let latencies: number[] = [];
  let counts = new Array<number>(input.subscribers).fill(0);
  const errors: string[] = [];
  const seenRuns = new Map<string, number>();
  for (let i = 0; i < input.subscribers; i++) {
    const client = createClient({ url: input.url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${input.key}` }, retryAttempts: 0, lazy: false });
    clients.push(client);
    client.subscribe<{ flowRunStateChanged: { occurredAt: string; flowRunId: string } }>(
      { query: QUERY, variables: { a: input.accountId, w: input.workspaceId } },
      {
        next: (v) => {
          const now = performance.timeOrigin + performance.now();
          const e = v.data?.flowRunStateChanged;
          if (!e) {
            if (errors.length < 20) errors.push(JSON.stringify(v.errors ?? v).slice(0, 200));
            return;
          }
          latencies.push(now - epochMs(e.occurredAt));
          counts[i]!++;
          seenRuns.set(e.flowRunId, (seenRuns.get(e.flowRunId) ?? 0) + 1);
        },
        error: (err) => {
          if (errors.length < 20) errors.push(`subscriber ${i}: ${Array.isArray(err) ? JSON.stringify(err) : ((err as { code?: number; reason?: string }).code ?? String(err))} ${(err as { reason?: string }).reason ?? ''}`);
        },
        complete: () => {
          if (errors.length < 20) errors.push(`subscriber ${i}: completed by the server`);
        },
      },
    );
  }
  port.on('message', (m: ToWorker) => {
    if (m.type === 'reset') {
      latencies = [];
      counts = new Array<number>(input.subscribers).fill(0);
      seenRuns.clear();
    } else if (m.type === 'report') {
      port.postMessage({ type: 'report', latencies, perSubscriber: counts, errors } satisfies FromWorker);
    } else if (m.type === 'stop') {
      void Promise.all(clients.map((c) => c.dispose())).then(() => port.postMessage({ type: 'stopped' } satisfies FromWorker));
    }
  });
  // How many subscribers got each run so far (the main thread probes until one run reached them all).
  const probeTimer = setInterval(() => port.postMessage({ type: 'probe', runIds: Object.fromEntries(seenRuns) } satisfies FromWorker), 250);
  port.on('close', () => clearInterval(probeTimer));
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}

// ---------------------------------------------------------------------------------------------
// The main thread

function rssMb(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function post<T>(target: Target, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${target.api}${path}`, { method: 'POST', headers: httpHeaders(target), body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  return (await res.json()) as T;
}

async function main(abort: AbortController): Promise<void> {
  console.log(`bench:subscriptions — ${SUBSCRIBERS} graphql-ws subscribers (flowRunStateChanged, one workspace), run-lifecycle load ${CLIENTS} clients × ${SECONDS} s, ${TASKS} tasks per run`);
  console.log(`machine: ${(await import('node:os')).cpus().length} vCPU, node ${process.version}`);
  const server = await startServer('praetor', { keepFiles: KEEP_FILES, signal: abort.signal, praetorDataPrefix: 'praetor-bench-subscriptions-' });
  if (!server) throw new Error('Praetor did not start');
  let worker: Worker | undefined;
  try {
    await run(server, abort, (w) => (worker = w));
  } finally {
    if (worker) {
      const w = worker;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 10_000);
        w.on('message', (m: FromWorker) => m.type === 'stopped' && (clearTimeout(timer), resolve()));
        w.postMessage({ type: 'stop' } satisfies ToWorker);
      });
      await w.terminate();
    }
    await server.stop();
  }
}

async function run(server: RunningServer, abort: AbortController, setWorker: (w: Worker) => void): Promise<void> {
  const target = server.target;
  const m = /^(https?:\/\/[^/]+)\/api\/accounts\/([0-9a-f-]{36})\/workspaces\/([0-9a-f-]{36})$/.exec(target.api);
  if (!m) throw new Error(`unexpected workspace URL ${target.api}`);
  const [, origin, accountId, workspaceId] = m;
  const pid = server.process.pid;
  const rssIdle = rssMb(pid);

  const opened = performance.now();
  const worker = new Worker(__filename, { workerData: { url: `${origin!.replace(/^http/, 'ws')}/graphql`, key: target.apiKey!, accountId: accountId!, workspaceId: workspaceId!, subscribers: SUBSCRIBERS } satisfies WorkerInput });
  setWorker(worker);
  let probeSeen: Record<string, number> = {};
  let latest: Extract<FromWorker, { type: 'report' }> | undefined;
  worker.on('message', (msg: FromWorker) => {
    if (msg.type === 'probe') probeSeen = msg.runIds;
    if (msg.type === 'report') latest = msg;
  });
  worker.on('error', (err) => console.error('subscriber thread failed:', err));

  // Every subscription is live once one probe run reached all of them.
  const flow = await post<{ id: string }>(target, '/flows/', { name: 'subscriptions-bench-probe', tags: [], labels: {} });
  const probes = new Set<string>();
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (abort.signal.aborted) return;
    if ([...probes].some((id) => (probeSeen[id] ?? 0) >= SUBSCRIBERS)) break;
    if (Date.now() > deadline) throw new Error(`not all ${SUBSCRIBERS} subscriptions were live after 120 s (best probe: ${Math.max(0, ...Object.values(probeSeen))})`);
    probes.add((await post<{ id: string }>(target, '/flow_runs/', { flow_id: flow.id, state: { type: 'PENDING' } })).id);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const rssSubscribed = rssMb(pid);
  console.log(`${SUBSCRIBERS} subscriptions live in ${((performance.now() - opened) / 1000).toFixed(1)} s; server RSS idle ${rssIdle?.toFixed(0)} MB, with subscribers ${rssSubscribed?.toFixed(0)} MB`);
  worker.postMessage({ type: 'reset' } satisfies ToWorker);

  let rssPeak = 0;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(pid) ?? 0)), 250);
  const level = await runLevel(target, { flowName: 'subscriptions-bench', clients: CLIENTS, seconds: SECONDS, tasks: TASKS, requestTimeoutMs: 30_000, drainMs: 30_000, signal: abort.signal, serverCpu: () => server.process.cpuSeconds() });
  // Let deliveries still in flight arrive (bounded), then read the figures.
  let previous = -1;
  for (let i = 0; i < 40; i++) {
    worker.postMessage({ type: 'report' } satisfies ToWorker);
    await new Promise((r) => setTimeout(r, 500));
    const n = latest?.latencies.length ?? 0;
    if (n === previous) break;
    previous = n;
  }
  clearInterval(sampler);
  const rssAfter = rssMb(pid);
  const report = latest!;
  const lat = percentiles(report.latencies);
  const per = report.perSubscriber;
  const setStates = level.rec.setStateAccepted;
  const runsDone = level.rec.flowRunsCompleted;
  console.log('');
  console.log(`load: ${runsDone} flow runs completed in ${level.elapsed.toFixed(1)} s (${setStates} set_state accepted, ${level.rec.eventsSent} task-run events), server CPU ${level.serverCpu === undefined ? '-' : `${((level.serverCpu / level.elapsed) * 100).toFixed(0)}%`} of a core, load generator ${((level.generatorCpu / level.elapsed) * 100).toFixed(0)}%`);
  console.log(`deliveries: ${report.latencies.length} (${(report.latencies.length / level.elapsed).toFixed(0)}/s); per subscriber min ${Math.min(...per)} max ${Math.max(...per)}${Math.min(...per) === Math.max(...per) ? ' (every subscriber got every event)' : ' (NOT equal)'}`);
  if (lat) console.log(`delivery latency (occurredAt → received): p50 ${lat.p50.toFixed(1)} ms, p99 ${lat.p99.toFixed(1)} ms, max ${lat.max.toFixed(1)} ms   [aim: p99 < 250 ms]`);
  console.log(`server RSS: idle ${rssIdle?.toFixed(0)} MB, ${SUBSCRIBERS} subscribers ${rssSubscribed?.toFixed(0)} MB, peak under load ${rssPeak.toFixed(0)} MB, after ${rssAfter?.toFixed(0)} MB`);
  if (report.errors.length > 0) console.log(`subscriber errors (first ${report.errors.length}):\n  ${report.errors.join('\n  ')}`);
  const failures = [...level.rec.errors.entries()].slice(0, 5);
  if (failures.length > 0) console.log(`load errors: ${failures.map(([k, v]) => `${k} ×${v.count}`).join(', ')}`);
}

if (isMainThread) {
  const abort = new AbortController();
  runBenchmark(() => main(abort), abort);
} else {
  subscribersThread(workerData as WorkerInput);
}
