import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config';
import type { EventStore } from './event-store/event-store.port';
import { EventStoreDbEventStore } from './event-store/eventstoredb-event-store';
import { instrumentEventStore } from './event-store/instrumented-event-store';
import { SqliteEventStore } from './event-store/sqlite-event-store';
import type { Metrics } from './observability/metrics';
import { MongoReadStore } from './read-store/mongo-read-store';
import type { ReadStore } from './read-store/read-store.port';
import { SqliteReadStore } from './read-store/sqlite-read-store';

export interface Stores {
  readonly events: EventStore;
  readonly readStore: ReadStore;
  readonly describe: { readonly events: string; readonly readStore: string };
}

/** Chooses the adapters from the configuration: embedded SQLite unless EVENTSTORE_URL / MONGODB_URL are set. */
export async function openStores(config: AppConfig, metrics: Metrics, logger: Logger): Promise<Stores> {
  mkdirSync(config.dataDir, { recursive: true });
  const raw: EventStore = config.eventStoreUrl
    ? EventStoreDbEventStore.connect(config.eventStoreUrl)
    : SqliteEventStore.open(join(config.dataDir, 'events.sqlite'));
  const readStore: ReadStore = config.mongodbUrl
    ? await MongoReadStore.connect(config.mongodbUrl, config.mongodbDb)
    : SqliteReadStore.open(join(config.dataDir, 'read-models.sqlite'), { synchronous: config.readStoreSync });
  const describe = {
    events: config.eventStoreUrl ? 'eventstoredb' : `sqlite:${join(config.dataDir, 'events.sqlite')}`,
    readStore: config.mongodbUrl ? `mongodb:${config.mongodbDb}` : `sqlite:${join(config.dataDir, 'read-models.sqlite')}`,
  };
  logger.info({ stores: describe }, 'stores open');
  return { events: instrumentEventStore(raw, metrics), readStore, describe };
}
