import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { resolve } from 'node:path';

/**
 * The only place that reads process.env. Every variable is documented in README.md.
 * Validated at boot: a bad value stops the process with a message naming the variable.
 */
class Environment {
  @IsOptional() @IsString() PRAETOR_HOST: string = '127.0.0.1';

  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value))) @IsInt() @Min(0) @Max(65535)
  PRAETOR_PORT: number = 4200;

  /** The base URL users reach the server at; defaults to http://HOST:PORT (127.0.0.1 when bound to all interfaces). */
  @IsOptional() @Matches(/^https?:\/\/[^/]+$/, { message: 'PRAETOR_PUBLIC_URL must be scheme://host[:port] with no path' })
  PRAETOR_PUBLIC_URL?: string;

  @IsOptional() @IsString() PRAETOR_DATA_DIR: string = './data';

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) PRAETOR_LOG_LEVEL: string = 'info';

  @IsOptional() @Matches(/^(esdb|kurrentdb|esdb\+discover|kurrentdb\+discover|kdb|kdb\+discover):\/\//, { message: 'EVENTSTORE_URL must be an esdb:// or kurrentdb:// connection string' })
  EVENTSTORE_URL?: string;

  @IsOptional() @Matches(/^mongodb(\+srv)?:\/\//, { message: 'MONGODB_URL must be a mongodb:// connection string' })
  MONGODB_URL?: string;

  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,63}$/) MONGODB_DB: string = 'praetor';

  @IsOptional() @IsString() PRAETOR_BOOTSTRAP_EMAIL: string = 'admin@localhost';

  /** Use this key for the first owner instead of a random one (tests, docker compose). */
  @IsOptional() @Matches(/^pnu_[A-Za-z0-9]{36}$/, { message: 'PRAETOR_BOOTSTRAP_API_KEY must be pnu_ followed by 36 letters or digits' })
  PRAETOR_BOOTSTRAP_API_KEY?: string;

  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value))) @IsInt() @Min(0) @Max(600_000)
  PRAETOR_SHUTDOWN_TIMEOUT_MS: number = 10_000;

  /** fsync policy of the embedded read store (the event store is always FULL). */
  @IsOptional() @IsIn(['full', 'normal']) PRAETOR_READ_STORE_SYNC: 'full' | 'normal' = 'normal';

  /** 32 bytes, base64: encrypts block secrets at rest. Without it a key is generated once into PRAETOR_DATA_DIR/secrets.key. */
  @IsOptional() @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'PRAETOR_SECRETS_KEY must be 32 bytes in base64 (44 characters)' })
  PRAETOR_SECRETS_KEY?: string;

  /** How often the scheduler tops up every active deployment schedule (it also reacts at once to every deployment change). */
  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value))) @IsInt() @Min(1) @Max(3600)
  PRAETOR_SCHEDULER_LOOP_SECONDS: number = 10;

  /** How often the monitors run: late runs, worker/queue/pool status, zombie runs. */
  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value))) @IsInt() @Min(1) @Max(3600)
  PRAETOR_MONITOR_LOOP_SECONDS: number = 5;

  /** A run still Scheduled this many seconds past its time is marked Late (Prefect's default is 15). */
  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value))) @IsInt() @Min(1) @Max(86_400)
  PRAETOR_LATE_RUNS_AFTER_SECONDS: number = 15;

  /** A RUNNING flow run whose heartbeats stopped this many seconds ago is marked Crashed (Prefect Cloud: 90). */
  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value))) @IsInt() @Min(1) @Max(86_400)
  PRAETOR_ZOMBIE_AFTER_SECONDS: number = 90;

  /** Lifetime of a session's access token; the refresh token renews it. */
  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value))) @IsInt() @Min(30) @Max(86_400)
  PRAETOR_ACCESS_TOKEN_SECONDS: number = 900;

  /** Longest a session lives without signing in again, unless the account sets auth_expiration_seconds. */
  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value))) @IsInt() @Min(60) @Max(31_536_000)
  PRAETOR_SESSION_SECONDS: number = 1_209_600;

  /** Sets the first owner's password on first start, so they can sign in with email and password. */
  @IsOptional() @IsString() @MinLength(12, { message: 'PRAETOR_BOOTSTRAP_PASSWORD must be at least 12 characters' })
  PRAETOR_BOOTSTRAP_PASSWORD?: string;

  /** How long an invitation can be accepted. */
  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value))) @IsInt() @Min(60) @Max(31_536_000)
  PRAETOR_INVITATION_SECONDS: number = 604_800;

  /** DNS servers (host or host:port, comma-separated) that domain verification asks for TXT records; the system's by default. */
  @IsOptional() @Matches(/^[^,\s]+(,[^,\s]+)*$/, { message: 'PRAETOR_DNS_SERVERS must be a comma-separated list of host[:port]' })
  PRAETOR_DNS_SERVERS?: string;

  /** The SMTP server that sends email notifications: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://...:465. Unset: email is off. */
  @IsOptional() @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'PRAETOR_SMTP_URL must be an smtp:// or smtps:// URL' })
  PRAETOR_SMTP_URL?: string;

  /** The From address of email notifications, e.g. `Praetor <praetor@example.com>`. */
  @IsOptional() @IsString() PRAETOR_SMTP_FROM: string = 'Praetor <praetor@localhost>';

  /** The base URL of the UI, for links in notifications (`ui_url`); PRAETOR_PUBLIC_URL by default. */
  @IsOptional() @Matches(/^https?:\/\/[^\s]+$/, { message: 'PRAETOR_UI_URL must be an http(s) URL' })
  PRAETOR_UI_URL?: string;
}

