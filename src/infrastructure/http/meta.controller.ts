import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PREFECT_API_VERSION, PREFECT_SERVER_VERSION } from './prefect-version';
import { Public } from '../auth/public.decorator';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { Metrics } from '../observability/metrics';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { WORKSPACE_PREFIX } from './workspace-scope';

/**
 * Open meta routes, at the API root and under every workspace URL (the client calls them relative to
 * PREFECT_API_URL, which is a workspace URL in Cloud mode).
 */
@Controller(['api', WORKSPACE_PREFIX])
@Public()
export class MetaController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  @Get('health')
  health(): boolean {
    return true;
  }

  @Get('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    try {
      await this.events.headPosition();
      await this.readStore.getCheckpoint('users');
      void reply.status(200).send({ message: 'OK' });
    } catch {
      void reply.status(503).send({ message: 'Database is not available' });
    }
  }

  // Prefect answers these with a JSON string; Fastify would send a bare string as text.
  @Get('admin/version')
  @Header('content-type', 'application/json')
  version(): string {
    return JSON.stringify(PREFECT_SERVER_VERSION);
  }

  @Get('version')
  @Header('content-type', 'application/json')
  apiVersion(): string {
    return JSON.stringify(PREFECT_API_VERSION);
  }

  @Get('hello')
  @Header('content-type', 'application/json')
  hello(): string {
    return JSON.stringify('👋');
  }
}

@Controller()
@Public()
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get('metrics')
  @HttpCode(200)
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
