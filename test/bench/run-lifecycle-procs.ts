/**
 * Child servers started by the run-lifecycle benchmark: each runs in its own process group
 * (spawned `detached`), so stopping it also stops anything it started. A group that is still
 * alive when this process exits is killed with SIGKILL from the `exit` hook, so an error or
 * Ctrl-C never leaves a server behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';

const live = new Set<number>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const pgid of live) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });
}

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything the process printed, also written to `logFile`. Only the last 256 kB are kept in memory. */
  output(): string;
  readonly logFile: string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
  /** SIGTERM to the group, then SIGKILL after `graceMs`. Resolves once the process is gone (bounded). */
  stop(graceMs?: number): Promise<void>;
  /** CPU seconds (user + system, own + reaped children) used by the process, from /proc; undefined if unreadable. */
  cpuSeconds(): number | undefined;
}

const TAIL_BYTES = 256 * 1024;
/** Linux USER_HZ; it is 100 on every mainstream kernel build. */
const CLK_TCK = 100;

export function spawnServer(command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string, cwd?: string): ServerProcess {
  hookExit();
  const log: WriteStream = createWriteStream(logFile);
  const child = spawn(command, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  live.add(pid);
  let tail = '';
  let done = false;
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    tail += chunk.toString();
    if (tail.length > TAIL_BYTES * 2) tail = tail.slice(-TAIL_BYTES);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      done = true;
      live.delete(pid);
      resolve({ code, signal });
    });
    child.on('error', () => {
      done = true;
      live.delete(pid);
      resolve({ code: null, signal: null });
    });
  });
  void exited.then(() => setTimeout(() => log.end(), 100).unref());

  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      /* group gone */
    }
  };
  const waitExit = (ms: number) =>
    Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);

  return {
    child,
    pid,
    logFile,
    exited,
    output: () => tail,
    hasExited: () => done,
    async stop(graceMs = 15_000) {
      if (!done) {
        killGroup('SIGTERM');
        if (!(await waitExit(graceMs))) {
          killGroup('SIGKILL');
          await waitExit(5_000);
        }
      }
      // Anything the server left in its group (workers, helpers) goes too.
      killGroup('SIGKILL');
      live.delete(pid);
    },
    cpuSeconds() {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // After the comm field: state is index 0, utime 11, stime 12, cutime 13, cstime 14.
        const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
        return ticks / CLK_TCK;
      } catch {
        return undefined;
      }
    },
  };
}

/** A bounded wait for `check` to become true, polling every `everyMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, everyMs = 250, giveUp?: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (giveUp?.()) return false;
    try {
      if (await check()) return true;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return false;
}
