/**
 * The load of the run-lifecycle benchmark: simulated Prefect 3.9 clients, each running flow runs
 * back to back with exactly the REST and WebSocket traffic the stock client sends for a local
 * flow run with N tasks (captured from prefect 3.9.1 against its own server):
 *
 *   POST /flows/                       upsert by name
 *   POST /flow_runs/                   PENDING
 *   POST /flow_runs/{id}/set_state     RUNNING, fresh transition_id
 *   WS   /events/in                    per task: prefect.task-run.Pending, .Running, .Completed
 *   POST /logs/                        one batch: N + 2 records
 *   POST /flow_runs/{id}/set_state     COMPLETED, fresh transition_id
 *
 * Each client keeps one events socket open for the whole level, as a long-lived process's
 * EventsWorker does, and pings every 700 events (the client's checkpoint). Nothing here throws on
 * a failed request: failures are counted by endpoint and status. As in the client, a failed
 * `/logs/` batch or event send does not stop the flow run; a failed flows / flow_runs / set_state
 * call (after the client's retries) abandons it and the client backs off briefly before the next.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import WebSocket from 'ws';

export const CLIENT_VERSION = '3.9.1';
const USER_AGENT = `prefect/${CLIENT_VERSION} (API 0.8.4)`;
const TASK_NAME = 'bench_task';
const TASK_KEY = `${TASK_NAME}-5f1e2d3c`;
const CHECKPOINT_EVERY = 700;
/** PREFECT_CLIENT_MAX_RETRIES and the statuses the client retries. BENCH_CLIENT_RETRIES=0 turns retries off. */
const MAX_RETRIES = process.env.BENCH_CLIENT_RETRIES === '0' ? 0 : 5;
const RETRY_STATUSES: readonly number[] = [408, 429, 502, 503];

export const EP = {
  flows: 'POST /flows/',
  flowRuns: 'POST /flow_runs/',
  setState: 'POST /flow_runs/{id}/set_state',
  logs: 'POST /logs/',
  events: 'WS /events/in',
  count: 'POST /task_runs/count',
} as const;

export interface Target {
  readonly name: string;
  /** Base URL the paths are appended to: `http://127.0.0.1:P/api` or a Cloud-layout workspace URL. */
  readonly api: string;
  /** `oss`: subprotocol `prefect` + `{"type":"auth","token":null}`. `cloud`: `Authorization: bearer KEY` on the upgrade. */
  readonly mode: 'oss' | 'cloud';
  readonly apiKey?: string;
}

export function eventsUrl(t: Target): string {
  return `${t.api.replace(/^http/, 'ws')}/events/in`;
}

export function httpHeaders(t: Target): Record<string, string> {
  const h: Record<string, string> = { 'content-type': 'application/json', 'user-agent': USER_AGENT, 'x-prefect-api-version': '0.8.4' };
  if (t.apiKey) h.authorization = `Bearer ${t.apiKey}`;
  return h;
}

// ---------------------------------------------------------------------------------------------
// Measurements

export class Recorder {
  readonly latencies = new Map<string, number[]>();
  readonly errors = new Map<string, { count: number; sample: string }>();
  flowRunsCompleted = 0;
  flowRunsAbandoned = 0;
  setStateAccepted = 0;
  setStateNotAccepted = 0;
  eventsSent = 0;
  eventsNotSent = 0;
  /** Task runs whose Completed event went out: what the server should end up storing as COMPLETED. */
  taskRunsSent = 0;
  logsSent = 0;
  wsConnects = 0;

  latency(key: string, ms: number): void {
    let list = this.latencies.get(key);
    if (!list) this.latencies.set(key, (list = []));
    list.push(ms);
  }

  error(key: string, sample = ''): void {
    const e = this.errors.get(key);
    if (e) e.count++;
    else this.errors.set(key, { count: 1, sample: sample.replace(/\s+/g, ' ').slice(0, 240) });
  }

  errorCount(): number {
    let n = 0;
    for (const e of this.errors.values()) n += e.count;
    return n;
  }
}

