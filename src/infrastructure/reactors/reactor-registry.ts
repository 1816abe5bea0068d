import { Injectable } from '@nestjs/common';
import type { Monitor } from './monitor-runner';
import type { Reactor } from './reactor-runner';

/**
 * Where context modules put their reactors and monitors (in `onModuleInit`); server.ts hands the list to the
 * ReactorRunner once Nest is initialised, after the projections started.
 */
@Injectable()
export class ReactorRegistry {
  private readonly reactors: Reactor[] = [];
  private readonly monitors: Monitor[] = [];

  register(reactor: Reactor): void {
    if (this.reactors.some((r) => r.name === reactor.name)) throw new Error(`reactor ${reactor.name} is registered twice`);
    this.reactors.push(reactor);
  }

  list(): readonly Reactor[] {
    return [...this.reactors];
  }

  /** Timer-driven jobs (see Monitor); started after the reactors, stopped before them. */
  registerMonitor(monitor: Monitor): void {
    if (this.monitors.some((m) => m.name === monitor.name)) throw new Error(`monitor ${monitor.name} is registered twice`);
    this.monitors.push(monitor);
  }

  listMonitors(): readonly Monitor[] {
    return [...this.monitors];
  }
}
