import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import type { AppConfig } from './config/config';
import { AllExceptionsFilter } from './infrastructure/http/all-exceptions.filter';
import { ossLayoutRewriter, type DefaultWorkspace } from './infrastructure/http/oss-layout';
import { registerWebsocketSupport } from './infrastructure/http/websockets';
import { dtoValidationPipe, NullMeansDefaultPipe } from './infrastructure/http/validation';
import { keepBodyText } from './infrastructure/http/json-body';
import { PinoNestLogger } from './infrastructure/observability/logger';
import { Metrics } from './infrastructure/observability/metrics';
import { ReactorRegistry } from './infrastructure/reactors/reactor-registry';
import { ReactorRunner } from './infrastructure/reactors/reactor-runner';
import { MonitorRunner } from './infrastructure/reactors/monitor-runner';
import { closeRuntime, openRuntime, type Runtime } from './infrastructure/runtime';
import { bootstrapInstallation, type InstallationSummary } from './installation/bootstrap';
import { DeciderCommandHandler } from './shared/application';
import type { Projection } from './shared/ddd';

export interface Server {
  readonly app: NestFastifyApplication;
  readonly runtime: Runtime;
  readonly installation: InstallationSummary;
  readonly url: string;
  close(): Promise<void>;
}

const BODY_LIMIT = 16 * 1024 * 1024;

/** Opens the stores, catches the projections up, starts HTTP and runs first-start set-up. */
export async function startServer(config: AppConfig, logger: Logger, projections: readonly Projection[], metrics = new Metrics()): Promise<Server> {
  const runtime = await openRuntime(config, logger, metrics, projections);
  await runtime.projections.start();
  const defaultWorkspace: DefaultWorkspace = { current: undefined };
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    routerOptions: { ignoreTrailingSlash: true },
    genReqId: () => crypto.randomUUID(),
    trustProxy: false,
    rewriteUrl: ossLayoutRewriter(defaultWorkspace),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRuntime(runtime), adapter, { logger: new PinoNestLogger(logger), bufferLogs: false, bodyParser: false });
  app.useGlobalFilters(new AllExceptionsFilter(logger));
  app.useGlobalPipes(new NullMeansDefaultPipe(), dtoValidationPipe());
  // Before init: the websocket routes are added to Fastify while the modules initialise.
  await registerWebsocketSupport(app);
  const fastify = app.getHttpAdapter().getInstance();
  // An empty body sent with `content-type: application/json` (a DELETE from some HTTP clients) is no body, not a 400.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (req, raw, done) => {
    const text = raw.toString();
    keepBodyText(req, text);
    if (text.trim() === '') done(null, undefined);
    else parseJson(req, text, done);
  });
  // HTML form posts: the SAML HTTP-POST binding sends `SAMLResponse` and `RelayState` this way. A repeated field keeps its first value.
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, raw, done) => {
    const form: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(raw.toString())) if (!(k in form)) form[k] = v;
    done(null, form);
  });
  fastify.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions?.url ?? 'unmatched';
    metrics.httpLatency.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  await app.init();
  const reactors = new ReactorRunner(runtime.stores.events, runtime.stores.readStore, app.get(ReactorRegistry).list(), { logger, metrics });
  await reactors.start();
  const installation = await bootstrapInstallation(config, app.get(CommandBus), app.get(DeciderCommandHandler), runtime.projections);
  const monitors = new MonitorRunner(app.get(ReactorRegistry).listMonitors(), logger);
  monitors.start();
  defaultWorkspace.current = installation.ids;
  await app.listen({ port: config.port, host: config.host });
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  let closing: Promise<void> | undefined;
  return {
    app,
    runtime,
    installation,
    url: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`,
    close() {
      // Stop taking requests and let those in flight finish, then flush and close the stores.
      // Monitors and reactors first (they write through Nest's services), then HTTP and sockets, then the stores.
      closing ??= monitors
        .stop()
        .then(() => reactors.stop())
        .then(() => app.close())
        .then(() => closeRuntime(runtime));
      return closing;
    },
  };
}