export interface Percentiles {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export function percentiles(values: readonly number[] | undefined): Percentiles | undefined {
  if (!values || values.length === 0) return undefined;
  const s = Float64Array.from(values).sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
  return { n: s.length, p50: at(0.5), p99: at(0.99), max: s[s.length - 1]! };
}

// ---------------------------------------------------------------------------------------------
// Ids and timestamps as the Python client renders them

/** UUIDv7, as the 3.x client uses for task runs, states and events. */
export function uuid7(): string {
  const b = randomBytes(16);
  let ms = Date.now();
  for (let i = 5; i >= 0; i--) {
    b[i] = ms & 0xff;
    ms = Math.floor(ms / 256);
  }
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

let lastMicros = 0;
/**
 * Strictly increasing microsecond timestamps. Servers keep a task run's newest state by timestamp,
 * so Pending < Running < Completed must hold even when all three are sent within one millisecond.
 */
function nowMicros(): number {
  const m = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  lastMicros = m > lastMicros ? m : lastMicros + 1;
  return lastMicros;
}

/** `2026-11-27T19:51:08.873054Z` (pydantic's rendering). */
function isoZ(micros: number): string {
  return `${new Date(Math.floor(micros / 1000)).toISOString().slice(0, 19)}.${String(micros % 1_000_000).padStart(6, '0')}Z`;
}

/** `2026-11-27T19:51:08.873054+00:00` (Python's datetime.isoformat, used in resource labels). */
function isoOffset(micros: number): string {
  return `${isoZ(micros).slice(0, -1)}+00:00`;
}

// ---------------------------------------------------------------------------------------------
// Request bodies (shapes copied from prefect 3.9.1 traffic)

function stateDetails(flowRunId: string, untrackableResult: boolean): Record<string, unknown> {
  return {
    flow_run_id: flowRunId,
    task_run_id: null,
    child_flow_run_id: null,
    scheduled_time: null,
    cache_key: null,
    cache_expiration: null,
    deferred: null,
    untrackable_result: untrackableResult,
    pause_timeout: null,
    pause_reschedule: false,
    pause_key: null,
    run_input_keyset: null,
    refresh_cache: null,
    retriable: null,
    transition_id: randomUUID(),
    task_parameters_id: null,
    traceparent: null,
    deployment_concurrency_lease_id: null,
  };
}

function setStateBody(flowRunId: string, type: 'RUNNING' | 'COMPLETED'): unknown {
  const name = type === 'RUNNING' ? 'Running' : 'Completed';
  return { state: { type, name, message: null, state_details: stateDetails(flowRunId, type === 'COMPLETED'), data: null }, force: false };
}

function flowRunCreateBody(flowId: string): unknown {
  return {
    state: { type: 'PENDING', name: 'Pending', message: null, state_details: { traceparent: null }, data: null },
    name: null,
    flow_id: flowId,
    flow_version: '77a54e4fbfaafae25a9eba70faeb76f9',
    parameters: {},
    context: {},
    parent_task_run_id: null,
    empirical_policy: { retries: 0, retry_delay: 0 },
    tags: [],
  };
}

interface FlowRunCtx {
  flowId: string;
  flowName: string;
  flowRunId: string;
  flowRunName: string;
}

type StateName = 'Pending' | 'Running' | 'Completed';
const STATE_TYPE: Record<StateName, string> = { Pending: 'PENDING', Running: 'RUNNING', Completed: 'COMPLETED' };

interface TaskRunSim {
  id: string;
  name: string;
  dynamicKey: string;
  expectedStart: number;
  start?: number;
  prev?: { name: StateName; eventId: string };
}

/** One `prefect.task-run.<state>` event, as `emit_task_run_state_change_event` + the EventsWorker build it. */
function taskRunEvent(ctx: FlowRunCtx, tr: TaskRunSim, state: StateName): { json: string; id: string; at: number } {
  const at = nowMicros();
  if (state === 'Pending') tr.expectedStart = at;
  if (state === 'Running') tr.start = at;
  const id = uuid7();
  const runCount = state === 'Pending' ? 0 : 1;
  const taskRun: Record<string, unknown> = {
    name: tr.name,
    task_key: TASK_KEY,
    dynamic_key: tr.dynamicKey,
    empirical_policy: { max_retries: 0, retry_delay_seconds: 0.0, retries: 0, retry_delay: 0 },
    tags: [],
    labels: {},
    task_inputs: { x: [] },
    run_count: runCount,
    flow_run_run_count: runCount,
    expected_start_time: isoZ(tr.expectedStart),
  };
  if (tr.start !== undefined) taskRun.start_time = isoZ(tr.start);
  if (state === 'Completed') taskRun.end_time = isoZ(at);
  taskRun.total_run_time = state === 'Completed' && tr.start !== undefined ? (at - tr.start) / 1e6 : 0.0;
  const prev = tr.prev;
  const event = {
    occurred: isoZ(at),
    event: `prefect.task-run.${state}`,
    resource: {
      'prefect.resource.id': `prefect.task-run.${tr.id}`,
      'prefect.resource.name': tr.name,
      'prefect.run-count': String(runCount),
      'prefect.state-message': '',
      'prefect.state-name': state,
      'prefect.state-timestamp': isoOffset(at),
      'prefect.state-type': STATE_TYPE[state],
      'prefect.orchestration': 'client',
    },
    related: [
      { 'prefect.resource.id': `prefect.flow-run.${ctx.flowRunId}`, 'prefect.resource.role': 'flow-run', 'prefect.resource.name': ctx.flowRunName },
      { 'prefect.resource.id': `prefect.flow.${ctx.flowId}`, 'prefect.resource.role': 'flow', 'prefect.resource.name': ctx.flowName },
    ],
    payload: {
      intended: { from: prev ? STATE_TYPE[prev.name] : null, to: STATE_TYPE[state] },
      initial_state: prev ? { type: STATE_TYPE[prev.name], name: prev.name, message: '', state_details: {} } : null,
      validated_state: { type: STATE_TYPE[state], name: state, message: '', state_details: state === 'Completed' ? { untrackable_result: true } : {}, data: null },
      task_run: taskRun,
    },
    id,
    follows: prev?.eventId ?? null,
  };
  tr.prev = { name: state, eventId: id };
  return { json: JSON.stringify(event), id, at };
}

// ---------------------------------------------------------------------------------------------
// One simulated client

export interface ClientOptions {
  readonly tasks: number;
  readonly requestTimeoutMs: number;
  /** Aborts every in-flight request and socket wait (Ctrl-C, or the level's hard cap). */
  readonly signal: AbortSignal;
  /** performance.now() after which no retry back-off is started. Set when the level's clock starts. */
  readonly clock: { deadline: number };
  /** The flow every client of the level runs (upserted by name, as each real flow run does). */
  readonly flowName: string;
}

/**
 * A signal that aborts when `parent` does or after `ms`. `release()` detaches it from the parent, so
 * thousands of requests do not pile listeners onto the level's long-lived signal.
 */
function requestSignal(parent: AbortSignal, ms: number): { signal: AbortSignal; timedOut: () => boolean; release: () => void } {
  const c = new AbortController();
  let timedOut = false;
  const onAbort = () => c.abort(parent.reason);
  const timer = setTimeout(() => {
    timedOut = true;
    c.abort(new DOMException('request timed out', 'TimeoutError'));
  }, ms);
  if (parent.aborted) c.abort(parent.reason);
  else parent.addEventListener('abort', onAbort, { once: true });
  return {
    signal: c.signal,
    timedOut: () => timedOut,
    release: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', onAbort);
    },
  };
}

function describeFetchError(err: unknown, aborted: boolean, timedOut: boolean): string {
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string; message?: string } };
  if (timedOut) return 'TIMEOUT';
  if (aborted || e?.name === 'AbortError') return 'ABORTED';
  return `ERR:${e?.cause?.code ?? e?.code ?? e?.cause?.name ?? e?.name ?? 'unknown'}`;
}