export interface AppConfig {
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly logLevel: string;
  readonly eventStoreUrl: string | undefined;
  readonly mongodbUrl: string | undefined;
  readonly mongodbDb: string;
  readonly bootstrapEmail: string;
  readonly bootstrapApiKey: string | undefined;
  readonly shutdownTimeoutMs: number;
  readonly readStoreSync: 'full' | 'normal';
  readonly secretsKey: string | undefined;
  readonly schedulerLoopSeconds: number;
  readonly monitorLoopSeconds: number;
  readonly lateRunsAfterSeconds: number;
  readonly zombieAfterSeconds: number;
  readonly accessTokenSeconds: number;
  readonly sessionSeconds: number;
  readonly bootstrapPassword: string | undefined;
  readonly invitationSeconds: number;
  readonly dnsServers: readonly string[] | undefined;
  readonly smtpUrl: string | undefined;
  readonly smtpFrom: string;
  readonly uiUrl: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== undefined && v !== '' && /^(PRAETOR_|EVENTSTORE_|MONGODB_)/.test(k)));
  const parsed = plainToInstance(Environment, present, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const shownHost = parsed.PRAETOR_HOST === '0.0.0.0' || parsed.PRAETOR_HOST === '::' ? '127.0.0.1' : parsed.PRAETOR_HOST;
  return {
    host: parsed.PRAETOR_HOST,
    port: parsed.PRAETOR_PORT,
    publicUrl: parsed.PRAETOR_PUBLIC_URL ?? `http://${shownHost}:${parsed.PRAETOR_PORT}`,
    dataDir: resolve(parsed.PRAETOR_DATA_DIR),
    logLevel: parsed.PRAETOR_LOG_LEVEL,
    eventStoreUrl: parsed.EVENTSTORE_URL,
    mongodbUrl: parsed.MONGODB_URL,
    mongodbDb: parsed.MONGODB_DB,
    bootstrapEmail: parsed.PRAETOR_BOOTSTRAP_EMAIL,
    bootstrapApiKey: parsed.PRAETOR_BOOTSTRAP_API_KEY,
    shutdownTimeoutMs: parsed.PRAETOR_SHUTDOWN_TIMEOUT_MS,
    readStoreSync: parsed.PRAETOR_READ_STORE_SYNC,
    secretsKey: parsed.PRAETOR_SECRETS_KEY,
    schedulerLoopSeconds: parsed.PRAETOR_SCHEDULER_LOOP_SECONDS,
    monitorLoopSeconds: parsed.PRAETOR_MONITOR_LOOP_SECONDS,
    lateRunsAfterSeconds: parsed.PRAETOR_LATE_RUNS_AFTER_SECONDS,
    zombieAfterSeconds: parsed.PRAETOR_ZOMBIE_AFTER_SECONDS,
    accessTokenSeconds: parsed.PRAETOR_ACCESS_TOKEN_SECONDS,
    sessionSeconds: parsed.PRAETOR_SESSION_SECONDS,
    bootstrapPassword: parsed.PRAETOR_BOOTSTRAP_PASSWORD,
    invitationSeconds: parsed.PRAETOR_INVITATION_SECONDS,
    dnsServers: parsed.PRAETOR_DNS_SERVERS?.split(','),
    smtpUrl: parsed.PRAETOR_SMTP_URL,
    smtpFrom: parsed.PRAETOR_SMTP_FROM,
    uiUrl: parsed.PRAETOR_UI_URL ?? parsed.PRAETOR_PUBLIC_URL ?? `http://${shownHost}:${parsed.PRAETOR_PORT}`,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
