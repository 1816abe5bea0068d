import { Injectable } from '@nestjs/common';
import type { Reactor } from './reactor-runner';

/**
 * Where context modules put their reactors (in `onModuleInit`); server.ts hands the list to the
 * ReactorRunner once Nest is initialised, after the projections started.
 */
@Injectable()
export class ReactorRegistry {
  private readonly reactors: Reactor[] = [];

  register(reactor: Reactor): void {
    if (this.reactors.some((r) => r.name === reactor.name)) throw new Error(`reactor ${reactor.name} is registered twice`);
    this.reactors.push(reactor);
  }

  list(): readonly Reactor[] {
    return [...this.reactors];
  }
}