export class SimulatedClient {
  private ws: WebSocket | undefined;
  private wsRetryAt = 0;
  private sinceCheckpoint = 0;
  private failures = 0;
  private hadResponse = false;
  private readonly headers: Record<string, string>;

  constructor(
    private readonly target: Target,
    private readonly opts: ClientOptions,
    private readonly rec: Recorder,
  ) {
    this.headers = httpHeaders(target);
  }

  /** Opens the events socket (10 s handshake timeout, 20 s overall with the auth reply). Failures are recorded, not thrown. */
  async connect(): Promise<boolean> {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) return true;
    if (Date.now() < this.wsRetryAt) return false;
    this.ws = undefined;
    const url = eventsUrl(this.target);
    const headers: Record<string, string> = { 'User-Agent': USER_AGENT };
    const options = { headers, handshakeTimeout: 10_000 };
    let ws: WebSocket;
    if (this.target.mode === 'cloud') {
      if (this.target.apiKey) headers.Authorization = `bearer ${this.target.apiKey}`;
      ws = new WebSocket(url, options);
    } else {
      ws = new WebSocket(url, ['prefect'], options);
    }
    const ok = await new Promise<boolean>((resolve) => {
      let settled = false;
      const finish = (v: boolean, errKey?: string, sample?: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(authTimer);
        this.opts.signal.removeEventListener('abort', onAbort);
        if (errKey) this.rec.error(`${EP.events} ${errKey}`, sample);
        resolve(v);
      };
      const onAbort = () => finish(false);
      this.opts.signal.addEventListener('abort', onAbort, { once: true });
      const authTimer = setTimeout(() => finish(false, 'auth timeout'), 20_000);
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => finish(false, `upgrade ${res.statusCode}`, body));
        res.on('error', () => finish(false, `upgrade ${res.statusCode}`));
        setTimeout(() => finish(false, `upgrade ${res.statusCode}`, body), 2_000).unref();
      });
      ws.on('error', (err: Error & { code?: string }) => finish(false, `connect ${err.code ?? err.message}`, err.message));
      ws.on('close', (code, reason) => finish(false, `closed ${code} during handshake`, reason.toString()));
      ws.on('open', () => {
        if (this.target.mode === 'cloud') return finish(true);
        ws.once('message', (data) => {
          const text = data.toString();
          let type: unknown;
          try {
            type = (JSON.parse(text) as { type?: unknown }).type;
          } catch {
            type = undefined;
          }
          if (type === 'auth_success') finish(true);
          else finish(false, 'auth failed', text);
        });
        ws.send(JSON.stringify({ type: 'auth', token: null }));
      });
    });
    if (!ok) {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      this.wsRetryAt = Date.now() + 2_000;
      return false;
    }
    this.rec.wsConnects++;
    ws.removeAllListeners('close');
    ws.removeAllListeners('error');
    ws.on('error', (err: Error & { code?: string }) => this.rec.error(`${EP.events} socket error ${err.code ?? ''}`.trim(), err.message));
    ws.on('close', (code, reason) => {
      if (this.ws === ws) {
        this.ws = undefined;
        if (code !== 1000 && !this.opts.signal.aborted) this.rec.error(`${EP.events} closed ${code}`, reason.toString());
      }
    });
    ws.on('message', () => undefined);
    this.ws = ws;
    this.sinceCheckpoint = 0;
    // The client pings right after connecting and waits for the pong.
    await this.checkpoint();
    return this.ws !== undefined;
  }

  /** Ping and wait for the pong (30 s cap): the client's proof that earlier frames were delivered. */
  async checkpoint(): Promise<boolean> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    this.sinceCheckpoint = 0;
    const started = performance.now();
    const ok = await new Promise<boolean>((resolve) => {
      const cleanup = () => {
        clearTimeout(timer);
        ws.off('pong', onPong);
        ws.off('close', onClose);
        this.opts.signal.removeEventListener('abort', onClose);
      };
      const onPong = () => {
        cleanup();
        resolve(true);
      };
      const onClose = () => {
        cleanup();
        resolve(false);
      };
      const timer = setTimeout(() => {
        cleanup();
        this.rec.error(`${EP.events} pong timeout`);
        resolve(false);
      }, 30_000);
      ws.on('pong', onPong);
      ws.on('close', onClose);
      this.opts.signal.addEventListener('abort', onClose, { once: true });
      try {
        ws.ping();
      } catch {
        onClose();
      }
    });
    if (ok) this.rec.latency(`${EP.events} ping`, performance.now() - started);
    return ok;
  }

  private send(json: string): Promise<boolean> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.resolve(false);
    return new Promise((resolve) => {
      try {
        ws.send(json, (err) => {
          if (err) this.rec.error(`${EP.events} send failed`, err.message);
          resolve(!err);
        });
      } catch (err) {
        this.rec.error(`${EP.events} send failed`, (err as Error).message);
        resolve(false);
      }
    });
  }

  /**
   * POST with the stock client's retry policy (prefect/client/base.py): 408, 429, 502 and 503 are
   * retried up to 5 times after `Retry-After` seconds (jittered upward) or 2**n s (n = 1..5, ±20 %);
   * connection errors are retried once the client has had a successful response. Each retried
   * answer is counted as an error "(client retried)". A retry that would sleep past the level's
   * deadline is not made: the call fails and the flow run is abandoned, so a level ends on time.
   * The latency recorded is the client's: first attempt to final answer, back-off included.
   */
  private async post(endpoint: string, path: string, body: unknown, okStatuses: readonly number[], extra?: Record<string, string>): Promise<unknown> {
    const started = performance.now();
    const headers = extra ? { ...this.headers, ...extra } : this.headers;
    const payload = JSON.stringify(body);
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      let text: string;
      const rs = requestSignal(this.opts.signal, this.opts.requestTimeoutMs);
      try {
        res = await fetch(`${this.target.api}${path}`, { method: 'POST', headers, body: payload, signal: rs.signal });
        text = await res.text();
      } catch (err) {
        const key = `${endpoint} ${describeFetchError(err, this.opts.signal.aborted, rs.timedOut())}`;
        const sample = String((err as { cause?: unknown })?.cause ?? err);
        if (key.includes(' ERR:') && this.hadResponse && attempt < MAX_RETRIES && (await this.backoff(attempt + 1, null))) {
          this.rec.error(`${key} (client retried)`, sample);
          continue;
        }
        this.rec.error(key, sample);
        return undefined;
      } finally {
        rs.release();
      }
      this.hadResponse = true;
      if (!okStatuses.includes(res.status)) {
        if (RETRY_STATUSES.includes(res.status) && attempt < MAX_RETRIES && (await this.backoff(attempt + 1, res.headers.get('retry-after')))) {
          this.rec.error(`${endpoint} ${res.status} (client retried)`, text);
          continue;
        }
        this.rec.error(`${endpoint} ${res.status}`, text);
        return undefined;
      }
      this.rec.latency(endpoint, performance.now() - started);
      if (attempt > 0) this.rec.latency(`${endpoint} retried calls`, performance.now() - started);
      try {
        return text === '' ? null : (JSON.parse(text) as unknown);
      } catch {
        this.rec.error(`${endpoint} ${res.status} not JSON`, text);
        return undefined;
      }
    }
  }

  /** Sleeps like the client before retry `n`. False (without sleeping) if that would pass the deadline or the run is aborted. */
  private async backoff(n: number, retryAfter: string | null): Promise<boolean> {
    const header = retryAfter === null ? NaN : Number(retryAfter);
    const seconds = Number.isFinite(header) && header >= 0 ? header * (1 + Math.random() * 0.2) : 2 ** n * (0.8 + Math.random() * 0.4);
    const ms = seconds * 1000;
    if (this.opts.signal.aborted || performance.now() + ms > this.opts.clock.deadline) return false;
    const signal = this.opts.signal;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
    return !this.opts.signal.aborted;
  }

  /** One flow run from creation to Completed. Returns false (after recording why) if it had to be abandoned. */
  async runFlow(): Promise<boolean> {
    const ok = await this.flowRun();
    if (ok) {
      this.failures = 0;
      this.rec.flowRunsCompleted++;
    } else {
      this.rec.flowRunsAbandoned++;
      this.failures++;
      // Back off so a server that answers every call with an error is not hammered in a hot loop.
      const wait = Math.min(1_000, 25 * 2 ** Math.min(this.failures, 6));
      await new Promise((r) => setTimeout(r, wait));
    }
    return ok;
  }

  private async flowRun(): Promise<boolean> {
    const { tasks } = this.opts;
    const flowName = this.opts.flowName;
    const flow = (await this.post(EP.flows, '/flows/', { name: flowName, tags: [], labels: {} }, [200, 201])) as { id?: string } | undefined;
    if (!flow?.id) return false;
    const run = (await this.post(EP.flowRuns, '/flow_runs/', flowRunCreateBody(flow.id), [200, 201])) as { id?: string; name?: string } | undefined;
    if (!run?.id) return false;
    const ctx: FlowRunCtx = { flowId: flow.id, flowName, flowRunId: run.id, flowRunName: run.name ?? 'bench-run' };
    const attribution = { 'x-prefect-flow-id': flow.id, 'x-prefect-flow-name': flowName };

    if (!(await this.setState(ctx.flowRunId, 'RUNNING'))) return false;
    const logs: unknown[] = [{ name: 'prefect.flow_runs', level: 20, message: `Beginning flow run '${ctx.flowRunName}' for flow '${flowName}'`, timestamp: isoZ(nowMicros()), flow_run_id: ctx.flowRunId, task_run_id: null }];

    // Tasks: client-side orchestration, states go out as events only.
    await this.connect();
    for (let i = 0; i < tasks; i++) {
      const id = uuid7();
      const tr: TaskRunSim = { id, name: `${TASK_NAME}-${id.slice(-3)}`, dynamicKey: randomUUID(), expectedStart: 0 };
      const sends: Promise<boolean>[] = [];
      for (const state of ['Pending', 'Running', 'Completed'] as const) sends.push(this.send(taskRunEvent(ctx, tr, state).json));
      const results = await Promise.all(sends);
      for (const r of results) {
        if (r) this.rec.eventsSent++;
        else this.rec.eventsNotSent++;
      }
      if (results[2]) this.rec.taskRunsSent++;
      this.sinceCheckpoint += 3;
      if (this.sinceCheckpoint >= CHECKPOINT_EVERY) await this.checkpoint();
      logs.push({ name: 'prefect.task_runs', level: 20, message: 'Finished in state Completed()', timestamp: isoZ(nowMicros()), flow_run_id: ctx.flowRunId, task_run_id: id });
    }

    logs.push({ name: 'prefect.flow_runs', level: 20, message: 'Finished in state Completed()', timestamp: isoZ(nowMicros()), flow_run_id: ctx.flowRunId, task_run_id: null });
    // Logs go out from the client's background log worker: a failure is logged there and the flow goes on.
    if ((await this.post(EP.logs, '/logs/', logs, [200, 201, 204], attribution)) !== undefined) this.rec.logsSent += logs.length;
    return this.setState(ctx.flowRunId, 'COMPLETED', attribution);
  }

  private async setState(flowRunId: string, type: 'RUNNING' | 'COMPLETED', extra?: Record<string, string>): Promise<boolean> {
    const res = (await this.post(EP.setState, `/flow_runs/${flowRunId}/set_state`, setStateBody(flowRunId, type), [200, 201], extra)) as
      | { status?: string; state?: { type?: string } | null }
      | undefined;
    if (res === undefined) return false;
    if (res?.status === 'ACCEPT' && res.state?.type === type) {
      this.rec.setStateAccepted++;
      return true;
    }
    this.rec.setStateNotAccepted++;
    this.rec.error(`${EP.setState} ${type} -> ${res?.status ?? '?'}`, JSON.stringify(res));
    return false;
  }

  /** Final checkpoint (the client drains at exit), then a normal close. Bounded. */
  async close(): Promise<void> {
    const ws = this.ws;
    if (!ws) return;
    await this.checkpoint();
    this.ws = undefined;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        ws.terminate();
        resolve();
      }, 3_000);
      ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      try {
        ws.close(1000);
      } catch {
        clearTimeout(timer);
        ws.terminate();
        resolve();
      }
    });
  }
}

