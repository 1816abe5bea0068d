import type { Logger } from 'pino';

/**
 * A monitor: a background job that runs on a timer rather than on events (the scheduler's top-up,
 * late runs, worker status, zombie runs). Its effects go through commands, so they are events too.
 * A run must be idempotent: it may be cut short by a crash and simply runs again.
 */
export interface Monitor {
  readonly name: string;
  /** Milliseconds between the end of one run and the start of the next. */
  readonly intervalMs: number;
  run(): Promise<void>;
}

/** Runs each monitor in its own loop; a failing run is logged and the loop goes on. */
export class MonitorRunner {
  private stopping = false;
  private readonly loops: Promise<void>[] = [];
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly monitors: readonly Monitor[],
    private readonly logger?: Logger,
  ) {}

  start(): void {
    for (const monitor of this.monitors) this.loops.push(this.loop(monitor));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of this.wakers) wake();
    await Promise.all(this.loops);
  }

  private async loop(monitor: Monitor): Promise<void> {
    while (!this.stopping) {
      try {
        await monitor.run();
      } catch (err) {
        this.logger?.error({ err, monitor: monitor.name }, 'monitor run failed');
      }
      if (this.stopping) break;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.wakers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, monitor.intervalMs);
        this.wakers.add(wake);
      });
    }
  }
}