// ---------------------------------------------------------------------------------------------
// A level: C clients, back-to-back flow runs for a fixed time

export interface LevelOptions {
  /** One flow name per level, so the stored task runs of a level can be counted apart from earlier ones. */
  readonly flowName: string;
  readonly clients: number;
  readonly seconds: number;
  readonly tasks: number;
  readonly requestTimeoutMs: number;
  /** After the deadline, clients finish their current flow run; past this extra time everything in flight is aborted. */
  readonly drainMs: number;
  readonly signal: AbortSignal;
  /** CPU seconds used so far by the server process, sampled at the start and end of the load. */
  readonly serverCpu?: () => number | undefined;
}

export interface LevelRun {
  readonly rec: Recorder;
  /** Wall time from the first flow run started to the last one finished (s). */
  readonly elapsed: number;
  /** performance.now() when the last client finished its last flow run (before sockets are closed). */
  readonly loadEnd: number;
  /** Load-generator CPU seconds (this process) during the load. */
  readonly generatorCpu: number;
  /** Server CPU seconds during the load, if it could be read. */
  readonly serverCpu: number | undefined;
}

export async function runLevel(target: Target, o: LevelOptions): Promise<LevelRun> {
  const rec = new Recorder();
  const hardStop = new AbortController();
  const signal = AbortSignal.any([o.signal, hardStop.signal]);
  // Every client waits on it (socket pings, back-offs, requests): that many listeners are expected.
  setMaxListeners(0, signal);
  const clock = { deadline: Number.POSITIVE_INFINITY };
  const clients = Array.from({ length: o.clients }, () => new SimulatedClient(target, { tasks: o.tasks, requestTimeoutMs: o.requestTimeoutMs, signal, clock, flowName: o.flowName }, rec));
  // Sockets are opened before the clock starts, as a running process's EventsWorker already is.
  await Promise.all(clients.map((c) => c.connect()));
  const server0 = o.serverCpu?.();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const deadline = t0 + o.seconds * 1000;
  clock.deadline = deadline;
  const hardTimer = setTimeout(() => hardStop.abort(), o.seconds * 1000 + o.drainMs);
  try {
    await Promise.all(
      clients.map(async (c) => {
        // Bounded: stops at the deadline (or abort); each flow run is bounded by request timeouts and the hard cap.
        while (performance.now() < deadline && !signal.aborted) await c.runFlow();
      }),
    );
  } finally {
    clearTimeout(hardTimer);
  }
  const loadEnd = performance.now();
  const elapsed = (loadEnd - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const server1 = o.serverCpu?.();
  await Promise.all(clients.map((c) => c.close()));
  return { rec, elapsed, loadEnd, generatorCpu: (cpu.user + cpu.system) / 1e6, serverCpu: server0 !== undefined && server1 !== undefined ? server1 - server0 : undefined };
}

/**
 * `POST /task_runs/count` of COMPLETED task runs of flow `flowName`. Returns the count, or a string saying why not.
 */
export async function countCompletedTaskRuns(target: Target, flowName: string, signal: AbortSignal): Promise<number | string> {
  const rs = requestSignal(signal, 30_000);
  try {
    const res = await fetch(`${target.api}/task_runs/count`, {
      method: 'POST',
      headers: httpHeaders(target),
      body: JSON.stringify({ flows: { name: { any_: [flowName] } }, task_runs: { state: { type: { any_: ['COMPLETED'] } } } }),
      signal: rs.signal,
    });
    const text = await res.text();
    if (!res.ok) return `HTTP ${res.status} ${text.replace(/\s+/g, ' ').slice(0, 160)}`;
    const n = JSON.parse(text) as unknown;
    return typeof n === 'number' ? n : `not a number: ${text.slice(0, 80)}`;
  } catch (err) {
    return describeFetchError(err, signal.aborted, rs.timedOut());
  } finally {
    rs.release();
  }
}
